"""Testhjelpere for driftsstatusen: en falsk orkestrering bak `Orkestrering`-protokollen og utboksrader."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from modeller.db import arbeidsenhet
from modeller.orkestrering import IkkeTilgjengelig, Kjoring, Prefectbilde, Utrullingsdata
from modeller.regler.begreper import Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.utboks import legg_i_utboks

ADRESSE = "http://prefect.test/api"


@dataclass
class FalskOrkestrering:
    """Gir det oppgitte bildet, eller hever `IkkeTilgjengelig` når bildet er None; husker kallene."""

    bilde: Prefectbilde | None
    adresse: str = ADRESSE
    kall: list[tuple[datetime, str]] = field(default_factory=list)

    async def les(self, *, na: datetime, flyt: str) -> Prefectbilde:
        self.kall.append((na, flyt))
        if self.bilde is None:
            raise IkkeTilgjengelig(f"Ingen svar fra {self.adresse} (ConnectError).")
        return self.bilde


def kjoring(tilstand: str = "Completed", type_: str = "COMPLETED", *, planlagt: datetime | None = None,
            slutt: datetime | None = None, melding: str | None = None) -> Kjoring:
    return Kjoring(planlagt=planlagt, slutt=slutt, tilstand=tilstand, tilstandstype=type_, melding=melding)


def utrulling(flyt: str, navn: str = "daglig", *, na: datetime, siste: Kjoring | None = None,
              vellykket: Kjoring | None = None, neste: Kjoring | None | str = "om en time",
              tidsplaner: tuple[str, ...] = ("cron 0 6 * * * (Europe/Oslo)",), aktiv: bool = True,
              pauset: bool = False, endret: datetime | None = None) -> Utrullingsdata:
    """En utrulling; standard er en aktiv tidsplan med neste kjøring om en time, endret for to døgn siden."""
    kommende = kjoring("Scheduled", "SCHEDULED", planlagt=na + timedelta(hours=1)) if neste == "om en time" else neste
    assert not isinstance(kommende, str)
    return Utrullingsdata(flyt=flyt, navn=navn, tidsplaner=tidsplaner, har_aktiv_tidsplan=aktiv, pauset=pauset,
                          endret=endret or na - timedelta(days=2), siste=siste, siste_vellykkede=vellykket,
                          neste=kommende)


def legg_varsel(motor: Engine, nr: int, *, neste_forsok: datetime, status: Varselstatus = Varselstatus.VENTER,
                lease_til: datetime | None = None) -> int:
    """En utboksrad i gitt tilstand (uten person), klar fra `neste_forsok`."""
    with arbeidsenhet(motor) as okt:
        v = legg_i_utboks(okt, varseltype="oppgave_forfalt", mottaker_epost=f"m{nr}@kommune.example",
                          forfallsdato=date(2027, 3, 1), objekt_type="oppgave", objekt_id=nr, kontekst={})
        assert v is not None and v.id is not None
        v.status, v.neste_forsok, v.lease_til = status, neste_forsok, lease_til
        okt.add(v)
        return v.id


def varsler(motor: Engine) -> list[Varsel]:
    """Alle rader i utboksen."""
    with arbeidsenhet(motor) as okt:
        return list(okt.exec(select(Varsel).order_by(Varsel.id)))
