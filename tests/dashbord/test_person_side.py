"""Personsiden i AppTest: visning for hver rolle med tilgang, nekt ved endret referanse, logg og skjema."""

import pytest
from sqlmodel import col, select

from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Tilgangslogg
from tests.dashbord.conftest import Apning
from tests.dashbord.verden import Verden


def _logg(avh: Avhengigheter, person_id: int) -> list[tuple[int | None, str, str]]:
    with lesing(avh.motor) as okt:
        return [(r.aktor_id, r.handling, r.hva) for r in okt.exec(
            select(Tilgangslogg).where(col(Tilgangslogg.person_id) == person_id).order_by(col(Tilgangslogg.id)))]


def _tekst(at: object) -> str:
    deler = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]  # type: ignore[attr-defined]
    return " ".join(str(d) for d in deler)


@pytest.mark.parametrize("bruker", ["koordinator", "saksbehandler", "leder"])
def test_person_vises_for_roller_med_tjenstlig_behov(verden: Verden, apne: Apning, avh: Avhengigheter,
                                                       bruker: str) -> None:
    at = apne(getattr(verden, bruker), "person", person=verden.p1_ref)
    assert not at.exception
    assert at.title[0].value == "Anna Ås"
    assert not at.error
    rader = _logg(avh, verden.p1)
    assert rader[-1] == (getattr(verden, bruker), "les", "personoversikt")


def test_endret_referanse_til_annen_koordinators_person_nektes_og_logges(verden: Verden, apne: Apning,
                                                                          avh: Avhengigheter) -> None:
    at = apne(verden.koordinator, "person", person=verden.p2_ref)
    assert not at.exception
    assert "Bjørn" not in _tekst(at)
    assert any("Ingen tilgang" in e.value for e in at.error)
    assert [(a, h) for a, h, _ in _logg(avh, verden.p2)] == [(verden.koordinator, "nektet")]


def test_leder_ser_tilgangsloggen_for_personen(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    apne(verden.koordinator, "person", person=verden.p1_ref)
    at = apne(verden.leder, "person", person=verden.p1_ref)
    assert "Tilgangslogg" in [t.label for t in at.tabs]
    at.toggle(key="vis_logg").set_value(True).run()
    tabell = at.dataframe[0].value
    # Nyeste først; hver visning logges, også navnene i oppgavelisten på startsiden.
    assert list(zip(tabell["Hvem"], tabell["Hva"], strict=True)) == [
        ("Leder", "personoversikt"), ("Leder", "personoversikt"), ("Leder", "navn i oppgavelisten"),
        ("Koordinator", "personoversikt"), ("Koordinator", "navn i oppgavelisten")]
    assert _logg(avh, verden.p1)[-1] == (verden.leder, "les", "tilgangslogg")


def test_koordinator_har_ingen_tilgangslogg_fane(verden: Verden, apne: Apning) -> None:
    at = apne(verden.koordinator, "person", person=verden.p1_ref)
    assert "Tilgangslogg" not in [t.label for t in at.tabs]


def test_uten_valgt_person_vises_veiledning(verden: Verden, apne: Apning) -> None:
    at = apne(verden.koordinator, "person")
    assert at.info[0].value.startswith("Velg en person")
