"""Databasemotor og arbeidsenhet: SQLite (WAL, fremmednøkler, ventetid) eller PostgreSQL (psycopg 3)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def lag_motor(url: str, **kwargs: Any) -> Engine:
    """Lag én motor per prosess; SQLite får WAL, fremmednøkler og ventetid ved lås.

    `hide_parameters`: en feilmelding fra databasen viser setningen, men aldri verdiene (fødselsnumre og navn
    skal ikke havne i en logg eller på skjermen).
    """
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        motor = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(motor, "connect", _sqlite_pragmaer)
        event.listen(motor, "begin", _sqlite_begin_immediate)
        return motor
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmaer(dbapi_conn: Any, _record: Any) -> None:
    # Egen transaksjonsstyring slik at vi kan starte med BEGIN IMMEDIATE (sikkerhet-og-drift.md §3.5).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Skrivelåsen tas med en gang, så en transaksjon som leser først ikke får SQLITE_BUSY senere.
    # Rene lesinger (se `lesing`) starter uten lås, så sider og rapporter ikke venter på hverandre.
    if conn.get_execution_options().get("kun_lesing"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def er_sqlite(motor: Engine) -> bool:
    """Sann når motoren går mot SQLite."""
    return motor.dialect.name == "sqlite"


@contextmanager
def arbeidsenhet(motor: Engine) -> Iterator[Session]:
    """Én transaksjon: committes når blokken går gjennom, rulles tilbake ellers."""
    with Session(motor, expire_on_commit=False) as okt:
        try:
            yield okt
            okt.commit()
        except BaseException:
            okt.rollback()
            raise


@contextmanager
def lesing(motor: Engine) -> Iterator[Session]:
    """Én lesetransaksjon uten skrivelås; endringer rulles tilbake."""
    with Session(motor.execution_options(kun_lesing=True), expire_on_commit=False) as okt:
        try:
            yield okt
        finally:
            okt.rollback()
