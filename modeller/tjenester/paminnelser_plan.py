"""Påminnelser om planen og koordinatoren: tiltak, revisjon, referat, opplæring og barnekoordinator.

Hver utløser gjør én spørring avgrenset av en indeksert fristkolonne (kostnaden følger det som forfaller),
henter mottakerne samlet og legger radene i utboksen. Kildene for utløserne: kilderegler.md §7.13.
"""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlmodel import col

from modeller.kalender import lokal_dato
from modeller.regler.begreper import Koordinatorrolle, Motestatus, Oppgavestatus, Oppgavetype, Planstatus
from modeller.regler.frister import barnekoordinator_overgangsdato
from modeller.regler.paminnelser import forfall_pa_virkedag
from modeller.tabeller import Gruppe, IndividuellPlan, Koordinatoroppdrag, Mote, Oppgave, Person, Tiltak, Tjenesteyter
from modeller.tjenester.paminnelser_felles import Mottaker, Planlegger, gyldig_samtykke, hent

AKTIVT_TILTAK = "aktiv"


def tiltak_evaluering(p: Planlegger) -> None:
    """Tiltak som snart skal evalueres eller er over fristen → ansvarlig, kopi til koordinator (002 L355)."""
    fra, _ = p.vindu_etter(1)
    _, til = p.vindu_for()
    rader = hent(
        p.okt,
        select(col(Tiltak.id), col(Tiltak.evalueringsdato), col(IndividuellPlan.person_id),
               col(IndividuellPlan.referanse), col(Tjenesteyter.epost), col(Tjenesteyter.malform),
               col(Tjenesteyter.aktiv))
        .join(IndividuellPlan, col(IndividuellPlan.id) == col(Tiltak.plan_id))
        .join(Tjenesteyter, col(Tjenesteyter.id) == col(Tiltak.ansvarlig_id))
        .where(col(Tiltak.evalueringsdato).between(fra, til), col(Tiltak.status) == AKTIVT_TILTAK,
               col(IndividuellPlan.status) == Planstatus.AKTIV, gyldig_samtykke(IndividuellPlan.person_id, p.dato))
    )
    evaluert = p.siste_evalueringer(r[0] for r in rader)
    koordinatorer = p.koordinatorer(r[2] for r in rader)
    tidligst = timedelta(days=max(p.dager_for, default=0))
    for tiltak_id, frist, person_id, referanse, epost, malform, aktiv in rader:
        if tiltak_id in evaluert and evaluert[tiltak_id] >= frist - tidligst:
            continue  # evaluert i perioden fristen gjelder
        koordinator = koordinatorer.get(person_id)
        ansvarlig = Mottaker(epost, malform, "ansvarlig for tiltak") if aktiv else koordinator
        if ansvarlig is not None:
            _tiltak(p, ansvarlig, koordinator, tiltak_id, frist, person_id, referanse)


def _tiltak(p: Planlegger, ansvarlig: Mottaker, koordinator: Mottaker | None, tiltak_id: int | None, frist: date,
            person_id: int, referanse: str) -> None:
    """Påminnelse før fristen og/eller dagen etter, til ansvarlig med kopi til koordinatoren."""
    for varseltype, r, dager in (("tiltak_evaluering_snart", p.for_frist(frist), (frist - p.dato).days),
                                 ("tiltak_evaluering_forfalt", p.etter_frist(frist), (p.dato - frist).days)):
        if r is not None:
            p.legg_inn(varseltype, mottaker=ansvarlig, kopi=koordinator, paminnelse=r, referanse=referanse,
                       objekt_type="tiltak", objekt_id=tiltak_id, person_id=person_id, frist=frist, dager=dager)


def plan_revisjon(p: Planlegger) -> None:
    """Aktiv individuell plan med revisjonsdato som nærmer seg → koordinator (eller KE uten koordinator)."""
    fra, til = p.vindu_for()
    rader = hent(
        p.okt,
        select(col(IndividuellPlan.id), col(IndividuellPlan.neste_revisjon), col(IndividuellPlan.person_id),
               col(IndividuellPlan.referanse))
        .where(col(IndividuellPlan.neste_revisjon).between(fra, til), col(IndividuellPlan.status) == Planstatus.AKTIV,
               gyldig_samtykke(IndividuellPlan.person_id, p.dato))
    )
    koordinatorer = p.koordinatorer(r[2] for r in rader)
    for plan_id, frist, person_id, referanse in rader:
        if frist is not None and (r := p.for_frist(frist)) is not None:
            p.legg_inn("plan_revisjon", mottaker=koordinatorer.get(person_id, p.ke), paminnelse=r,
                       referanse=referanse, objekt_type="plan", objekt_id=plan_id, person_id=person_id, frist=frist)


