"""Oppslag dashbordet trenger: lenkereferanser, «Mine oppgaver» med personnavn, og å fullføre en oppgave.

Navn vises bare for personer aktøren har tjenstlig behov for (samme SQL-vilkår som personsøket), og hvert
navn som vises, logges som en lesing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavestatus
from modeller.tabeller import IndividuellPlan, Oppgave, Person, Sak
from modeller.tjenester.feil import IkkeFunnet
from modeller.tjenester.oppgaver import fullfor_oppgave, oppgavekoen
from modeller.tjenester.tilgang import Aktor, logg, tilgangsfilter


def person_for_referanse(avh: Avhengigheter, referanse: str) -> str | None:
    """Personreferansen en e-postlenke peker til (person P-, sak S- eller plan IP-); None når ingen finnes.

    Gir bare den ugjennomsiktige referansen videre; tilgangen sjekkes (og logges) av personsiden.
    """
    with lesing(avh.motor) as okt:
        if referanse.startswith("P-"):
            return okt.exec(select(Person.referanse).where(col(Person.referanse) == referanse)).first()
        if referanse.startswith("S-"):
            sporring = select(Person.referanse).join(Sak, col(Sak.person_id) == col(Person.id))
            return okt.exec(sporring.where(col(Sak.referanse) == referanse)).first()
        if referanse.startswith("IP-"):
            sporring = select(Person.referanse).join(IndividuellPlan, col(IndividuellPlan.person_id) == col(Person.id))
            return okt.exec(sporring.where(col(IndividuellPlan.referanse) == referanse)).first()
    return None


def person_id_for(avh: Avhengigheter, person_referanse: str) -> int:
    """Personens id for en referanse, uten personopplysninger; `IkkeFunnet` når den ikke finnes.

    Tilgangen sjekkes av bruksområdet som leser personens opplysninger (et endret id/ref gir «nektet» der).
    """
    with lesing(avh.motor) as okt:
        person_id = okt.exec(select(Person.id).where(col(Person.referanse) == person_referanse)).first()
    if person_id is None:
        raise IkkeFunnet("Fant ingen person med den referansen.")
    return person_id


@dataclass(frozen=True)
class Oppgaverad:
    """En oppgave slik «Mine oppgaver» viser den."""

    id: int
    tittel: str
    oppgavetype: str
    frist: date
    status: str
    felles_ko: bool
    gjelder_person: bool
    person_referanse: str | None
    person_navn: str | None


def mine_oppgaver(avh: Avhengigheter, aktor: Aktor, *, idag: date, status: Oppgavestatus = Oppgavestatus.APEN,
                  eier: str | None = None, grense: int = 25, forskyvning: int = 0) -> list[Oppgaverad]:
    """Køen aktøren ser (forfalte først), med navn på personene aktøren har tilgang til; navnene logges."""
    with arbeidsenhet(avh.motor) as okt:
        oppgaver = oppgavekoen(okt, aktor, idag=idag, status=status, eier=eier, grense=grense,
                               forskyvning=forskyvning)
        person_ider = {o.person_id for o in oppgaver if o.person_id is not None}
        personer: dict[int, Person] = {}
        if person_ider:
            sporring = select(Person).where(col(Person.id).in_(person_ider))
            filter_ = tilgangsfilter(aktor, idag)
            if filter_ is not None:
                sporring = sporring.where(filter_)
            personer = {p.id: p for p in okt.exec(sporring) if p.id is not None}
        for person_id in sorted(personer):
            logg(okt, aktor, person_id, "les", "navn i oppgavelisten", "mine oppgaver")
        return [_rad(o, personer.get(o.person_id) if o.person_id else None) for o in oppgaver]


def _rad(o: Oppgave, person: Person | None) -> Oppgaverad:
    return Oppgaverad(id=o.id or 0, tittel=o.tittel, oppgavetype=o.oppgavetype, frist=o.frist, status=str(o.status),
                      felles_ko=o.eier_id is None, gjelder_person=o.person_id is not None,
                      person_referanse=person.referanse if person else None,
                      person_navn=person.navn if person else None)


def fullfor(avh: Avhengigheter, aktor: Aktor, oppgave_id: int, *, na: datetime, notat: str | None = None) -> Oppgave:
    """Fullfør en oppgave i én transaksjon (tilgang og status sjekkes av oppgavekøen)."""
    with arbeidsenhet(avh.motor) as okt:
        return fullfor_oppgave(okt, aktor, oppgave_id, na=na, notat=(notat or "").strip() or None)
