"""Alembic-migreringer for databasen; `oppgrader` oppretter eller oppgraderer til siste versjon."""

from pathlib import Path

from alembic import command
from alembic.config import Config

MAPPE = Path(__file__).resolve().parent


def alembic_oppsett(url: str) -> Config:
    """Alembic-konfigurasjon uten alembic.ini, pekt mot denne mappen og gitt database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MAPPE))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def oppgrader(url: str, versjon: str = "head") -> None:
    """Opprett eller oppgrader databasen til `versjon`."""
    command.upgrade(alembic_oppsett(url), versjon)


def nedgrader(url: str, versjon: str) -> None:
    """Nedgrader databasen til `versjon` (brukes i migreringstester)."""
    command.downgrade(alembic_oppsett(url), versjon)
