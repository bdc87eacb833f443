"""Mål, tiltak og evalueringer i individuell plan, og planens versjonslås (lovkrav K11, K15; § 19 a, e–f).

Hvert tiltak har ansvarlig tjenesteyter og evalueringsdato innenfor planperioden (§ 19 e–f; K15). En
evaluering lagrer evalueringsdatoen den svarte på som `frist`, flytter evalueringsdatoen, lukker
evalueringsoppgaven og stopper påminnelsene for den gamle datoen. Alle endringer tar planens `versjon` fra den
som endrer (optimistisk låsing; se `apne_plan`).
Bruksområdene finnes også som `modeller.tjenester.plan.<navn>`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavetype, Planstatus
from modeller.tabeller import Evaluering, IndividuellPlan, Mal, Tiltak, Tjenesteyter
from modeller.tjenester.feil import Feltfeil, IkkeFunnet, Konflikt, Valideringsfeil
from modeller.tjenester.oppgaver import lukk_oppgaver
from modeller.tjenester.tilgang import Aktor, krev_tilgang
from modeller.tjenester.utboks import kanseller_varsler

TILTAK = "tiltak"
AKTIV, AVSLUTTET = "aktiv", "avsluttet"
MALOPPNAELSE = ("oppnadd", "delvis", "ikke_oppnadd")
KONFLIKT = "Planen er endret av noen andre mens du arbeidet med den. Last planen på nytt og gjør endringen igjen."


@dataclass(frozen=True)
class NyttMal:
    """Et mål i planen, eventuelt delmål under et hovedmål (§ 19 a)."""

    beskrivelse: str
    livsomrade: str = ""
    hovedmal_id: int | None = None


@dataclass(frozen=True)
class NyttTiltak:
    """Et tiltak med ansvarlig tjenesteyter, start og evalueringsdato (§ 19 e–f; lovkrav K15)."""

    beskrivelse: str
    ansvarlig_id: int | None
    start: date
    evalueringsdato: date
    mal_id: int | None = None
    omfang: str = ""
    gjennomforing: str = ""


def hent_plan(okt: Session, plan_id: int) -> IndividuellPlan:
    """Planen, eller `IkkeFunnet`."""
    plan = okt.get(IndividuellPlan, plan_id)
    if plan is None:
        raise IkkeFunnet(f"Fant ingen individuell plan med id {plan_id}.")
    return plan


def apne_plan(okt: Session, aktor: Aktor, plan_id: int, *, versjon: int, idag: date, hvorfor: str) -> IndividuellPlan:
    """Sjekk tilgang, så versjonen: øk den bare hvis ingen andre har endret planen (compare-and-set)."""
    plan = hent_plan(okt, plan_id)
    krev_tilgang(okt, aktor, plan.person_id, hva=f"individuell plan {plan.referanse}", hvorfor=hvorfor, idag=idag,
                 handling="endre")
    if plan.status == Planstatus.AVSLUTTET:
        raise Valideringsfeil.en("status", "Planen er avsluttet og kan ikke endres.")
    treff = okt.exec(update(IndividuellPlan).where(col(IndividuellPlan.id) == plan_id,
                                                   col(IndividuellPlan.versjon) == versjon)
                     .values(versjon=versjon + 1))
    if treff.rowcount != 1:
        raise Konflikt(KONFLIKT)
    okt.refresh(plan)
    return plan


def legg_til_mal(avh: Avhengigheter, aktor: Aktor, plan_id: int, skjema: NyttMal, *, versjon: int,
                 idag: date) -> Mal:
    """Legg til et mål (eller delmål) på et livsområde (§ 19 a; 003_e8b2068bec45c70c.txt L1617–1619)."""
    with arbeidsenhet(avh.motor) as okt:
        plan = apne_plan(okt, aktor, plan_id, versjon=versjon, idag=idag, hvorfor="legge til mål")
        feil = [] if skjema.beskrivelse.strip() else [Feltfeil("beskrivelse", "Beskriv målet.")]
        if skjema.hovedmal_id is not None:
            hovedmal = okt.get(Mal, skjema.hovedmal_id)
            if hovedmal is None or hovedmal.plan_id != plan.id:
                feil.append(Feltfeil("hovedmal_id", "Hovedmålet hører ikke til denne planen."))
        if feil:
            raise Valideringsfeil(feil)
        mal = Mal(plan_id=plan_id, hovedmal_id=skjema.hovedmal_id, beskrivelse=skjema.beskrivelse.strip(),
                  livsomrade=skjema.livsomrade.strip())
        okt.add(mal)
        okt.flush()
        return mal


def _tiltaksfeil(okt: Session, plan: IndividuellPlan, s: NyttTiltak) -> list[Feltfeil]:
    feil = [] if s.beskrivelse.strip() else [Feltfeil("beskrivelse", "Beskriv tiltaket.")]
    ansvarlig = okt.get(Tjenesteyter, s.ansvarlig_id) if s.ansvarlig_id is not None else None
    if ansvarlig is None or not ansvarlig.aktiv:
        feil.append(Feltfeil("ansvarlig", "Velg en aktiv tjenesteyter som er ansvarlig for tiltaket (lovkrav K15)."))
    if s.evalueringsdato < s.start:
        feil.append(Feltfeil("evalueringsdato", "Evalueringsdatoen kan ikke være før tiltaket starter."))
    if plan.periode_fra is not None and s.start < plan.periode_fra:
        feil.append(Feltfeil("start", f"Tiltaket kan ikke starte før planperioden ({plan.periode_fra:%d.%m.%Y})."))
    if plan.periode_til is not None and s.evalueringsdato > plan.periode_til:
        feil.append(Feltfeil("evalueringsdato",
                             f"Evalueringen må være innenfor planperioden (til {plan.periode_til:%d.%m.%Y})."))
    if s.mal_id is not None:
        mal = okt.get(Mal, s.mal_id)
        if mal is None or mal.plan_id != plan.id:
            feil.append(Feltfeil("mal_id", "Målet hører ikke til denne planen."))
    return feil


def legg_til_tiltak(avh: Avhengigheter, aktor: Aktor, plan_id: int, skjema: NyttTiltak, *, versjon: int,
                    idag: date) -> Tiltak:
    """Legg til et tiltak med ansvarlig og evalueringsdato innenfor planperioden (§ 19 e–f; K15)."""
    with arbeidsenhet(avh.motor) as okt:
        plan = apne_plan(okt, aktor, plan_id, versjon=versjon, idag=idag, hvorfor="legge til tiltak")
        feil = _tiltaksfeil(okt, plan, skjema)
        if feil:
            raise Valideringsfeil(feil)
        tiltak = Tiltak(plan_id=plan_id, mal_id=skjema.mal_id, beskrivelse=skjema.beskrivelse.strip(),
                        omfang=skjema.omfang.strip(), gjennomforing=skjema.gjennomforing.strip(),
                        ansvarlig_id=skjema.ansvarlig_id or 0, start=skjema.start,
                        evalueringsdato=skjema.evalueringsdato)
        okt.add(tiltak)
        okt.flush()
        return tiltak


@dataclass(frozen=True)
class NyEvaluering:
    """Evaluering av et tiltak; `neste_evalueringsdato` kreves med mindre tiltaket avsluttes."""

    vurdering: str
    maloppnaelse: str = "delvis"
    neste_evalueringsdato: date | None = None
    avslutt_tiltak: bool = False
    dato: date | None = None


def _evalueringsfeil(plan: IndividuellPlan, s: NyEvaluering, dato: date, idag: date) -> list[Feltfeil]:
    feil = [] if s.vurdering.strip() else [Feltfeil("vurdering", "Skriv vurderingen av tiltaket.")]
    if s.maloppnaelse not in MALOPPNAELSE:
        feil.append(Feltfeil("maloppnaelse", f"Velg en av: {', '.join(MALOPPNAELSE)}."))
    if dato > idag:
        feil.append(Feltfeil("dato", "Evalueringen kan ikke dateres fram i tid."))
    neste = s.neste_evalueringsdato
    if neste is None and not s.avslutt_tiltak:
        feil.append(Feltfeil("neste_evalueringsdato", "Sett neste evalueringsdato, eller avslutt tiltaket."))
    if neste is not None and neste <= dato:
        feil.append(Feltfeil("neste_evalueringsdato", "Neste evaluering må være etter denne evalueringen."))
    if neste is not None and plan.periode_til is not None and neste > plan.periode_til:
        feil.append(Feltfeil("neste_evalueringsdato",
                             f"Evalueringen må være innenfor planperioden (til {plan.periode_til:%d.%m.%Y})."))
    return feil


def evaluer_tiltak(avh: Avhengigheter, aktor: Aktor, tiltak_id: int, skjema: NyEvaluering, *, idag: date,
                   na: datetime, versjon: int | None = None) -> Evaluering:
    """Registrer evalueringen, flytt evalueringsdatoen, lukk oppgaven og stopp påminnelsene for den gamle datoen.

    Den gamle evalueringsdatoen lagres som evalueringens `frist` (for «evalueringer i tide» i nøkkeltallene).

    `versjon` er planens versjon; uten den kontrolleres den ikke (en evaluering kolliderer ikke med
    andre endringer i planen), men den økes likevel.
    """
    dato = skjema.dato or idag
    with arbeidsenhet(avh.motor) as okt:
        tiltak = okt.get(Tiltak, tiltak_id)
        if tiltak is None:
            raise IkkeFunnet(f"Fant ikke tiltak {tiltak_id}.")
        gjeldende = versjon if versjon is not None else hent_plan(okt, tiltak.plan_id).versjon
        plan = apne_plan(okt, aktor, tiltak.plan_id, versjon=gjeldende, idag=idag, hvorfor="evaluere tiltak")
        feil = _evalueringsfeil(plan, skjema, dato, idag)
        if tiltak.status != AKTIV:
            feil.append(Feltfeil("tiltak", "Tiltaket er avsluttet."))
        if feil:
            raise Valideringsfeil(feil)
        evaluering = Evaluering(tiltak_id=tiltak_id, dato=dato, frist=tiltak.evalueringsdato,
                                vurdering=skjema.vurdering.strip(), maloppnaelse=skjema.maloppnaelse,
                                neste_evalueringsdato=skjema.neste_evalueringsdato, evaluert_av=aktor.navn)
        okt.add(evaluering)
        if skjema.avslutt_tiltak:
            tiltak.status = AVSLUTTET
        if skjema.neste_evalueringsdato is not None:
            tiltak.evalueringsdato = skjema.neste_evalueringsdato
        okt.add(tiltak)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.EVALUER_TILTAK, objekt_type=TILTAK, objekt_id=tiltak_id, na=na,
                      av=aktor.navn)
        kanseller_varsler(okt, grunn="tiltaket er evaluert", objekt_type=TILTAK, objekt_id=tiltak_id)
        okt.flush()
        return evaluering


