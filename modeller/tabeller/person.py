"""Personen (bruker) og personens representanter og pårørende."""

from datetime import date

from sqlalchemy import String
from sqlmodel import Field

from modeller.regler.begreper import Identtype, Malform, Relasjonstype
from modeller.tabeller.felles import Rad, ny_referanse


class Person(Rad, table=True):
    """En bruker av KE: identitet, fødselsdato, kontakt og foretrukket målform (lovkrav K27)."""

    identitetsnummer: str | None = Field(default=None, max_length=11, unique=True)
    identtype: Identtype = Field(default=Identtype.FNR, sa_type=String(8))
    fodselsdato: date | None = Field(default=None, index=True)
    venter_barn: bool = False
    fornavn: str = Field(max_length=100)
    etternavn: str = Field(max_length=100, index=True)
    telefon: str | None = Field(default=None, max_length=30)
    epost: str | None = Field(default=None, max_length=200)
    adresse: str | None = Field(default=None, max_length=200)
    malform: Malform = Field(default=Malform.BOKMAL, sa_type=String(2))
    kommunenummer: str = Field(max_length=4, default="9999")
    referanse: str = Field(default_factory=lambda: ny_referanse("P"), max_length=12, unique=True)
    versjon: int = 1

    @property
    def navn(self) -> str:
        """Fullt navn til visning i dashbordet (aldri i e-post)."""
        return f"{self.fornavn} {self.etternavn}"


class Relasjon(Rad, table=True):
    """Foresatt, verge, hjelpeverge, pårørende eller fullmektig (kilderegler.md §2.9)."""

    person_id: int = Field(foreign_key="person.id", index=True)
    relasjonstype: Relasjonstype = Field(sa_type=String(20))
    navn: str = Field(max_length=200)
    foreldreansvar: bool = False
    skriftlig_fullmakt: bool = False
    telefon: str | None = Field(default=None, max_length=30)
    epost: str | None = Field(default=None, max_length=200)
    fra: date | None = None
    til: date | None = None
