"""Kommandolinjen `enheten`: init, demo, oppgaver, importer, varsler — mot SQLite og PostgreSQL."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from flyter.cli import app
from modeller import oppsett
from tests.db_fiks import url_for

ROT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli(motor: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Kommandolinjen pekt mot en tom, migrert testdatabase og en egen datamappe."""
    monkeypatch.setenv("ENHETEN_DATABASE_URL", url_for(motor))
    monkeypatch.setenv("ENHETEN_DATAMAPPE", str(tmp_path / "data"))
    oppsett.avhengigheter.cache_clear()
    yield CliRunner()
    oppsett.avhengigheter().motor.dispose()
    oppsett.avhengigheter.cache_clear()


def test_init_demo_og_oppgaver_json(cli: CliRunner, tmp_path: Path) -> None:
    assert cli.invoke(app, ["init"]).exit_code == 0
    demo = cli.invoke(app, ["demo", "--personer", "60", "--seed", "3", "--dato", "2027-03-01"])
    assert demo.exit_code == 0, demo.output
    assert "brukernavn «koordinator», passord «koordinator»" in demo.output
    assert (tmp_path / "data" / "DEMO").exists()
    resultat = cli.invoke(app, ["oppgaver", "--json", "--grense", "1000"])
    assert resultat.exit_code == 0, resultat.output
    oppgaver = json.loads(resultat.output)
    assert oppgaver and {"id", "type", "frist", "status"} <= set(oppgaver[0])
    assert {o["status"] for o in oppgaver} == {"apen"}
    frister = [(not o["forfalt"], o["frist"]) for o in oppgaver]
    assert frister == sorted(frister), "forfalte først, så etter frist"


def test_oppgave_fullfor_og_feil_id(cli: CliRunner) -> None:
    assert cli.invoke(app, ["demo", "--personer", "40", "--dato", "2027-03-01"]).exit_code == 0
    forste = json.loads(cli.invoke(app, ["oppgaver", "--json"]).output)[0]
    ok = cli.invoke(app, ["oppgave", "fullfor", str(forste["id"]), "--notat", "Ringte foresatte"])
    assert ok.exit_code == 0, ok.output
    igjen = cli.invoke(app, ["oppgave", "fullfor", str(forste["id"])])
    assert igjen.exit_code == 1 and "allerede fullført" in igjen.output
    ukjent = cli.invoke(app, ["oppgave", "fullfor", "999999"])
    assert ukjent.exit_code == 1 and "Fant ingen oppgave" in ukjent.output
    fullforte = json.loads(cli.invoke(app, ["oppgaver", "--json", "--status", "fullfort"]).output)
    assert [o["id"] for o in fullforte] == [forste["id"]]


def test_importer_eksempel_to_ganger(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENHETEN_TILLAT_SYNTETISKE_IDENTER", "true")
    oppsett.avhengigheter.cache_clear()
    fil = str(ROT / "docs" / "eksempel-import.json")
    forste = cli.invoke(app, ["importer", fil, "--json"])
    assert forste.exit_code == 0, forste.output
    assert sum(json.loads(forste.output)["nye"].values()) > 0
    andre = json.loads(cli.invoke(app, ["importer", fil, "--json"]).output)
    assert sum(andre["nye"].values()) == 0 and sum(andre["endret"].values()) == 0


def test_importer_med_feil_skriver_ingenting_og_gir_kode_1(cli: CliRunner, tmp_path: Path) -> None:
    fil = tmp_path / "feil.json"
    fil.write_text('{"personer": [{"identitetsnummer": "12345678901", "fornavn": "A", "etternavn": "B"}]}',
                   encoding="utf-8")
    resultat = cli.invoke(app, ["importer", str(fil)])
    assert resultat.exit_code == 1
    assert "personer[0].identitetsnummer" in resultat.output and "ingenting er skrevet" in resultat.output


def test_varsler_json_etter_demo(cli: CliRunner) -> None:
    assert cli.invoke(app, ["demo", "--personer", "60", "--dato", "2027-03-01"]).exit_code == 0
    rader = json.loads(cli.invoke(app, ["varsler", "--json", "--grense", "5000"]).output)
    assert rader, "demoen skal gi påminnelser i utboksen"
    assert {r["status"] for r in rader} <= {"venter", "sendt", "dod", "kansellert", "sender"}
    tekst = json.dumps(rader, ensure_ascii=False)
    assert "fodselsnummer" not in tekst and "identitetsnummer" not in tekst


@pytest.mark.parametrize(("argv", "kode", "tekst"), [
    (["oppgaver", "--status", "tull"], 2, "tull"),
    (["kjor", "finnes_ikke"], 2, "Ukjent flyt"),
    (["demo", "--dato", "1. mars"], 2, "ÅÅÅÅ-MM-DD"),
])
def test_feil_bruk_gir_kode_2(cli: CliRunner, argv: list[str], kode: int, tekst: str) -> None:
    resultat = cli.invoke(app, argv)
    assert resultat.exit_code == kode
    assert tekst in resultat.output


def test_hjelp_finnes_for_alle_kommandoer(cli: CliRunner) -> None:
    for argv in (["--help"], ["init", "--help"], ["demo", "--help"], ["importer", "--help"], ["oppgaver", "--help"],
                 ["oppgave", "fullfor", "--help"], ["varsler", "--help"], ["varsel", "send-pa-nytt", "--help"],
                 ["kjor", "--help"], ["start", "--help"]):
        resultat = cli.invoke(app, argv)
        assert resultat.exit_code == 0 and "Usage" in resultat.output, argv
