"""Driftsstatus for leder og admin (dashbordets «Drift» og `enheten status`): går flytene, tømmes utboksen, og
har Prefect-serveren feil?

Lesemodellen samler Prefect-API-et (gjennom `Orkestrering`), utboksen og Prefect-serverens logg. Varslene:

* sveip: daglig oppfølging har ikke fullført på 26 timer (den går kl. 06 hver dag; to timers slingringsmonn).
  Har den aldri fullført, regnes tiden fra hovedjobbens start: `oppstart` når kalleren vet den (tilsynsløkka),
  ellers da utrullingen av daglig oppfølging sist ble registrert i Prefect (hver `enheten start` gjør det).
  Uten noen av dem kan ingenting sies, og det varsles ikke. Svarer ikke Prefect, dekker «prefect» dette.
* utboks: eldste forfalte ventende e-post har ventet mer enn 2 timer i arbeidstiden (se drift_utboks).
* prefect: Prefect-serveren svarer ikke.
* planlegger: en feil fra planleggeren i serverloggen de siste 15 minuttene (den feiler hvert minutt når den
  er i stykker), eller en utrulling med aktiv tidsplan uten kommende kjøring 5 minutter etter at den sist ble
  registrert (planleggeren lager kjøringer minst en time fram, hvert minutt).

En utrulling «feiler» når siste kjøring feilet eller krasjet, eller er forsinket (ingen flyttjener tok den).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from modeller.asynk import kjor_synkront
from modeller.kalender import OSLO
from modeller.oppsett import Avhengigheter
from modeller.orkestrering import (
    IkkeTilgjengelig,
    Kjoring,
    Orkestrering,
    Prefectbilde,
    PrefectOrkestrering,
    Utrullingsdata,
    standard_adresse,
)
from modeller.prefectlogg import Loggutdrag, les_loggfeil, vask
from modeller.regler.begreper import Driftsvarselkode, Rolle
from modeller.tjenester.drift_utboks import Utboksstatus, utboksstatus
from modeller.tjenester.feil import IngenTilgang
from modeller.tjenester.tilgang import Aktor

SVEIPFLYT = "daglig_oppfolging"
SVEIP_GRENSE = timedelta(hours=26)
UTBOKS_GRENSE = timedelta(hours=2)
PLANLEGGER_VINDU = timedelta(minutes=15)
PLANLEGGER_TREGHET = timedelta(minutes=5)
LESERE = frozenset({Rolle.LEDER, Rolle.ADMIN})
FEILTYPER = frozenset({"FAILED", "CRASHED"})
TILSTANDER = {
    "Completed": "Fullført", "Failed": "Feilet", "Crashed": "Krasjet", "Late": "Forsinket", "Running": "Kjører",
    "Scheduled": "Planlagt", "Pending": "Starter", "Cancelled": "Avbrutt", "Cancelling": "Avbrytes",
    "TimedOut": "Tidsavbrudd", "Paused": "Pauset", "Suspended": "Satt på vent", "AwaitingRetry": "Venter på nytt "
    "forsøk", "Retrying": "Prøver igjen", "Cached": "Fra hurtiglager",
}
TITLER = {
    Driftsvarselkode.SVEIP: "Daglig oppfølging har ikke lyktes på 26 timer",
    Driftsvarselkode.UTBOKS: "Eldste ventende e-post er eldre enn 2 timer i arbeidstiden",
    Driftsvarselkode.PREFECT: "Prefect-serveren svarer ikke",
    Driftsvarselkode.PLANLEGGER: "Feil i Prefects planlegger",
}


@dataclass(frozen=True)
class Utrullingsstatus:
    """Én utrulling på skjermen: tidsplan, siste kjøring (tid, tilstand, melding), siste vellykkede, neste."""

    flyt: str
    navn: str
    tidsplan: str
    siste_tid: datetime | None
    siste_tilstand: str | None
    siste_type: str | None
    siste_melding: str | None
    siste_vellykkede: datetime | None
    neste: datetime | None
    feiler: bool
    problem: str | None


@dataclass(frozen=True)
class Driftsvarsel:
    """Et driftsvarsel: slaget (ett KE-varsel per slag og dag), overskriften og detaljen (uten persondata)."""

    kode: Driftsvarselkode
    tekst: str
    detalj: str


@dataclass(frozen=True)
class Driftsstatus:
    """Hele driftsbildet ved `na`; `varsler` er tom når alt er i orden."""

    na: datetime
    prefect_adresse: str
    prefect_feil: str | None
    utrullinger: tuple[Utrullingsstatus, ...]
    utboks: Utboksstatus
    logg: Loggutdrag
    varsler: tuple[Driftsvarsel, ...]


def tidstekst(t: datetime) -> str:
    """«3.3.2027 kl. 06.00» i Europe/Oslo."""
    lokal = t.astimezone(OSLO)
    return f"{lokal.day}.{lokal.month}.{lokal.year} kl. {lokal.hour:02d}.{lokal.minute:02d}"


def _mangler_neste(u: Utrullingsdata, na: datetime) -> bool:
    """Aktiv tidsplan, ikke pauset, ingen kommende kjøring, og planleggeren har hatt tid på seg."""
    return (u.har_aktiv_tidsplan and not u.pauset and u.neste is None
            and (u.endret is None or na - u.endret > PLANLEGGER_TREGHET))


def _problem(u: Utrullingsdata, na: datetime) -> str | None:
    s = u.siste
    if s is not None and s.tilstandstype in FEILTYPER:
        return f"Siste kjøring: {TILSTANDER.get(s.tilstand, s.tilstand).lower()}."
    if s is not None and s.tilstand == "Late":
        return "Siste kjøring er forsinket: ingen flyttjener har tatt den."
    if _mangler_neste(u, na):
        return "Tidsplanen er aktiv, men Prefect har ingen kommende kjøring."
    return None


def _tid(k: Kjoring | None, felt: str) -> datetime | None:
    return None if k is None else getattr(k, felt)


def _utrullingsstatus(u: Utrullingsdata, na: datetime) -> Utrullingsstatus:
    s, problem = u.siste, _problem(u, na)
    tidsplan = ", ".join(u.tidsplaner) or "ved behov"
    return Utrullingsstatus(
        flyt=u.flyt, navn=u.navn, tidsplan=f"{tidsplan} (pauset)" if u.pauset else tidsplan,
        siste_tid=_tid(s, "planlagt"), siste_tilstand=None if s is None else TILSTANDER.get(s.tilstand, s.tilstand),
        siste_type=None if s is None else s.tilstandstype,
        siste_melding=vask(s.melding) if s is not None and s.melding else None,
        siste_vellykkede=_tid(u.siste_vellykkede, "slutt"), neste=_tid(u.neste, "planlagt"),
        feiler=problem is not None, problem=problem,
    )


def _varsel(kode: Driftsvarselkode, detalj: str) -> Driftsvarsel:
    return Driftsvarsel(kode, TITLER[kode], detalj)


def _sveipvarsel(bilde: Prefectbilde, na: datetime, oppstart: datetime | None) -> Driftsvarsel | None:
    slutt = _tid(bilde.siste_fullforte, "slutt")
    if slutt is not None:
        ok = na - slutt <= SVEIP_GRENSE
        return None if ok else _varsel(Driftsvarselkode.SVEIP, f"Siste vellykkede kjøring endte {tidstekst(slutt)}.")
    utrulling = next((u for u in bilde.utrullinger if u.flyt == SVEIPFLYT), None)
    start = oppstart or (utrulling.endret if utrulling else None)
    if start is None or na - start <= SVEIP_GRENSE:
        return None
    return _varsel(Driftsvarselkode.SVEIP, f"Ingen kjøring har lyktes siden hovedjobben startet {tidstekst(start)}.")


def _utboksvarsel(utboks: Utboksstatus) -> Driftsvarsel | None:
    minutter = utboks.eldste_minutter_i_arbeidstid
    if utboks.eldste_forfalt is None or minutter is None or minutter <= UTBOKS_GRENSE.total_seconds() // 60:
        return None
    return _varsel(Driftsvarselkode.UTBOKS, f"Den har ventet siden {tidstekst(utboks.eldste_forfalt)} "
                   f"({minutter // 60} t {minutter % 60} min i arbeidstiden); {utboks.ventende} e-poster venter.")


def _planleggervarsel(logg: Loggutdrag, data: tuple[Utrullingsdata, ...], na: datetime) -> Driftsvarsel | None:
    nylige = [f for f in logg.feil if f.planlegger and f.tidspunkt is not None and na - f.tidspunkt <= PLANLEGGER_VINDU]
    uten_neste = [f"{u.flyt}/{u.navn}" for u in data if _mangler_neste(u, na)]
    deler = []
    if nylige:
        deler.append(f"Serverloggen kl. {nylige[-1].tid}: {nylige[-1].melding}")
    if uten_neste:
        deler.append(f"Ingen kommende kjøring for {', '.join(uten_neste)}.")
    return _varsel(Driftsvarselkode.PLANLEGGER, " ".join(deler)) if deler else None


def _varsler(bilde: Prefectbilde | None, prefect_feil: str | None, utboks: Utboksstatus, logg: Loggutdrag,
             na: datetime, oppstart: datetime | None) -> tuple[Driftsvarsel, ...]:
    data = bilde.utrullinger if bilde else ()
    kandidater = [
        _varsel(Driftsvarselkode.PREFECT, f"{prefect_feil} Flytene og tidsplanene står.") if prefect_feil else None,
        _sveipvarsel(bilde, na, oppstart) if bilde else None,
        _utboksvarsel(utboks),
        _planleggervarsel(logg, data, na),
    ]
    return tuple(v for v in kandidater if v is not None)


async def driftsstatus_async(avh: Avhengigheter, aktor: Aktor, *, na: datetime,
                             orkestrering: Orkestrering | None = None, loggfil: Path | None = None,
                             oppstart: datetime | None = None) -> Driftsstatus:
    """Driftsbildet ved `na` for leder og admin; en Prefect-server som ikke svarer, blir et varsel, ikke en feil."""
    if aktor.rolle not in LESERE:
        raise IngenTilgang("Driftsstatusen er for leder og administrator.")
    innst = avh.innstillinger
    kilde = orkestrering or PrefectOrkestrering(standard_adresse(innst.prefect_port))
    bilde: Prefectbilde | None = None
    prefect_feil = None
    try:
        bilde = await kilde.les(na=na, flyt=SVEIPFLYT)
    except IkkeTilgjengelig as feil:
        prefect_feil = str(feil)
    utboks = utboksstatus(avh, na=na)
    logg = les_loggfeil(loggfil or innst.datamappe / "logg" / "prefect.log")
    return Driftsstatus(
        na=na, prefect_adresse=kilde.adresse, prefect_feil=prefect_feil,
        utrullinger=tuple(_utrullingsstatus(u, na) for u in (bilde.utrullinger if bilde else ())),
        utboks=utboks, logg=logg, varsler=_varsler(bilde, prefect_feil, utboks, logg, na, oppstart),
    )


def driftsstatus(avh: Avhengigheter, aktor: Aktor, *, na: datetime, orkestrering: Orkestrering | None = None,
                 loggfil: Path | None = None, oppstart: datetime | None = None) -> Driftsstatus:
    """Synkron inngang til `driftsstatus_async` (dashbord, kommandolinje, tilsynsløkke)."""
    return kjor_synkront(driftsstatus_async(avh, aktor, na=na, orkestrering=orkestrering, loggfil=loggfil,
                                            oppstart=oppstart))
