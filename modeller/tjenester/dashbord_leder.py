"""Ledertall: forfalt arbeid talt opp i SQL (bare antall, ingen personopplysninger), for lederens oversikt.

Hver telling bruker en indeks (status+frist, oppgavetype, evalueringsdato, neste_revisjon, revurdering_dato),
så kostnaden følger det som er forfalt, ikke hele registeret.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import OPPGAVETEKST, Klagestatus, Oppgavestatus, Oppgavetype, Planstatus, Rolle
from modeller.tabeller import IndividuellPlan, Klage, Oppgave, Tiltak, Vedtak
from modeller.tjenester.feil import IngenTilgang
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.varsler import tell_varsler


@dataclass(frozen=True)
class Ledertall:
    """Forfalt og ventende arbeid i hele KE."""

    apne_oppgaver: int
    forfalte_oppgaver: int
    forfalte_per_type: tuple[tuple[str, int], ...]
    forfalte_evalueringer: int
    forfalte_planrevisjoner: int
    forfalte_revurderinger: int
    referat_mangler: int  # åpne «skriv referat»-oppgaver (én per holdt møte uten referat)
    klager_til_behandling: int
    dode_varsler: int


def _antall(okt: Session, sporring: object) -> int:
    return int(okt.exec(sporring).one() or 0)  # type: ignore[call-overload]


def ledertall(avh: Avhengigheter, aktor: Aktor, *, idag: date) -> Ledertall:
    """Tall for lederens oversikt (bare leder); åpne oppgaver telles i én gruppert spørring på status+frist."""
    if aktor.rolle != Rolle.LEDER:
        raise IngenTilgang("Lederoversikten er bare for lederen.")
    forfalt = col(Oppgave.frist) < idag
    with lesing(avh.motor) as okt:
        oppgaver = [(str(t), bool(f), int(n)) for t, f, n in okt.exec(
            select(Oppgave.oppgavetype, forfalt, func.count()).where(col(Oppgave.status) == Oppgavestatus.APEN)
            .group_by(col(Oppgave.oppgavetype), forfalt)).all()]
        per_type = sorted(((t, n) for t, f, n in oppgaver if f), key=lambda r: (-r[1], r[0]))
        return Ledertall(
            apne_oppgaver=sum(n for _, _, n in oppgaver),
            forfalte_oppgaver=sum(n for _, n in per_type),
            forfalte_per_type=tuple((OPPGAVETEKST.get(t, t), n) for t, n in per_type),
            forfalte_evalueringer=_antall(okt, select(func.count()).select_from(Tiltak).where(
                col(Tiltak.status) == "aktiv", col(Tiltak.evalueringsdato) < idag)),
            forfalte_planrevisjoner=_antall(okt, select(func.count()).select_from(IndividuellPlan).where(
                col(IndividuellPlan.status) != Planstatus.AVSLUTTET, col(IndividuellPlan.neste_revisjon) < idag)),
            forfalte_revurderinger=_antall(okt, select(func.count()).select_from(Vedtak).where(
                col(Vedtak.erstattet_av_id).is_(None), col(Vedtak.revurdering_dato) < idag)),
            referat_mangler=sum(n for t, _, n in oppgaver if t == Oppgavetype.SKRIV_REFERAT),
            klager_til_behandling=_antall(okt, select(func.count()).select_from(Klage).where(
                col(Klage.status) == Klagestatus.MOTTATT)),
            dode_varsler=tell_varsler(avh).get("dod", 0),
        )
