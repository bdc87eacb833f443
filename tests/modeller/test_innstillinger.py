"""Innstillingene: hver regelparameter kan settes per kommune med prefikset ENHETEN_, med dokumentert standard."""

import dataclasses

import pytest

from modeller.innstillinger import Innstillinger
from modeller.regler.parametre import KlagefristStart, Regelverk


def test_hver_regelparameter_kan_settes_per_kommune() -> None:
    mangler = [f.name for f in dataclasses.fields(Regelverk) if f.name not in Innstillinger.model_fields]
    assert mangler == []


def test_standardverdiene_er_de_dokumenterte() -> None:
    assert Innstillinger().regelverk() == Regelverk()


@pytest.mark.parametrize(("miljo", "felt", "verdi"), [
    ("ENHETEN_KLAGEFRIST_UKER_LOVPALAGT", "klagefrist_uker_lovpalagt", 6),
    ("ENHETEN_FORELOPIG_SVAR_UKER", "forelopig_svar_uker", 3),
    ("ENHETEN_SAMTYKKEALDER", "samtykkealder", 15),
    ("ENHETEN_KE_GRUPPE_MIN_MOTER_PER_AR", "ke_gruppe_min_moter_per_ar", 6),
])
def test_miljovariabler_overstyrer(monkeypatch: pytest.MonkeyPatch, miljo: str, felt: str, verdi: int) -> None:
    monkeypatch.setenv(miljo, str(verdi))
    assert getattr(Innstillinger().regelverk(), felt) == verdi


def test_klagefrist_start_og_paminnelser_fra_miljo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENHETEN_KLAGEFRIST_START", "underrettet")
    monkeypatch.setenv("ENHETEN_PAMINNELSE_DAGER_FOR", "[21, 7, 1]")
    regelverk = Innstillinger().regelverk()
    assert regelverk.klagefrist_start is KlagefristStart.UNDERRETTET
    assert regelverk.paminnelse_dager_for == (21, 7, 1)


def test_standard_database_er_sqlite_i_datamappen(tmp_path: object) -> None:
    innst = Innstillinger(datamappe=tmp_path)  # type: ignore[arg-type]
    assert innst.database.startswith("sqlite:///") and innst.database.endswith("enheten.db")


def test_demo_tillater_syntetiske_identer() -> None:
    assert Innstillinger(demo=True).regelverk().tillat_syntetiske_identer is True
    assert Innstillinger().regelverk().tillat_syntetiske_identer is False