def referat_mangler(p: Planlegger) -> None:
    """Oppgaven «skriv referat» er forfalt og referatet mangler → koordinator (eller KE).

    Oppgaven peker på møtet med objekt_type «mote»; uten møte brukes fristen minus referatfristen som møtedato.
    """
    fra, til = p.vindu_etter(1)
    person = func.coalesce(Oppgave.person_id, Gruppe.person_id)
    rader = hent(
        p.okt,
        select(col(Oppgave.id), col(Oppgave.frist), person, col(Mote.start))
        .outerjoin(Mote, and_(col(Oppgave.objekt_type) == "mote", col(Oppgave.objekt_id) == col(Mote.id)))
        .outerjoin(Gruppe, col(Gruppe.id) == col(Mote.gruppe_id))
        .where(col(Oppgave.status) == Oppgavestatus.APEN, col(Oppgave.frist).between(fra, til),
               col(Oppgave.oppgavetype) == Oppgavetype.SKRIV_REFERAT, person.is_not(None),
               or_(col(Mote.id).is_(None), and_(col(Mote.referat_skrevet).is_(None),
                                                 col(Mote.status) != Motestatus.AVLYST)),
               gyldig_samtykke(person, p.dato))
    )
    koordinatorer, referanser = p.koordinatorer(r[2] for r in rader), p.referanser(r[2] for r in rader)
    for oppgave_id, frist, person_id, start in rader:
        if (r := p.etter_frist(frist)) is None:
            continue
        motedato = lokal_dato(start) if start else frist - timedelta(days=p.avh.regelverk.referat_frist_dager)
        p.legg_inn("referat_mangler", mottaker=koordinatorer.get(person_id, p.ke), paminnelse=r,
                   referanse=referanser[person_id], objekt_type="oppgave", objekt_id=oppgave_id,
                   person_id=person_id, frist=frist, dato=motedato)


def _aktive_oppdrag(p: Planlegger) -> list[ColumnElement[bool]]:
    """Vilkårene for et oppdrag som gjelder i dag, med aktiv tjenesteyter og gyldig samtykke."""
    return [col(Koordinatoroppdrag.fra) <= p.dato,
            or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= p.dato),
            col(Tjenesteyter.aktiv).is_(True), gyldig_samtykke(Koordinatoroppdrag.person_id, p.dato)]


def opplaering_mangler(p: Planlegger) -> None:
    """Koordinator uten registrert opplæring innen fristen → koordinatoren, kopi til KE (001 L909–910)."""
    frist_dager = p.avh.regelverk.opplaering_frist_dager
    fra, til = (d - timedelta(days=frist_dager) for d in p.vindu_for())
    rader = hent(
        p.okt,
        select(col(Koordinatoroppdrag.id), col(Koordinatoroppdrag.fra), col(Koordinatoroppdrag.person_id),
               col(Person.referanse), col(Tjenesteyter.epost), col(Tjenesteyter.malform))
        .join(Tjenesteyter, col(Tjenesteyter.id) == col(Koordinatoroppdrag.tjenesteyter_id))
        .join(Person, col(Person.id) == col(Koordinatoroppdrag.person_id))
        .where(col(Koordinatoroppdrag.fra).between(fra, til), col(Tjenesteyter.opplaering_dato).is_(None),
               *_aktive_oppdrag(p))
    )
    for oppdrag_id, start, person_id, referanse, epost, malform in rader:
        frist = start + timedelta(days=frist_dager)
        if (r := p.for_frist(frist)) is not None:
            p.legg_inn("opplaering_mangler", mottaker=Mottaker(epost, malform, "koordinator"), kopi=p.ke,
                       paminnelse=r, referanse=referanse, objekt_type="koordinatoroppdrag", objekt_id=oppdrag_id,
                       person_id=person_id, frist=frist)


def barnekoordinator_overgang(p: Planlegger) -> None:
    """Barnet fyller 18 → barnekoordinatoren, kopi til KE: ved overgangsdatoen og før 18-årsdagen (001 L785)."""
    fra, til = p.vindu_for(p.avh.regelverk.barnekoordinator_overgang_dager)
    rader = hent(
        p.okt,
        select(col(Koordinatoroppdrag.id), col(Koordinatoroppdrag.planlagt_slutt), col(Koordinatoroppdrag.person_id),
               col(Person.fodselsdato), col(Person.referanse), col(Tjenesteyter.epost), col(Tjenesteyter.malform))
        .join(Tjenesteyter, col(Tjenesteyter.id) == col(Koordinatoroppdrag.tjenesteyter_id))
        .join(Person, col(Person.id) == col(Koordinatoroppdrag.person_id))
        .where(col(Koordinatoroppdrag.planlagt_slutt).between(fra, til),
               col(Koordinatoroppdrag.rolle) == Koordinatorrolle.BARNEKOORDINATOR, *_aktive_oppdrag(p))
    )
    for oppdrag_id, slutt, person_id, fodselsdato, referanse, epost, malform in rader:
        if slutt is None or (r := p.for_frist(slutt, _overgang(p, fodselsdato))) is None:
            continue
        p.legg_inn("barnekoordinator_overgang", mottaker=Mottaker(epost, malform, "koordinator"), kopi=p.ke,
                   paminnelse=r, referanse=referanse, objekt_type="koordinatoroppdrag", objekt_id=oppdrag_id,
                   person_id=person_id, frist=slutt)


def _overgang(p: Planlegger, fodselsdato: date | None) -> tuple[date, ...]:
    """Overgangsdatoen (18-årsdagen minus overgangsdagene) som påminnelsesdato, på en virkedag."""
    if fodselsdato is None:
        return ()
    return (forfall_pa_virkedag(barnekoordinator_overgangsdato(fodselsdato, p.avh.regelverk), p.fridager),)
