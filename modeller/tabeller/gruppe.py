"""Møteserier: ansvarsgrupper, KE-gruppen og samhandlingsforum, med medlemmer over tid og møter.

Et møte registrerer aldri et vedtak: ansvarsgruppen har ingen vedtaksmyndighet
(001_c5df1bb6b580be91.txt L797–798; lovkrav K21). Tabellen har derfor ingen kobling til vedtak.
"""

from datetime import date, datetime

from sqlalchemy import Index, String
from sqlmodel import Field

from modeller.regler.begreper import Gruppetype, Motestatus
from modeller.tabeller.felles import Rad


class Gruppe(Rad, table=True):
    """En møteserie; ansvarsgrupper tilhører en person, KE-gruppen og samhandlingsforum gjør ikke det."""

    gruppetype: Gruppetype = Field(sa_type=String(20), index=True)
    navn: str = Field(max_length=200)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    opprettet_dato: date
    avsluttet_dato: date | None = None
    intervall_uker: int = 12
    sted: str = Field(default="", max_length=200)


class Gruppemedlem(Rad, table=True):
    """Et medlem i en gruppe med rolle og periode; bruker og pårørende kan også være medlemmer."""

    gruppe_id: int = Field(foreign_key="gruppe.id", index=True)
    tjenesteyter_id: int | None = Field(default=None, foreign_key="tjenesteyter.id", index=True)
    relasjon_id: int | None = Field(default=None, foreign_key="relasjon.id")
    er_bruker: bool = False
    rolle: str = Field(default="medlem", max_length=30)
    fra: date
    til: date | None = None


class Mote(Rad, table=True):
    """Et møte: planlagt tid, status og referat; UID og sekvens for kalenderinvitasjonen."""

    __table_args__ = (Index("ix_mote_status_start", "status", "start"),)

    gruppe_id: int = Field(foreign_key="gruppe.id", index=True)
    start: datetime
    slutt: datetime
    sted: str = Field(default="", max_length=200)
    status: Motestatus = Field(default=Motestatus.PLANLAGT, sa_type=String(12))
    referat: str | None = None
    referat_skrevet: datetime | None = None
    uid: str = Field(max_length=100, unique=True)
    sekvens: int = 0
