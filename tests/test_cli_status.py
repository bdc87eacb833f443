"""`enheten status [--json]`: lager aldri en database, og gir kode 1 ved driftsvarsler (her: Prefect svarer ikke)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from flyter.cli import app
from modeller import oppsett
from tests.db_fiks import url_for
from tests.smtp_fiks import ledig_port


@pytest.fixture(autouse=True)
def ren_komposisjon(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ENHETEN_DATABASE_URL", raising=False)
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{ledig_port()}/api")
    oppsett.avhengigheter.cache_clear()
    yield
    oppsett.avhengigheter.cache_clear()


def test_uten_database_en_linje_og_ingenting_opprettet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mappe = tmp_path / "finnes-ikke"
    monkeypatch.setenv("ENHETEN_DATAMAPPE", str(mappe))
    svar = CliRunner().invoke(app, ["status"])
    assert svar.exit_code == 1
    [linje] = svar.output.strip().splitlines()
    assert linje.startswith(f"Feil: fant ingen database i {mappe}") and "enheten init" in linje
    assert not mappe.exists()
    (mappe).mkdir()
    assert CliRunner().invoke(app, ["status", "--json"]).exit_code == 1
    assert list(mappe.iterdir()) == []


def test_status_med_varsel_gir_kode_1_som_tabell_og_json(motor: Engine, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENHETEN_DATABASE_URL", url_for(motor))
    monkeypatch.setenv("ENHETEN_DATAMAPPE", str(tmp_path))
    cli = CliRunner()
    tabell = cli.invoke(app, ["status"])
    assert tabell.exit_code == 1, tabell.output
    assert "Utboks: 0 venter" in tabell.output and "fant ingen logg" in tabell.output
    assert "! Prefect-serveren svarer ikke. Ingen svar fra http://127.0.0.1:" in tabell.output
    assert "Traceback" not in tabell.output
    data = json.loads(cli.invoke(app, ["status", "--json"]).output)
    assert [v["kode"] for v in data["varsler"]] == ["prefect"]
    assert data["utboks"] == {"ventende": 0, "dode": 0, "eldste_forfalt": None, "eldste_minutter_i_arbeidstid": None}
    assert data["prefect_feil"].startswith("Ingen svar fra http://127.0.0.1:")
