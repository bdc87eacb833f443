"""Utboksen for mennesker: list rader med tilstand, tell per status, og send døde eller kansellerte på nytt.

Radene vises uten personopplysninger (ingen person, ingen malinnhold): type, mottakeradresse (tjenesteyterens
jobbadresse fra registeret), forfall, tilstand, forsøk, Message-ID og siste feil (sikkerhet-og-drift.md §3.4).
En død rad sendes aldri automatisk igjen; `send_pa_nytt` er det manuelle steget, og det logges.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlmodel
from sqlalchemy import func, select
from sqlmodel import col

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavetype, Rolle, Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.feil import IkkeFunnet, IngenTilgang, Valideringsfeil
from modeller.tjenester.oppgaver import lukk_oppgaver
from modeller.tjenester.tilgang import Aktor, logg

MAKS_GRENSE = 10_000
KAN_SENDE_PA_NYTT = frozenset({Rolle.LEDER, Rolle.SAKSBEHANDLER})


@dataclass(frozen=True)
class Varselrad:
    """Én rad i utboksen slik KE ser den (uten personopplysninger)."""

    id: int
    varseltype: str
    mottaker_epost: str
    kopi_epost: str | None
    forfallsdato: date
    status: str
    forsok: int
    neste_forsok: datetime
    sendt: datetime | None
    message_id: str | None
    siste_feil: str | None


def _rad(v: Varsel) -> Varselrad:
    return Varselrad(
        id=int(v.id or 0), varseltype=v.varseltype, mottaker_epost=v.mottaker_epost, kopi_epost=v.kopi_epost,
        forfallsdato=v.forfallsdato, status=str(v.status), forsok=v.forsok, neste_forsok=v.neste_forsok,
        sendt=v.sendt, message_id=v.message_id, siste_feil=v.siste_feil,
    )


def _sjekk_side(grense: int, forskyvning: int) -> None:
    """Sidedelingen må være fornuftig før noe leses."""
    if not 1 <= grense <= MAKS_GRENSE:
        raise Valideringsfeil.en("grense", f"Antall rader må være mellom 1 og {MAKS_GRENSE}.")
    if forskyvning < 0:
        raise Valideringsfeil.en("forskyvning", "Forskyvningen kan ikke være negativ.")


def list_varsler(avh: Avhengigheter, *, status: Varselstatus | str | None = None, grense: int = 50,
                 forskyvning: int = 0) -> list[Varselrad]:
    """Rader i utboksen, nyeste først, eventuelt bare én status; sidedelt i SQL."""
    _sjekk_side(grense, forskyvning)
    if status is not None and str(status) not in {s.value for s in Varselstatus}:
        raise Valideringsfeil.en("status", f"Ukjent status «{status}».")
    sporring = sqlmodel.select(Varsel)
    if status is not None:
        sporring = sporring.where(col(Varsel.status) == str(status))
    sporring = sporring.order_by(col(Varsel.id).desc()).offset(forskyvning).limit(grense)
    with lesing(avh.motor) as okt:
        return [_rad(v) for v in okt.exec(sporring)]


def dode_varsler(avh: Avhengigheter, *, grense: int = 50, forskyvning: int = 0) -> list[Varselrad]:
    """Døde rader (permanent feil eller for mange forsøk) som venter på et menneske."""
    return list_varsler(avh, status=Varselstatus.DOD, grense=grense, forskyvning=forskyvning)


def tell_varsler(avh: Avhengigheter) -> dict[str, int]:
    """Antall rader per status (alle statuser er med, også de med null)."""
    with lesing(avh.motor) as okt:
        rader = okt.connection().execute(
            select(col(Varsel.status), func.count()).group_by(col(Varsel.status))
        ).all()
    antall = {s.value: 0 for s in Varselstatus}
    antall.update({str(status): int(n) for status, n in rader})
    return antall


def send_pa_nytt(avh: Avhengigheter, aktor: Aktor, varsel_id: int, *, na: datetime) -> Varselrad:
    """Legg en død eller kansellert rad tilbake i køen nå (forsøk 0), logg det og lukk oppgaven «varsel_feilet»."""
    with arbeidsenhet(avh.motor) as okt:
        if aktor.rolle not in KAN_SENDE_PA_NYTT:
            logg(okt, aktor, None, "nektet", f"varsel {varsel_id}", "sende e-post på nytt")
            okt.commit()
            raise IngenTilgang("Bare leder og saksbehandler i KE kan sende en e-post på nytt.")
        varsel = okt.get(Varsel, varsel_id)
        if varsel is None:
            raise IkkeFunnet(f"Fant ingen e-post i utboksen med id {varsel_id}.")
        if varsel.status not in (Varselstatus.DOD, Varselstatus.KANSELLERT):
            raise Valideringsfeil.en("status", "Bare e-post som har feilet eller er kansellert, kan sendes på nytt.")
        varsel.status, varsel.forsok, varsel.neste_forsok = Varselstatus.VENTER, 0, na
        varsel.lease_til, varsel.tatt_av, varsel.siste_feil = None, None, None
        okt.add(varsel)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.VARSEL_FEILET, objekt_type="varsel", objekt_id=varsel_id, na=na,
                      av=aktor.navn)
        logg(okt, aktor, varsel.person_id, "endre", f"varsel {varsel.varseltype}", "sendte e-post på nytt")
        okt.flush()
        return _rad(varsel)
