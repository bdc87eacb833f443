"""Oppgavekøen: det et menneske må gjøre, eid av en person eller en rolle, med frist."""

from datetime import date, datetime

from sqlalchemy import Index, String
from sqlmodel import Field

from modeller.regler.begreper import Oppgavestatus, Rolle
from modeller.tabeller.felles import Rad


class Oppgave(Rad, table=True):
    """En oppgave i køen, koblet til objektet den gjelder; nøkkelen hindrer duplikater ved ny kjøring."""

    __table_args__ = (
        Index("ix_oppgave_status_frist", "status", "frist"),
        Index("ix_oppgave_objekt", "objekt_type", "objekt_id"),
        # Køen per bruker og per rolle, og lederens tellinger per type (dashbordet med 100 000 personer).
        Index("ix_oppgave_eier_status_frist", "eier_id", "status", "frist"),
        Index("ix_oppgave_status_rolle_frist", "status", "eier_rolle", "frist"),
        Index("ix_oppgave_status_type", "status", "oppgavetype"),
    )

    oppgavetype: str = Field(max_length=40, index=True)
    tittel: str = Field(max_length=200)
    nokkel: str = Field(max_length=200, unique=True)
    eier_id: int | None = Field(default=None, foreign_key="systembruker.id", index=True)
    eier_rolle: Rolle | None = Field(default=None, sa_type=String(20))
    frist: date
    status: Oppgavestatus = Field(default=Oppgavestatus.APEN, sa_type=String(12))
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    sak_id: int | None = Field(default=None, foreign_key="sak.id", index=True)
    objekt_type: str = Field(default="", max_length=30)
    objekt_id: int | None = None
    fullfort: datetime | None = None
    fullfort_av: str | None = Field(default=None, max_length=200)
    notat: str | None = None
    avbrutt_grunn: str | None = Field(default=None, max_length=200)
    eskalert: date | None = None
