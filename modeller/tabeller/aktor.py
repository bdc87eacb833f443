"""Virksomheter, tjenesteytere, tjenestekatalogen og tjenestene en person mottar."""

from datetime import date

from sqlalchemy import String
from sqlmodel import Field

from modeller.regler.begreper import Instans, Malform, Sektor
from modeller.tabeller.felles import Rad


class Virksomhet(Rad, table=True):
    """En instans eller enhet som yter tjenester, merket med sektor (kilderegler.md §6)."""

    navn: str = Field(max_length=200, unique=True)
    sektor: Sektor = Field(sa_type=String(20))
    instans: Instans = Field(default=Instans.ANNET, sa_type=String(20))
    epost: str | None = Field(default=None, max_length=200)


class Tjenesteyter(Rad, table=True):
    """En ansatt som kan være koordinator, tiltaksansvarlig eller gruppemedlem."""

    navn: str = Field(max_length=200)
    epost: str = Field(max_length=200, unique=True)
    telefon: str | None = Field(default=None, max_length=30)
    virksomhet_id: int = Field(foreign_key="virksomhet.id", index=True)
    stilling: str | None = Field(default=None, max_length=100)
    malform: Malform | None = Field(default=None, sa_type=String(2))
    kan_vaere_koordinator: bool = False
    # Opplæring og veiledning av koordinatorer (hol § 7-3; 001_c5df1bb6b580be91.txt L909–910; lovkrav K9).
    opplaering_dato: date | None = None
    veiledning_sist: date | None = None
    aktiv: bool = True


class Tjenestetype(Rad, table=True):
    """Referansekatalogen over tjenester (kilderegler.md §5.6), med flagg som styrer klageruten."""

    kode: str = Field(max_length=40, unique=True)
    navn: str = Field(max_length=120)
    kategori: str = Field(max_length=60)
    lovpalagt: bool = True
    kan_paklages: bool = True
    typisk_tidsbegrenset: bool = False
    aliaser: str = Field(default="", max_length=300)


class Tjeneste(Rad, table=True):
    """En tjeneste personen mottar, fra en virksomhet, i en periode."""

    person_id: int = Field(foreign_key="person.id", index=True)
    tjenestetype_id: int = Field(foreign_key="tjenestetype.id", index=True)
    virksomhet_id: int = Field(foreign_key="virksomhet.id", index=True)
    fra: date
    til: date | None = None
    # Lovpålagt-flagget kan overstyres per vedtak (kilderegler.md §8 punkt 23).
    lovpalagt: bool = True
