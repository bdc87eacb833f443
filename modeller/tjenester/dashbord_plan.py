"""Lesing av én individuell plan med mål, tiltak og evalueringer for planside i dashbordet.

Krever tjenstlig behov og logger lesingen (Normen; lovkrav K24). Endringer går gjennom
`modeller.tjenester.plan`, som tar planens `versjon` for optimistisk låsing.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Planstatus
from modeller.tabeller import Evaluering, IndividuellPlan, Mal, Person, Tiltak, Tjenesteyter
from modeller.tjenester.dashbord_oppslag import person_id_for
from modeller.tjenester.tilgang import Aktor, krev_tilgang


@dataclass(frozen=True)
class Tiltakslinje:
    """Et tiltak med ansvarliges navn og evalueringene, nyeste først."""

    tiltak: Tiltak
    ansvarlig: str
    evalueringer: tuple[Evaluering, ...]


@dataclass(frozen=True)
class Plandetaljer:
    """Personens gjeldende plan (eller None), med mål og tiltak; `person_id` for videre bruksområder."""

    person_id: int
    person_navn: str
    plan: IndividuellPlan | None
    mal: tuple[Mal, ...]
    tiltak: tuple[Tiltakslinje, ...]


def hent_plandetaljer(avh: Avhengigheter, aktor: Aktor, person_referanse: str, *, idag: date) -> Plandetaljer:
    """Gjeldende plan (ikke avsluttet, ellers den siste) med mål, tiltak og evalueringer; lesingen logges."""
    person_id = person_id_for(avh, person_referanse)
    with arbeidsenhet(avh.motor) as okt:
        person = okt.get(Person, person_id)
        assert person is not None
        krev_tilgang(okt, aktor, person_id, hva="individuell plan (mål, tiltak, evalueringer)",
                     hvorfor="arbeide med individuell plan", idag=idag)
        planer = list(okt.exec(select(IndividuellPlan).where(col(IndividuellPlan.person_id) == person_id)
                               .order_by(col(IndividuellPlan.id).desc())))
        plan = next((p for p in planer if p.status != Planstatus.AVSLUTTET), planer[0] if planer else None)
        if plan is None:
            return Plandetaljer(person_id, person.navn, None, (), ())
        mal = tuple(okt.exec(select(Mal).where(col(Mal.plan_id) == plan.id).order_by(col(Mal.id))))
        rader = okt.exec(select(Tiltak, Tjenesteyter.navn).join(
            Tjenesteyter, col(Tjenesteyter.id) == col(Tiltak.ansvarlig_id)).where(
            col(Tiltak.plan_id) == plan.id).order_by(col(Tiltak.status), col(Tiltak.evalueringsdato))).all()
        evalueringer: dict[int, list[Evaluering]] = {}
        for e in okt.exec(select(Evaluering).where(col(Evaluering.tiltak_id).in_([t.id for t, _ in rader]))
                          .order_by(col(Evaluering.dato).desc(), col(Evaluering.id).desc())):
            evalueringer.setdefault(e.tiltak_id, []).append(e)
        linjer = tuple(Tiltakslinje(t, navn, tuple(evalueringer.get(t.id or 0, []))) for t, navn in rader)
        return Plandetaljer(person_id, person.navn, plan, mal, linjer)

