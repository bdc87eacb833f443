"""`enheten rapport kvartal|nokkeltall|kpr` mot en demokommune (lag_demo), på SQLite og PostgreSQL."""

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from typer.testing import CliRunner

from flyter.cli import app
from modeller import oppsett
from modeller.db import lesing
from modeller.kalender import lokalt_tidspunkt
from modeller.regler.begreper import Gruppetype, Motestatus, Oppgavestatus
from modeller.tabeller import Gruppe, Mote, Oppgave, Rapport
from modeller.tjenester.leder import KODER
from tests.db_fiks import url_for

KVARTAL = ["rapport", "kvartal", "--ar", "2027", "--kvartal", "1", "--dato", "2027-04-02"]


@pytest.fixture
def cli(motor: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Kommandolinjen mot en demokommune (60 personer, 1. mars 2027) i en tom testdatabase."""
    monkeypatch.setenv("ENHETEN_DATABASE_URL", url_for(motor))
    monkeypatch.setenv("ENHETEN_DATAMAPPE", str(tmp_path / "data"))
    oppsett.avhengigheter.cache_clear()
    runner = CliRunner()
    demo = runner.invoke(app, ["demo", "--personer", "60", "--seed", "3", "--dato", "2027-03-01"])
    assert demo.exit_code == 0, demo.output
    yield runner
    oppsett.avhengigheter().motor.dispose()
    oppsett.avhengigheter.cache_clear()


def _ke_moter(motor: Engine) -> int:
    slutt = lokalt_tidspunkt(date(2027, 4, 1), time(0))
    with lesing(motor) as okt:
        return int(okt.exec(select(func.count()).select_from(Mote).join(Gruppe).where(
            col(Gruppe.gruppetype) == Gruppetype.KE_GRUPPE, col(Mote.status) == Motestatus.GJENNOMFORT,
            col(Mote.start) >= lokalt_tidspunkt(date(2027, 1, 1), time(0)), col(Mote.start) < slutt)).one())


def _forfalte(motor: Engine) -> int:
    with lesing(motor) as okt:
        return int(okt.exec(select(func.count()).select_from(Oppgave).where(
            col(Oppgave.status) == Oppgavestatus.APEN, col(Oppgave.frist) < date(2027, 3, 31))).one())


def test_kvartal_json_viser_hver_plikt_med_kilde_status_og_antall(cli: CliRunner, motor: Engine) -> None:
    resultat = cli.invoke(app, KVARTAL)
    assert resultat.exit_code == 0, resultat.output
    rapport = json.loads(resultat.output)
    assert (rapport["periode"], rapport["dato"], rapport["ferdig"]) == ("2027-K1", "2027-03-31", True)
    assert [f["kode"] for f in rapport["funn"]] == list(KODER)
    for funn in rapport["funn"]:
        assert funn["regel"] and funn["kilde"] and funn["tittel"], funn
        assert funn["status"] in {"ok", "advarsel", "brudd"}
        assert isinstance(funn["antall"], int) and funn["antall"] >= 0
        assert (funn["status"] == "ok") == (funn["antall"] == 0) or funn["kode"] in {"ke_gruppe", "samhandlingsforum"}
        assert "saker" not in funn
    assert re.search(r"004_cca943988ffadea5\.txt L184", rapport["funn"][0]["kilde"])
    assert rapport["avvik"] == sum(f["status"] != "ok" for f in rapport["funn"])
    antall = {f["kode"]: f["antall"] for f in rapport["funn"]}
    assert antall["ke_gruppe"] == _ke_moter(motor) > 0
    assert antall["forfalte_oppgaver"] == _forfalte(motor) > 0
    with lesing(motor) as okt:
        assert okt.exec(select(Rapport.periode)).all() == ["2027-K1"]


def test_kvartal_csv_og_med_saker(cli: CliRunner) -> None:
    resultat = cli.invoke(app, [*KVARTAL, "--format", "csv"])
    assert resultat.exit_code == 0, resultat.output
    rader = list(csv.DictReader(io.StringIO(resultat.output), delimiter=";"))
    assert [r["kode"] for r in rader] == list(KODER)
    assert {"status", "antall", "regel", "kilde"} <= set(rader[0])
    med = json.loads(cli.invoke(app, [*KVARTAL, "--med-saker", "--som", "leder"]).output)
    saker = [s for f in med["funn"] for s in f["saker"]]
    assert saker and all(re.fullmatch(r"(P|S|IP)-[0-9A-Z]{8}", s) for s in saker)


def test_kvartal_feil_gir_norske_meldinger_og_koder(cli: CliRunner) -> None:
    nektet = cli.invoke(app, [*KVARTAL, "--som", "koordinator"])
    assert nektet.exit_code == 1 and "Bare lederen" in nektet.output
    galt = cli.invoke(app, ["rapport", "kvartal", "--ar", "2027", "--kvartal", "5"])
    assert galt.exit_code == 2 and "--kvartal: må være 1, 2, 3 eller 4." in galt.output
    framtid = cli.invoke(app, ["rapport", "kvartal", "--ar", "2030", "--kvartal", "1", "--dato", "2027-04-02"])
    assert framtid.exit_code == 1 and "2030-K1 har ikke begynt ennå" in framtid.output
    ukjent = cli.invoke(app, [*KVARTAL, "--som", "finnes_ikke"])
    assert ukjent.exit_code == 2 and "fant ingen aktiv bruker" in ukjent.output


def test_nokkeltall_json_og_tabell(cli: CliRunner) -> None:
    resultat = cli.invoke(app, ["rapport", "nokkeltall", "--ar", "2027", "--kvartal", "1", "--dato", "2027-04-02",
                                "--json"])
    assert resultat.exit_code == 0, resultat.output
    tall = json.loads(resultat.output)
    assert [p["periode"] for p in tall["perioder"]] == ["2026-K1", "2026-K2", "2026-K3", "2026-K4", "2027-K1"]
    gjeldende = tall["perioder"][-1]
    assert gjeldende["dager_til_vedtak"]["antall"] > 0 and gjeldende["med_ip"] > 0
    tabell = cli.invoke(app, ["rapport", "nokkeltall", "--ar", "2026", "--dato", "2027-04-02", "--tidligere", "1"])
    assert tabell.exit_code == 0 and tabell.output.splitlines()[0].startswith("Periode")
    assert [linje.split()[0] for linje in tabell.output.splitlines()[1:]] == ["2025", "2026"]


def test_kpr_skriver_filen_og_skriver_stien(cli: CliRunner, tmp_path: Path) -> None:
    resultat = cli.invoke(app, ["rapport", "kpr", "--ar", "2026", "--dato", "2027-01-05"])
    assert resultat.exit_code == 0, resultat.output
    sti = tmp_path / "data" / "eksport" / "kpr-9999-2026.csv"
    antall = int(re.search(r"Skrev (\d+) personer", resultat.output).group(1))  # type: ignore[union-attr]
    assert str(sti) in resultat.output and antall > 0
    assert len(sti.read_text(encoding="utf-8-sig").splitlines()) == antall + 1
    nektet = cli.invoke(app, ["rapport", "kpr", "--ar", "2026", "--som", "saksbehandler"])
    assert nektet.exit_code == 1 and "Bare lederen" in nektet.output
