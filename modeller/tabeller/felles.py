"""Felles byggeklosser for tabellene: primærnøkkel, opprettet-tidspunkt (UTC) og tilfeldige referanser."""

import secrets
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel

# Referanser i e-post og lenker: tilfeldige, aldri avledet av fødselsnummer (sikkerhet-og-drift.md R-MAIL1).
_ALFABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def utc_na() -> datetime:
    """Nåtid i UTC for tekniske tidsstempler (opprettet/endret)."""
    return datetime.now(UTC)


def ny_referanse(prefiks: str) -> str:
    """Lag en tilfeldig, ugjennomsiktig referanse som `P-7F3A9C2K`."""
    return prefiks + "-" + "".join(secrets.choice(_ALFABET) for _ in range(8))


class Rad(SQLModel):
    """Primærnøkkel og opprettet-tidspunkt som alle tabeller har."""

    id: int | None = Field(default=None, primary_key=True)
    opprettet: datetime = Field(default_factory=utc_na)
