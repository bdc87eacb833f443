"""Saken i KE: meldinger, samtykker, vedtak og klager."""

from datetime import date

from sqlalchemy import Index, String
from sqlmodel import Field

from modeller.regler.begreper import (
    Kanal,
    Klageinstans,
    Klagerute,
    Klagestatus,
    Meldingskilde,
    SamtykkeGiver,
    Tiltakstype,
    Utfall,
)
from modeller.tabeller.felles import Rad, ny_referanse


class Sak(Rad, table=True):
    """KE-saken for én person: fra første melding til vedtak og oppfølging (kilderegler.md §3.15)."""

    __table_args__ = (Index("ix_sak_status_mottatt", "status", "mottatt"),)

    person_id: int = Field(foreign_key="person.id", index=True)
    referanse: str = Field(default_factory=lambda: ny_referanse("S"), max_length=12, unique=True)
    status: str = Field(default="apen", max_length=20)  # apen | vedtatt | avsluttet
    mottatt: date
    saksbehandler_id: int | None = Field(default=None, foreign_key="systembruker.id", index=True)
    forelopig_svar_sendt: date | None = None
    forventet_vedtaksdato: date | None = None
    avsluttet: date | None = None
    avslutningsgrunn: str | None = Field(default=None, max_length=200)
    versjon: int = 1


class Melding(Rad, table=True):
    """En melding om behov for IP/koordinator (hpl § 38 a; lovkrav K1)."""

    person_id: int = Field(foreign_key="person.id", index=True)
    sak_id: int = Field(foreign_key="sak.id", index=True)
    kilde: Meldingskilde = Field(sa_type=String(30))
    avsender_navn: str = Field(max_length=200)
    avsender_virksomhet: str | None = Field(default=None, max_length=200)
    mottatt: date = Field(index=True)
    kanal: Kanal = Field(sa_type=String(30))
    samtykke_vedlagt: bool = False
    gjelder: Tiltakstype = Field(default=Tiltakstype.IP, sa_type=String(20))
    registrert_av: int | None = Field(default=None, foreign_key="systembruker.id")


class Samtykke(Rad, table=True):
    """Samtykke: hvem ga det og på hvilket grunnlag, omfang, gyldighet og tilbaketrekking (lovkrav K3–K6)."""

    person_id: int = Field(foreign_key="person.id", index=True)
    gitt_av: SamtykkeGiver = Field(sa_type=String(20))
    gitt_av_navn: str = Field(max_length=200)
    relasjon_id: int | None = Field(default=None, foreign_key="relasjon.id")
    grunnlag: str = Field(default="", max_length=300)
    skriftlig: bool = True
    manglende_kompetanse_begrunnelse: str | None = None
    omfang_koordinator: bool = False
    omfang_ip: bool = False
    omfang_deling: bool = False
    gitt: date
    gyldig_til: date | None = Field(default=None, index=True)
    trukket: date | None = Field(default=None, index=True)
    trukket_grunn: str | None = Field(default=None, max_length=300)
    registrert_av: int | None = Field(default=None, foreign_key="systembruker.id")


class SamtykkeDeling(Rad, table=True):
    """Hvilke navngitte tjenesteytere samtykket lar få taushetsbelagte opplysninger (§ 19 h; lovkrav K5)."""

    samtykke_id: int = Field(foreign_key="samtykke.id", index=True)
    tjenesteyter_id: int = Field(foreign_key="tjenesteyter.id", index=True)


class Vedtak(Rad, table=True):
    """Et vedtak: utfall, hvem som fattet det, underretning, klagefrist, tidsbegrensning og revurdering."""

    sak_id: int = Field(foreign_key="sak.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    tiltak: Tiltakstype = Field(sa_type=String(20))
    tjenestetype_id: int | None = Field(default=None, foreign_key="tjenestetype.id")
    utfall: Utfall = Field(sa_type=String(12))
    fattet_av: str = Field(max_length=200)
    fattet_av_id: int | None = Field(default=None, foreign_key="systembruker.id")
    fattet_dato: date
    underrettet_dato: date | None = None
    mottatt_dato: date | None = None
    klagerute: Klagerute = Field(sa_type=String(20))
    klagefrist: date | None = Field(default=None, index=True)
    klageinstans: Klageinstans | None = Field(default=None, sa_type=String(20))
    tidsbegrenset_til: date | None = Field(default=None, index=True)
    revurdering_dato: date | None = Field(default=None, index=True)
    endelig: bool = False
    erstattet_av_id: int | None = Field(default=None, foreign_key="vedtak.id")
    begrunnelse: str = ""


class Klage(Rad, table=True):
    """En klage på et vedtak: mottak, fristvurdering, omgjøring eller oversending (lovkrav K18–K19)."""

    vedtak_id: int = Field(foreign_key="vedtak.id", index=True)
    mottatt: date
    klager: str = Field(default="bruker", max_length=30)
    for_sent: bool = False
    status: Klagestatus = Field(default=Klagestatus.MOTTATT, sa_type=String(20), index=True)
    oversendt_til: Klageinstans | None = Field(default=None, sa_type=String(20))
    oversendt_dato: date | None = None
    utfall: str | None = Field(default=None, max_length=30)
    avgjort_dato: date | None = None
    nytt_vedtak_id: int | None = Field(default=None, foreign_key="vedtak.id")
    merknad: str = ""


__all__ = ["Klage", "Melding", "Sak", "Samtykke", "SamtykkeDeling", "Vedtak"]
