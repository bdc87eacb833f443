"""Driftsvakten: meld driftsvarsler til KEs felles postkasse, høyst én e-post per slag og dag, uten persondata.

Hovedjobbens tilsynsløkke kaller `driftsvakt(avh, na)` med noen minutters mellomrom.

Hvorfor både utboks og direkte sending, og hvorfor ingen e-post går to ganger:

* Hvert slag gir én utboksrad per lokal dato (nøkkel «driftsvarsel|drift_<slag>:None|<dato>|<adresse>»,
  `person_id` None). Finnes nøkkelen, gjør vakten ingenting: én e-post per slag og dag, også med flere vakter
  (SQLite skriver én om gangen; på PostgreSQL taper den andre på den unike nøkkelen).
* Utsendingen er selv en Prefect-flyt. Er det utboksen, Prefect eller planleggeren som står, kommer et varsel
  via utboksen aldri fram, og en daglig oppfølging som ikke går, har som regel samme årsak. Derfor sender vakten
  alle slag direkte med `Postsender`, ikke bare utboksvarselet.
* Raden legges i utboksen allerede reservert for vakten (status «sender», `tatt_av`, lease 15 min, forsøk 1) i
  samme transaksjon, så ingen utsender kan ta den mens vakten sender. Utfallet lagres med utsendingens egen
  sammenlign-og-sett (`registrer`): sendt → «sendt»; midlertidig feil → «venter» med ventetid; permanent → «død»
  med oppgave. En ventende driftsvarselrad som er forfalt, tar vakten selv igjen ved neste kjøring med samme
  sammenlign-og-sett som utsendingen (status «venter» og forfalt, eller «sender» med utløpt lease), så den kommer
  fram selv om utsendingen står; tar utsendingen den først, finner vakten den ikke. Én eier om gangen.
* Det eneste vinduet for et duplikat er det samme som i resten av utboksen: stopper vakten etter at
  SMTP-tjeneren har tatt imot, men før utfallet er lagret, tar vakten eller utsenderen raden når leasen er ute
  (se over). Meldingen har samme Message-ID begge gangene.
"""

import os
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from modeller.asynk import kjor_synkront
from modeller.db import arbeidsenhet
from modeller.epost import Postsender
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Driftsvarselkode, Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.drift import Driftsstatus, driftsstatus
from modeller.tjenester.tilgang import SYSTEM
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.utsending import LEASE, lag_postsender, message_id
from modeller.tjenester.utsending_registrering import lag_eposter, registrer

VARSELTYPE = "driftsvarsel"
MOTTAKERROLLE = "mottaker av driftsvarsler"


@dataclass(frozen=True)
class Vaktresultat:
    """Varslene som gjaldt, slagene som ble meldt nå, og utfallet av den direkte sendingen."""

    varsler: tuple[Driftsvarselkode, ...]
    meldt: tuple[Driftsvarselkode, ...]
    sendt: int = 0
    midlertidig: int = 0
    dode: int = 0


def _arbeider() -> str:
    return f"driftsvakt:{os.uname().nodename}:{os.getpid()}"[:80]


def _kontekst(avh: Avhengigheter, kode: Driftsvarselkode, dag: date) -> dict[str, object]:
    innst = avh.innstillinger
    return {"varselkode": kode.value, "dato": dag, "lenke": f"{innst.dashbord_url.rstrip('/')}/drift",
            "kommunenavn": innst.kommunenavn, "ke_navn": innst.ke_navn, "mottakerrolle": MOTTAKERROLLE}


def _legg_inn_reservert(okt: Session, avh: Avhengigheter, kode: Driftsvarselkode, *, na: datetime,
                        arbeider: str) -> Varsel | None:
    """Én rad per slag og dag, reservert for vakten i samme transaksjon; None når dagens rad finnes."""
    innst, dag = avh.innstillinger, lokal_dato(na)
    varsel = legg_i_utboks(okt, varseltype=VARSELTYPE, mottaker_epost=innst.smtp_avsender, forfallsdato=dag,
                           objekt_type=f"drift_{kode.value}", objekt_id=None, kontekst=_kontekst(avh, kode, dag),
                           malform=innst.malform, person_id=None)
    if varsel is None:
        return None
    varsel.status, varsel.tatt_av, varsel.lease_til, varsel.forsok = Varselstatus.SENDER, arbeider, na + LEASE, 1
    okt.add(varsel)
    okt.flush()
    return varsel


def _nye_rader(avh: Avhengigheter, koder: tuple[Driftsvarselkode, ...], *, na: datetime,
               arbeider: str) -> list[Varsel]:
    try:
        with arbeidsenhet(avh.motor) as okt:
            rader = [_legg_inn_reservert(okt, avh, k, na=na, arbeider=arbeider) for k in koder]
    except IntegrityError:  # en annen vakt skrev samme nøkkel samtidig (PostgreSQL); den sender
        return []
    return [r for r in rader if r is not None]


def _ta_forfalte(avh: Avhengigheter, *, na: datetime, arbeider: str) -> list[Varsel]:
    """Reserver driftsvarselrader som venter på et nytt forsøk og er forfalt, eller ble forlatt under sending."""
    ledig = and_(col(Varsel.varseltype) == VARSELTYPE, or_(
        and_(col(Varsel.status) == Varselstatus.VENTER, col(Varsel.neste_forsok) <= na),
        and_(col(Varsel.status) == Varselstatus.SENDER, col(Varsel.lease_til) < na)))
    with arbeidsenhet(avh.motor) as okt:
        ider = list(okt.connection().execute(
            update(Varsel).where(ledig).values(status=Varselstatus.SENDER, tatt_av=arbeider, lease_til=na + LEASE,
                                               forsok=col(Varsel.forsok) + 1).returning(col(Varsel.id))).scalars())
        return list(okt.exec(select(Varsel).where(col(Varsel.id).in_(ider)))) if ider else []


def driftsvakt(avh: Avhengigheter, na: datetime, status: Driftsstatus | None = None, *,
               postsender: Postsender | None = None, oppstart: datetime | None = None) -> Vaktresultat:
    """Meld nye driftsvarsler (én e-post per slag og dag) til KEs adresse, via utboksen og direkte."""
    status = status or driftsstatus(avh, SYSTEM, na=na, oppstart=oppstart)
    koder = tuple(dict.fromkeys(v.kode for v in status.varsler))
    arbeider = _arbeider()
    nye = _nye_rader(avh, koder, na=na, arbeider=arbeider) if koder else []
    rader = nye + _ta_forfalte(avh, na=na, arbeider=arbeider)
    if not rader:
        return Vaktresultat(varsler=koder, meldt=())
    domene = avh.innstillinger.smtp_avsender.rsplit("@", 1)[-1]
    klare, malfeil = lag_eposter(rader, lambda v: message_id(v, domene))
    sender = postsender or lag_postsender(avh.innstillinger)
    utfall = kjor_synkront(sender.send_parti([e for _, e in klare])) if klare else []
    telling = registrer(avh, arbeider=arbeider, na=na, klare=[v for v, _ in klare], utfall=utfall, malfeil=malfeil)
    meldt = tuple(Driftsvarselkode(r.objekt_type.removeprefix("drift_")) for r in nye)
    return Vaktresultat(varsler=koder, meldt=meldt, **telling)
