"""Individuell plan: opprette, aktivere, endre, revidere, avslutte og sjekke innholdet (lovkrav K3, K11–K15).

Én aktiv plan per person (K13). Ingen plan forbi utkast uten samtykke (K3; pbrl § 2-5). Hvert tiltak har
ansvarlig og evalueringsdato (§ 19 e–f; K15). Planen avsluttes når behovet opphører eller personen
ønsker det (002_846d8582fcb76fa6.txt L358). Hver endring tar `versjon` fra den som endrer og øker den
(optimistisk låsing): har noen andre endret planen i mellomtiden, gis `Konflikt` og ingenting skrives.
Mål, tiltak og evalueringer ligger i `modeller.tjenester.tiltak` og eksporteres også herfra.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavetype, Planslutt, Planstatus
from modeller.regler.frister import legg_til_maneder
from modeller.regler.planinnhold import Mangel, Planfakta, sjekk_planinnhold
from modeller.tabeller import Gruppe, Gruppemedlem, IndividuellPlan, Koordinatoroppdrag, Mal, Tiltak, Tjenesteyter
from modeller.tabeller.felles import ny_referanse
from modeller.tjenester.feil import Feltfeil, Konflikt, Valideringsfeil
from modeller.tjenester.koordinator import lukk_personoppgaver
from modeller.tjenester.oppgaver import avbryt_oppgaver
from modeller.tjenester.samtykke import gyldig_samtykke, krev_samtykke
from modeller.tjenester.tilgang import Aktor, krev_tilgang
from modeller.tjenester.tiltak import (
    AKTIV,
    AVSLUTTET,
    TILTAK,
    NyEvaluering,
    NyttMal,
    NyttTiltak,
    apne_plan,
    evaluer_tiltak,
    hent_plan,
    legg_til_mal,
    legg_til_tiltak,
)
from modeller.tjenester.utboks import kanseller_varsler

__all__ = [
    "NyEvaluering", "NyPlan", "NyttMal", "NyttTiltak", "Planendring", "aktiver_plan", "avslutt_plan", "endre_plan",
    "evaluer_tiltak", "hent_plan", "legg_til_mal", "legg_til_tiltak", "opprett_plan", "revider_plan",
    "sjekk_planinnhold_for",
]
PLAN = "plan"


@dataclass(frozen=True)
class NyPlan:
    """Skjema for ny plan; uten `neste_revisjon` settes den til periodestart + revurdering_maneder."""

    periode_fra: date | None = None
    periode_til: date | None = None
    neste_revisjon: date | None = None
    ressurser_og_behov: str = ""
    bidrag: str = ""
    samarbeid: str = ""


@dataclass(frozen=True)
class Planendring:
    """Felt som endres i planen; None betyr uendret."""

    periode_fra: date | None = None
    periode_til: date | None = None
    ressurser_og_behov: str | None = None
    bidrag: str | None = None
    samarbeid: str | None = None


def _periodefeil(fra: date | None, til: date | None, revisjon: date | None) -> list[Feltfeil]:
    feil = []
    if fra is not None and til is not None and til < fra:
        feil.append(Feltfeil("periode_til", "Planperioden kan ikke slutte før den begynner."))
    if fra is not None and revisjon is not None and revisjon <= fra:
        feil.append(Feltfeil("neste_revisjon", "Neste revisjon må være etter at planperioden begynner."))
    return feil


def opprett_plan(avh: Avhengigheter, aktor: Aktor, person_id: int, skjema: NyPlan, *,
                 idag: date) -> IndividuellPlan:
    """Opprett planutkast med ugjennomsiktig referanse, periode og neste revisjon (K12, K13; samtykke K3)."""
    fra = skjema.periode_fra or idag
    revisjon = skjema.neste_revisjon or legg_til_maneder(fra, avh.regelverk.revurdering_maneder)
    with arbeidsenhet(avh.motor) as okt:
        krev_tilgang(okt, aktor, person_id, hva="individuell plan", hvorfor="opprette plan", idag=idag,
                     handling="endre")
        finnes = okt.exec(select(IndividuellPlan.referanse).where(
            IndividuellPlan.person_id == person_id, IndividuellPlan.status != Planstatus.AVSLUTTET)).first()
        if finnes is not None:
            raise Valideringsfeil.en("person", f"Personen har allerede en individuell plan ({finnes}); det kan "
                                               "bare være én aktiv plan per person (lovkrav K13).")
        feil = _periodefeil(fra, skjema.periode_til, revisjon)
        if feil:
            raise Valideringsfeil(feil)
        krev_samtykke(okt, person_id, idag, omfang="ip")
        plan = IndividuellPlan(
            person_id=person_id, referanse=ny_referanse("IP"), status=Planstatus.UTKAST, periode_fra=fra,
            periode_til=skjema.periode_til, neste_revisjon=revisjon, bidrag=skjema.bidrag.strip(),
            ressurser_og_behov=skjema.ressurser_og_behov.strip(), samarbeid=skjema.samarbeid.strip())
        okt.add(plan)
        try:
            okt.flush()
        except IntegrityError as feil_:
            raise Konflikt("Noen andre opprettet en plan for personen samtidig. Last siden på nytt.") from feil_
        return plan


def aktiver_plan(avh: Avhengigheter, aktor: Aktor, plan_id: int, *, versjon: int, idag: date,
                 na: datetime) -> IndividuellPlan:
    """Utkast → aktiv; krever gyldig samtykke til individuell plan (lovkrav K3)."""
    with arbeidsenhet(avh.motor) as okt:
        plan = apne_plan(okt, aktor, plan_id, versjon=versjon, idag=idag, hvorfor="aktivere plan")
        if plan.status != Planstatus.UTKAST:
            raise Valideringsfeil.en("status", "Bare et utkast kan aktiveres.")
        krev_samtykke(okt, plan.person_id, idag, omfang="ip")
        plan.status = Planstatus.AKTIV
        okt.add(plan)
        lukk_personoppgaver(okt, oppgavetype=Oppgavetype.UTARBEID_PLAN, person_id=plan.person_id, na=na,
                            av=aktor.navn)
        return plan


def endre_plan(avh: Avhengigheter, aktor: Aktor, plan_id: int, endring: Planendring, *, versjon: int,
               idag: date) -> IndividuellPlan:
    """Endre planperiode og tekstene om ressurser og behov, bidrag og samarbeid (§ 19 a, d, g, i)."""
    with arbeidsenhet(avh.motor) as okt:
        plan = apne_plan(okt, aktor, plan_id, versjon=versjon, idag=idag, hvorfor="endre plan")
        fra = endring.periode_fra or plan.periode_fra
        til = endring.periode_til or plan.periode_til
        feil = _periodefeil(fra, til, plan.neste_revisjon)
        if feil:
            raise Valideringsfeil(feil)
        plan.periode_fra, plan.periode_til = fra, til
        for felt in ("ressurser_og_behov", "bidrag", "samarbeid"):
            verdi = getattr(endring, felt)
            if verdi is not None:
                setattr(plan, felt, verdi.strip())
        okt.add(plan)
        return plan


def revider_plan(avh: Avhengigheter, aktor: Aktor, plan_id: int, *, neste_revisjon: date, versjon: int, idag: date,
                 na: datetime) -> IndividuellPlan:
    """Planen er revidert: ny dato for neste revisjon, revisjonsoppgaven lukkes (§ 19 g; lovkrav K12)."""
    with arbeidsenhet(avh.motor) as okt:
        plan = apne_plan(okt, aktor, plan_id, versjon=versjon, idag=idag, hvorfor="revidere plan")
        if neste_revisjon <= idag:
            raise Valideringsfeil.en("neste_revisjon", "Neste revisjon må være etter i dag.")
        plan.neste_revisjon = neste_revisjon
        okt.add(plan)
        lukk_personoppgaver(okt, oppgavetype=Oppgavetype.PLAN_REVISJON, person_id=plan.person_id, na=na,
                            av=aktor.navn)
        kanseller_varsler(okt, grunn="planen er revidert", objekt_type=PLAN, objekt_id=plan.id,
                          varseltype="plan_revisjon")
        return plan


def avslutt_plan(avh: Avhengigheter, aktor: Aktor, plan_id: int, *, grunn: Planslutt, dato: date,
                 merknad: str | None = None, versjon: int, idag: date) -> IndividuellPlan:
    """Avslutt når behovet opphører eller personen ønsker det (002 L358); påminnelser og oppgaver stoppes."""
    with arbeidsenhet(avh.motor) as okt:
        plan = apne_plan(okt, aktor, plan_id, versjon=versjon, idag=idag, hvorfor="avslutte plan")
        feil = []
        if grunn == Planslutt.ANNET and not (merknad or "").strip():
            feil.append(Feltfeil("merknad", "Beskriv grunnen når den er «annet»."))
        if plan.periode_fra is not None and dato < plan.periode_fra:
            feil.append(Feltfeil("dato", "Planen kan ikke avsluttes før planperioden begynte."))
        if feil:
            raise Valideringsfeil(feil)
        plan.status, plan.avsluttet_dato, plan.sluttgrunn = Planstatus.AVSLUTTET, dato, grunn
        plan.sluttmerknad = (merknad or "").strip() or None
        okt.add(plan)
        arsak = "planen er avsluttet"
        for tiltak in okt.exec(select(Tiltak).where(Tiltak.plan_id == plan.id)):
            kanseller_varsler(okt, grunn=arsak, objekt_type=TILTAK, objekt_id=tiltak.id)
            avbryt_oppgaver(okt, grunn=arsak, objekt_type=TILTAK, objekt_id=tiltak.id)
            if tiltak.status == AKTIV:
                tiltak.status = AVSLUTTET
                okt.add(tiltak)
        kanseller_varsler(okt, grunn=arsak, objekt_type=PLAN, objekt_id=plan.id)
        avbryt_oppgaver(okt, grunn=arsak, objekt_type=PLAN, objekt_id=plan.id)
        for oppgavetype in (Oppgavetype.PLAN_REVISJON, Oppgavetype.UTARBEID_PLAN):
            avbryt_oppgaver(okt, grunn=arsak, person_id=plan.person_id, oppgavetype=oppgavetype)
        return plan


def _planfakta(okt: Session, plan: IndividuellPlan, idag: date) -> Planfakta:
    """Tell opp planens innhold fra databasen (§ 19 a–i)."""
    tiltak = okt.exec(select(Tiltak, Tjenesteyter.aktiv).join(
        Tjenesteyter, col(Tjenesteyter.id) == col(Tiltak.ansvarlig_id)).where(
        Tiltak.plan_id == plan.id, Tiltak.status == AKTIV)).all()
    # Deltakere: tiltaksansvarlige og aktive medlemmer i personens ansvarsgrupper, hver telt én gang.
    deltakere: set[tuple[str, int | None]] = {("ty", t.ansvarlig_id) for t, aktiv in tiltak if aktiv}
    deltakere |= {("ty", ty) if ty is not None else ("medlem", m) for m, ty in okt.exec(
        select(Gruppemedlem.id, Gruppemedlem.tjenesteyter_id).join(
            Gruppe, col(Gruppe.id) == col(Gruppemedlem.gruppe_id)).where(
            Gruppe.person_id == plan.person_id, col(Gruppe.avsluttet_dato).is_(None),
            or_(col(Gruppemedlem.til).is_(None), col(Gruppemedlem.til) >= idag)))}
    koordinator = okt.exec(select(Koordinatoroppdrag.id).where(
        Koordinatoroppdrag.person_id == plan.person_id, col(Koordinatoroppdrag.fra) <= idag,
        or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag))).first()
    return Planfakta(
        har_mal=okt.exec(select(Mal.id).where(Mal.plan_id == plan.id)).first() is not None,
        har_ressurser_og_behov=bool(plan.ressurser_og_behov.strip()), antall_deltakere=len(deltakere),
        har_koordinator=koordinator is not None, har_bidrag=bool(plan.bidrag.strip()), antall_tiltak=len(tiltak),
        tiltak_uten_ansvarlig=sum(1 for _, aktiv in tiltak if not aktiv),
        tiltak_uten_gjennomforing=sum(1 for t, _ in tiltak if not t.gjennomforing.strip()),
        har_periode=plan.periode_fra is not None, har_neste_revisjon=plan.neste_revisjon is not None,
        samtykke_plan=gyldig_samtykke(okt, plan.person_id, idag, omfang="ip") is not None,
        samtykke_deling=gyldig_samtykke(okt, plan.person_id, idag, omfang="deling") is not None,
        har_samarbeid=bool(plan.samarbeid.strip()))


def sjekk_planinnhold_for(avh: Avhengigheter, aktor: Aktor, plan_id: int, *, idag: date) -> tuple[Mangel, ...]:
    """Mangler i planen etter forskrift § 19 a–i, regnet fra det som er lagret (lovkrav K11)."""
    with arbeidsenhet(avh.motor) as okt:
        plan = hent_plan(okt, plan_id)
        krev_tilgang(okt, aktor, plan.person_id, hva=f"individuell plan {plan.referanse}",
                     hvorfor="sjekke planinnhold", idag=idag)
        return sjekk_planinnhold(_planfakta(okt, plan, idag))
