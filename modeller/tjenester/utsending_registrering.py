"""Utsendingens to ender: lag e-posten fra en utboksrad, og registrer utfallet per rad (sikkerhet-og-drift.md §3.3–3.4).

Registreringen skjer bare når raden fortsatt er reservert av samme arbeider (status «sender», `tatt_av`), så en
utsender som har mistet leasen, aldri overskriver en annens resultat.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from jinja2 import TemplateError
from sqlalchemy import Table, and_, bindparam, update
from sqlmodel import Session

from modeller.db import arbeidsenhet
from modeller.epost import Epost, Sendeutfall
from modeller.ics import uten_sted
from modeller.kalender import lokal_dato
from modeller.maler import lag_epost
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Malform, Oppgavetype, Rolle, Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.oppgaver import oppgavenokkel, opprett_oppgave

# Ventetid før nytt forsøk: 1, 2, 4 … minutter, høyst 6 timer; etter 12 forsøk (om lag et døgn) er raden død.
FORSTE_VENTETID = timedelta(minutes=1)
MAKS_VENTETID = timedelta(hours=6)
MAKS_FORSOK = 12

_T = cast(Table, Varsel.__table__)  # type: ignore[attr-defined]
_EGEN = and_(_T.c.id == bindparam("b_id"), _T.c.status == Varselstatus.SENDER.value,
             _T.c.tatt_av == bindparam("b_arbeider"))
_SENDT = update(_T).where(_EGEN).values(
    status=Varselstatus.SENDT.value, message_id=bindparam("b_mid"), sendt=bindparam("b_na", type_=_T.c.sendt.type),
    lease_til=None, siste_feil=bindparam("b_feil"))
_VENTER = update(_T).where(_EGEN).values(
    status=Varselstatus.VENTER.value, neste_forsok=bindparam("b_neste", type_=_T.c.neste_forsok.type),
    lease_til=None, tatt_av=None, siste_feil=bindparam("b_feil"))
_DOD = update(_T).where(_EGEN).values(status=Varselstatus.DOD.value, lease_til=None, siste_feil=bindparam("b_feil"))


def ventetid(forsok: int, varsel_id: int) -> timedelta:
    """Eksponentiell ventetid etter forsøk nr. `forsok` (≥ 1) med 0–10 % fast spredning ut fra radens id."""
    grunn = FORSTE_VENTETID * 2 ** min(max(forsok, 1) - 1, 20)
    spredning = grunn * (((varsel_id * 2654435761) % 1000) / 10_000)
    return min(grunn + spredning, MAKS_VENTETID)


def _ics_metode(ics: bytes | None) -> str:
    """METHOD fra iCalendar-teksten (avlysning eller invitasjon)."""
    return "CANCEL" if ics is not None and b"METHOD:CANCEL" in ics else "REQUEST"


def lag_eposter(rader: Sequence[Varsel], lag_id: Callable[[Varsel], str]
                ) -> tuple[list[tuple[Varsel, Epost]], list[tuple[Varsel, str]]]:
    """Fyll ut malene for hver rad; gir (rad, e-post) for de klare og (rad, feiltekst) for malfeil."""
    klare: list[tuple[Varsel, Epost]] = []
    malfeil: list[tuple[Varsel, str]] = []
    for v in rader:
        try:
            innhold = lag_epost(v.varseltype, Malform(v.malform), v.kontekst)
            # Eldre rader i utboksen kan ha møtestedet i kalenderfilen; det sendes aldri.
            ics = uten_sted(v.ics.encode("utf-8")) if v.ics else None
        except (ValueError, TemplateError) as feil:
            malfeil.append((v, f"Malfeil: {type(feil).__name__}: {feil}"[:500]))
            continue
        klare.append((v, Epost(
            mottaker=v.mottaker_epost, emne=innhold.emne, tekst=innhold.tekst, html=innhold.html,
            kopi=(v.kopi_epost,) if v.kopi_epost else (), ics=ics, ics_metode=_ics_metode(ics), message_id=lag_id(v),
        )))
    return klare, malfeil


def _feiltekst(u: Sendeutfall) -> str:
    """Kode og feiltekst fra SMTP på én linje (uten meldingsinnhold)."""
    return (f"{u.kode} " if u.kode is not None else "") + (u.feil or u.status)


def _drep(okt: Session, v: Varsel, tekst: str, *, arbeider: str, na: datetime) -> int:
    """Sett raden død og lag en oppgave til KE (bare hvis raden fortsatt var vår)."""
    rad = {"b_id": v.id, "b_arbeider": arbeider, "b_feil": tekst[:500]}
    if not okt.connection().execute(_DOD, rad).rowcount:
        return 0
    opprett_oppgave(
        okt, oppgavetype=Oppgavetype.VARSEL_FEILET, frist=lokal_dato(na), objekt_type="varsel", objekt_id=v.id,
        nokkel=f"{oppgavenokkel(Oppgavetype.VARSEL_FEILET, 'varsel', v.id)}|{na.isoformat()}",
        eier_rolle=Rolle.SAKSBEHANDLER, person_id=v.person_id,
    )
    return 1


def registrer(avh: Avhengigheter, *, arbeider: str, na: datetime, klare: Sequence[Varsel],
              utfall: Sequence[Sendeutfall], malfeil: Sequence[tuple[Varsel, str]]) -> dict[str, int]:
    """Registrer utfallet for et parti i én transaksjon; gir antall rader som ble sendt, midlertidig og døde."""
    sendt: list[dict[str, Any]] = []
    venter: list[dict[str, Any]] = []
    dode: list[tuple[Varsel, str]] = list(malfeil)
    for u in utfall:
        v = klare[u.indeks]
        felles = {"b_id": v.id, "b_arbeider": arbeider, "b_feil": u.feil[:500] if u.feil else None}
        if u.status == "sendt":
            sendt.append({**felles, "b_mid": u.message_id, "b_na": na})
        elif u.status == "midlertidig" and v.forsok < MAKS_FORSOK:
            venter.append({**felles, "b_feil": _feiltekst(u)[:500], "b_neste": na + ventetid(v.forsok, v.id or 0)})
        elif u.status == "midlertidig":
            dode.append((v, f"Ga opp etter {v.forsok} forsøk: {_feiltekst(u)}"))
        else:
            dode.append((v, _feiltekst(u)))
    with arbeidsenhet(avh.motor) as okt:
        # Bare rader som fortsatt var våre, telles: en annen utsender kan ha tatt raden etter at leasen gikk ut.
        antall_sendt = okt.connection().execute(_SENDT, sendt).rowcount if sendt else 0
        antall_venter = okt.connection().execute(_VENTER, venter).rowcount if venter else 0
        antall_dode = sum(_drep(okt, v, tekst, arbeider=arbeider, na=na) for v, tekst in dode)
    return {"sendt": antall_sendt, "midlertidig": antall_venter, "dode": antall_dode}
