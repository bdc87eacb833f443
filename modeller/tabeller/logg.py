"""Tilgangsloggen: hvem leste eller endret hva om hvem, når og hvorfor (Normen faktaark 15; lovkrav K24).

Tabellen er bare for tilføying: databasetriggere (se migreringen) avviser UPDATE og DELETE.
"""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from modeller.tabeller.felles import Rad, utc_na


class Tilgangslogg(Rad, table=True):
    """Én rad per lesing, eksport eller endring av en persons opplysninger."""

    __table_args__ = (Index("ix_tilgangslogg_person_tid", "person_id", "tidspunkt"),)

    tidspunkt: datetime = Field(default_factory=utc_na)
    aktor_id: int | None = Field(default=None, foreign_key="systembruker.id", index=True)
    aktor: str = Field(max_length=200)
    rolle: str = Field(max_length=20)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    handling: str = Field(max_length=20)  # les | endre | eksport | nektet
    hva: str = Field(max_length=200)
    hvorfor: str = Field(max_length=300)
    okt: str | None = Field(default=None, max_length=80)
