"""Koordinatoroppdrag og individuell plan med mål, tiltak og evalueringer."""

from datetime import date

from sqlalchemy import Index, String, text
from sqlmodel import Field

from modeller.regler.begreper import Koordinatorrolle, Planslutt, Planstatus
from modeller.tabeller.felles import Rad


class Koordinatoroppdrag(Rad, table=True):
    """En koordinator eller barnekoordinator for en person i en periode (hol §§ 7-2, 7-2 a)."""

    person_id: int = Field(foreign_key="person.id", index=True)
    tjenesteyter_id: int = Field(foreign_key="tjenesteyter.id", index=True)
    rolle: Koordinatorrolle = Field(sa_type=String(20))
    fra: date = Field(index=True)
    til: date | None = Field(default=None, index=True)
    # Barnekoordinator: 18-årsdagen (001_c5df1bb6b580be91.txt L785).
    planlagt_slutt: date | None = Field(default=None, index=True)
    brukers_onske: str | None = Field(default=None, max_length=300)
    onsket_tjenesteyter_id: int | None = Field(default=None, foreign_key="tjenesteyter.id")
    begrunnelse: str = Field(default="", max_length=500)
    oppnevnt_av: str = Field(default="", max_length=200)
    sluttgrunn: str | None = Field(default=None, max_length=200)


class IndividuellPlan(Rad, table=True):
    """Individuell plan: status, periode, neste revisjon og avslutning; én aktiv plan per person (K13)."""

    __tablename__ = "individuell_plan"
    __table_args__ = (
        Index(
            "uq_plan_en_aktiv_per_person",
            "person_id",
            unique=True,
            sqlite_where=text("status != 'avsluttet'"),
            postgresql_where=text("status != 'avsluttet'"),
        ),
    )

    person_id: int = Field(foreign_key="person.id", index=True)
    referanse: str = Field(max_length=12, unique=True)
    status: Planstatus = Field(default=Planstatus.UTKAST, sa_type=String(12))
    periode_fra: date | None = None
    periode_til: date | None = None
    neste_revisjon: date | None = Field(default=None, index=True)
    # Innholdet i forskriften § 19 a, d og i (lovkrav-og-forbilder.md B.2).
    ressurser_og_behov: str = ""
    bidrag: str = ""
    samarbeid: str = ""
    avsluttet_dato: date | None = None
    sluttgrunn: Planslutt | None = Field(default=None, sa_type=String(20))
    sluttmerknad: str | None = Field(default=None, max_length=500)
    versjon: int = 1


class Mal(Rad, table=True):
    """Et mål i planen, med livsområde; delmål peker på hovedmålet."""

    plan_id: int = Field(foreign_key="individuell_plan.id", index=True)
    hovedmal_id: int | None = Field(default=None, foreign_key="mal.id")
    beskrivelse: str
    livsomrade: str = Field(default="", max_length=60)
    status: str = Field(default="aktiv", max_length=12)


class Tiltak(Rad, table=True):
    """Et tiltak med ansvarlig tjenesteyter og evalueringsdato (§ 19 e–f; lovkrav K15)."""

    plan_id: int = Field(foreign_key="individuell_plan.id", index=True)
    mal_id: int | None = Field(default=None, foreign_key="mal.id")
    beskrivelse: str
    omfang: str = ""
    gjennomforing: str = ""
    ansvarlig_id: int = Field(foreign_key="tjenesteyter.id", index=True)
    start: date
    evalueringsdato: date = Field(index=True)
    status: str = Field(default="aktiv", max_length=12)


class Evaluering(Rad, table=True):
    """En evaluering av et tiltak, fristen den svarte på og neste evalueringsdato."""

    tiltak_id: int = Field(foreign_key="tiltak.id", index=True)
    dato: date
    # Tiltakets evalueringsdato da evalueringen ble registrert (None: ukjent, eldre rader uten forrige evaluering).
    frist: date | None = None
    vurdering: str
    maloppnaelse: str = Field(default="delvis", max_length=12)
    neste_evalueringsdato: date | None = None
    evaluert_av: str = Field(default="", max_length=200)
