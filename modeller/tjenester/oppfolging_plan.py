"""Oppfølging av koordinering og plan: barnekoordinatorovergang, planrevisjon, tiltaksevaluering, opplæring, referat.

Alle krever samtykke unntatt referat fra KE-gruppen og samhandlingsforum (lovkrav K3, K6).
"""

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from modeller.kalender import lokal_dato, lokalt_tidspunkt
from modeller.regler.begreper import Koordinatorrolle, Motestatus, Oppgavetype, Planstatus, Rolle
from modeller.tabeller import Gruppe, IndividuellPlan, Koordinatoroppdrag, Mote, Tiltak, Tjenesteyter
from modeller.tjenester.oppfolging_felles import (
    Kjoring,
    i_batcher,
    koordinator_eier,
    koordinatorer_for,
    samtykke_stoppet,
    teller,
    uten_oppgave,
)
from modeller.tjenester.oppgaver import oppgavenokkel


def barnekoordinator_overgang(k: Kjoring) -> int:
    """Overgang fra barnekoordinator før 18-årsdagen (001 L785; K10).

    Oppgaven kommer på overgangsdatoen (planlagt slutt minus `barnekoordinator_overgang_dager`) og har frist
    `horisont` dager før 18-årsdagen, så nytt koordinatorvedtak eller avslutning og beskjed til familien er på
    plass før oppdraget ender (tolkning).
    """
    dager = k.avh.regelverk.barnekoordinator_overgang_dager
    KO = Koordinatoroppdrag

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(KO).where(
            col(KO.rolle) == Koordinatorrolle.BARNEKOORDINATOR,
            col(KO.planlagt_slutt) <= k.ref + timedelta(days=dager), or_(col(KO.til).is_(None), col(KO.til) > k.ref),
            col(KO.id) > sist, ~samtykke_stoppet(col(KO.person_id), k.ref),
            uten_oppgave(Oppgavetype.BARNEKOORDINATOR_OVERGANG, "koordinatoroppdrag", col(KO.id)),
        ).order_by(col(KO.id))

    def lag(okt: Session, rader: Sequence[Koordinatoroppdrag]) -> int:
        return sum(teller(okt, oppgavetype=Oppgavetype.BARNEKOORDINATOR_OVERGANG, objekt_type="koordinatoroppdrag",
                          objekt_id=o.id, frist=o.planlagt_slutt - timedelta(days=k.horisont), person_id=o.person_id,
                          eier_rolle=Rolle.SAKSBEHANDLER)
                   for o in rader if o.planlagt_slutt and o.planlagt_slutt - timedelta(days=dager) <= k.ref)
    return i_batcher(k, sporring, lag, lambda o: o.id)


def plan_revisjon(k: Kjoring) -> int:
    """Aktiv plan med neste revisjon innen horisonten eller passert (§ 19 g; K12) → koordinatoren."""
    P = IndividuellPlan

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(P).where(
            col(P.status) == Planstatus.AKTIV, col(P.neste_revisjon) <= k.ref + timedelta(days=k.horisont),
            col(P.id) > sist, ~samtykke_stoppet(col(P.person_id), k.ref),
            uten_oppgave(Oppgavetype.PLAN_REVISJON, "plan", col(P.id), col(P.neste_revisjon))).order_by(col(P.id))

    def lag(okt: Session, planer: Sequence[IndividuellPlan]) -> int:
        koordinatorer = koordinatorer_for(okt, {p.person_id for p in planer}, k.ref)
        return sum(teller(okt, oppgavetype=Oppgavetype.PLAN_REVISJON, objekt_type="plan", objekt_id=p.id,
                          frist=p.neste_revisjon, person_id=p.person_id,
                          nokkel=oppgavenokkel(Oppgavetype.PLAN_REVISJON, "plan", p.id, p.neste_revisjon),
                          **koordinator_eier(koordinatorer, p.person_id)) for p in planer)
    return i_batcher(k, sporring, lag, lambda p: p.id)


