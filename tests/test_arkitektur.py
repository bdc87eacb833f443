"""Arkitekturen holdes ærlig: sider og flyter skriver ikke SQL, kjernen leser ikke klokka, ingen smtplib."""

import ast
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[1]


# Adaptere som stempler tekniske tidspunkt i øyeblikket de handler (Date-topptekst, opprettet-tidsstempel).
UNNTAK_KLOKKE = {"modeller/tabeller/felles.py", "modeller/epost.py", "modeller/lokal_smtp.py"}


def _importer(fil: Path) -> set[str]:
    tre = ast.parse(fil.read_text(encoding="utf-8"))
    navn: set[str] = set()
    for node in ast.walk(tre):
        if isinstance(node, ast.Import):
            navn.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            navn.add(node.module)
    return navn


def _filer(*mapper: str) -> list[Path]:
    return [f for m in mapper for f in sorted((ROT / m).rglob("*.py"))]


@pytest.mark.parametrize("fil", _filer("dashbord", "flyter"), ids=lambda f: str(f.relative_to(ROT)))
def test_skallene_skriver_ikke_sql(fil: Path) -> None:
    """Sider og flyter kaller bruksområder; de importerer verken sqlalchemy-spørringer eller sqlite3."""
    forbudt = {"sqlite3", "sqlalchemy", "sqlalchemy.orm", "psycopg"}
    assert not (_importer(fil) & forbudt), f"{fil.name} bruker databasen direkte"


@pytest.mark.parametrize("fil", _filer("modeller", "flyter", "dashbord", "tests", "bench"),
                         ids=lambda f: str(f.relative_to(ROT)))
def test_aldri_smtplib(fil: Path) -> None:
    """E-post sendes med aiosmtplib; smtplib er utelukket (produkteierens valg)."""
    assert "smtplib" not in _importer(fil)


@pytest.mark.parametrize("fil", _filer("modeller"), ids=lambda f: str(f.relative_to(ROT)))
def test_kjernen_leser_ikke_klokka(fil: Path) -> None:
    """Bare skallene leser klokka; kjernen får `idag`/`na` som argument (tekniske tidsstempler unntatt)."""
    if fil.relative_to(ROT).as_posix() in UNNTAK_KLOKKE:
        return
    tekst = fil.read_text(encoding="utf-8")
    for monster in ("date.today()", "datetime.now(", "time.time()", "datetime.utcnow("):
        assert monster not in tekst, f"{fil.relative_to(ROT)} leser klokka ({monster})"
