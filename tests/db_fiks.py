"""Databasefiksturer: en migrert SQLite-fil per test, og en egen PostgreSQL-database per test når serveren svarer.

Begge lages fra en mal som er migrert med Alembic én gang per testøkt, så testene kjører mot det samme
skjemaet som produksjonen (inkludert triggerne som verner tilgangsloggen).
"""

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from modeller.db import lag_motor
from modeller.migrering import oppgrader

PG_URL = os.environ.get("ENHETEN_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_admin() -> Engine:
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _pg_grunn() -> str | None:
    """Tom streng når PostgreSQL svarer, ellers grunnen til at den ikke gjør det."""
    try:
        with _pg_admin().connect() as c:
            c.execute(text("select 1"))
        return None
    except Exception as feil:  # noqa: BLE001 - enhver tilkoblingsfeil betyr «ikke tilgjengelig»
        return f"PostgreSQL svarer ikke på {make_url(PG_URL).host}:{make_url(PG_URL).port} ({type(feil).__name__})"


def _pg_url(database: str) -> str:
    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_mal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """En SQLite-fil migrert til siste versjon, kopieres for hver test."""
    fil = tmp_path_factory.mktemp("mal") / "mal.db"
    url = f"sqlite:///{fil}"
    oppgrader(url)
    tilkobling = sqlite3.connect(fil)
    tilkobling.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tilkobling.close()
    return fil


@pytest.fixture(scope="session")
def pg_mal() -> Iterator[str]:
    """En PostgreSQL-database migrert til siste versjon, brukt som TEMPLATE; hoppes over uten server."""
    grunn = _pg_grunn()
    if grunn:
        pytest.skip(grunn)
    navn = f"enheten_mal_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    oppgrader(_pg_url(navn))
    yield navn
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))
    admin.dispose()


def sqlite_url(sqlite_mal: Path, mappe: Path) -> str:
    """Kopier malen til `mappe` og gi URL-en."""
    fil = mappe / "enheten.db"
    shutil.copy(sqlite_mal, fil)
    return f"sqlite:///{fil}"


@pytest.fixture
def sqlite_motor(sqlite_mal: Path, tmp_path: Path) -> Iterator[Engine]:
    """En migrert SQLite-database for én test."""
    motor = lag_motor(sqlite_url(sqlite_mal, tmp_path))
    yield motor
    motor.dispose()


@pytest.fixture
def pg_motor(pg_mal: str) -> Iterator[Engine]:
    """En migrert PostgreSQL-database for én test (laget fra malen, slettet etterpå)."""
    navn = f"enheten_t_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}" TEMPLATE "{pg_mal}"'))
    motor = lag_motor(_pg_url(navn))
    yield motor
    motor.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def motor(request: pytest.FixtureRequest) -> Engine:
    """Samme test mot SQLite og mot PostgreSQL (den siste hoppes over med grunn når serveren mangler)."""
    navn = "sqlite_motor" if request.param == "sqlite" else "pg_motor"
    return request.getfixturevalue(navn)  # type: ignore[no-any-return]


def url_for(motor: Engine) -> str:
    """URL-en til motoren, med passord, for kode som lager sin egen motor (CLI, flyter, dashbord)."""
    return motor.url.render_as_string(hide_password=False)