def evaluer_tiltak(k: Kjoring) -> int:
    """Aktivt tiltak i aktiv plan med evalueringsdato innen horisonten eller passert (§ 19 e–f; K15)."""
    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Tiltak, IndividuellPlan).join(IndividuellPlan).where(
            col(Tiltak.status) == "aktiv", col(Tiltak.evalueringsdato) <= k.ref + timedelta(days=k.horisont),
            col(IndividuellPlan.status) == Planstatus.AKTIV, col(Tiltak.id) > sist,
            ~samtykke_stoppet(col(IndividuellPlan.person_id), k.ref),
            uten_oppgave(Oppgavetype.EVALUER_TILTAK, "tiltak", col(Tiltak.id), col(Tiltak.evalueringsdato)),
        ).order_by(col(Tiltak.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[Tiltak, IndividuellPlan]]) -> int:
        koordinatorer = koordinatorer_for(okt, {p.person_id for _, p in rader}, k.ref)
        return sum(teller(okt, oppgavetype=Oppgavetype.EVALUER_TILTAK, objekt_type="tiltak", objekt_id=t.id,
                          frist=t.evalueringsdato, person_id=p.person_id,
                          nokkel=oppgavenokkel(Oppgavetype.EVALUER_TILTAK, "tiltak", t.id, t.evalueringsdato),
                          **koordinator_eier(koordinatorer, p.person_id)) for t, p in rader)
    return i_batcher(k, sporring, lag, lambda r: r[0].id)


def koordinatoropplaering(k: Kjoring) -> int:
    """Koordinator med aktivt oppdrag uten registrert opplæring → KE-leder (hol § 7-3; 001 L909–910; K9)."""
    KO = Koordinatoroppdrag

    def sporring(sist: int) -> SelectOfScalar[Any]:
        forste = func.min(KO.fra)
        return select(Tjenesteyter.id, forste).join(KO, col(KO.tjenesteyter_id) == col(Tjenesteyter.id)).where(
            col(Tjenesteyter.opplaering_dato).is_(None), col(KO.fra) <= k.ref,
            or_(col(KO.til).is_(None), col(KO.til) >= k.ref), col(Tjenesteyter.id) > sist,
            ~samtykke_stoppet(col(KO.person_id), k.ref),
            uten_oppgave(Oppgavetype.KOORDINATOROPPLAERING, "tjenesteyter", col(Tjenesteyter.id)),
        ).group_by(col(Tjenesteyter.id)).order_by(col(Tjenesteyter.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[int, date]]) -> int:
        return sum(teller(okt, oppgavetype=Oppgavetype.KOORDINATOROPPLAERING, objekt_type="tjenesteyter",
                          objekt_id=ty, frist=fra + timedelta(days=k.avh.regelverk.opplaering_frist_dager),
                          eier_rolle=Rolle.LEDER) for ty, fra in rader)
    return i_batcher(k, sporring, lag, lambda r: r[0])


def skriv_referat(k: Kjoring) -> int:
    """Holdt (eller passert planlagt) møte uten referat etter referatfristen → koordinator eller KE-leder."""
    dager = k.avh.regelverk.referat_frist_dager
    grense = lokalt_tidspunkt(k.ref - timedelta(days=dager), time(0))

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Mote, Gruppe).join(Gruppe).where(
            col(Mote.status).in_((Motestatus.GJENNOMFORT, Motestatus.PLANLAGT)), col(Mote.start) < grense,
            col(Mote.referat).is_(None), col(Mote.id) > sist,
            or_(col(Gruppe.person_id).is_(None), ~samtykke_stoppet(col(Gruppe.person_id), k.ref)),
            uten_oppgave(Oppgavetype.SKRIV_REFERAT, "mote", col(Mote.id))).order_by(col(Mote.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[Mote, Gruppe]]) -> int:
        koordinatorer = koordinatorer_for(okt, {g.person_id for _, g in rader if g.person_id}, k.ref)
        return sum(teller(okt, oppgavetype=Oppgavetype.SKRIV_REFERAT, objekt_type="mote", objekt_id=m.id,
                          frist=lokal_dato(m.start) + timedelta(days=dager), person_id=g.person_id,
                          **(koordinator_eier(koordinatorer, g.person_id) if g.person_id
                             else {"eier_rolle": Rolle.LEDER})) for m, g in rader)
    return i_batcher(k, sporring, lag, lambda r: r[0].id)
