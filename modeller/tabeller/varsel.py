"""E-postutboksen: én rad per påminnelse, skrevet i samme transaksjon som endringen som gjorde den aktuell."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String
from sqlmodel import Field

from modeller.regler.begreper import Malform, Varselstatus
from modeller.tabeller.felles import Rad


class Varsel(Rad, table=True):
    """En påminnelse i utboksen; nøkkelen (type, objekt, forfallsdato, mottaker) er unik (idempotens)."""

    __table_args__ = (
        Index("ix_varsel_status_neste", "status", "neste_forsok"),
        Index("ix_varsel_objekt", "objekt_type", "objekt_id"),
    )

    nokkel: str = Field(max_length=250, unique=True)
    varseltype: str = Field(max_length=40, index=True)
    mottaker_epost: str = Field(max_length=200)
    kopi_epost: str | None = Field(default=None, max_length=200)
    malform: Malform = Field(default=Malform.BOKMAL, sa_type=String(2))
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    objekt_type: str = Field(default="", max_length=30)
    objekt_id: int | None = None
    forfallsdato: date = Field(index=True)
    kontekst: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ics: str | None = None
    status: Varselstatus = Field(default=Varselstatus.VENTER, sa_type=String(12))
    forsok: int = 0
    neste_forsok: datetime
    lease_til: datetime | None = None
    tatt_av: str | None = Field(default=None, max_length=80)
    message_id: str | None = Field(default=None, max_length=250)
    sendt: datetime | None = None
    siste_feil: str | None = Field(default=None, max_length=500)
