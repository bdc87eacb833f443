"""Personene: søk etter person og personens oversikt, for dashbordet og CLI-en.

Lesingene er deny-by-default og logget (Normen; lovkrav K24–K25): `hent_personoversikt` krever tjenstlig
behov via `krev_tilgang`, og `sok_personer` filtrerer i SQL på det aktøren har tilgang til.
"""

from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar

from sqlalchemy import case, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Motestatus, Oppgavestatus, Rolle
from modeller.regler.samtykke import samtykke_gjelder
from modeller.tabeller import (
    Gruppe,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Mal,
    Melding,
    Mote,
    Oppgave,
    Person,
    Relasjon,
    Sak,
    Samtykke,
    SamtykkeDeling,
    Tiltak,
    Tjenestetype,
    Tjenesteyter,
    Vedtak,
)
from modeller.tjenester.feil import Feltfeil, Valideringsfeil
from modeller.tjenester.skjemahjelp import avvis, hent
from modeller.tjenester.tilgang import Aktor, krev_tilgang, logg, tilgangsfilter

T = TypeVar("T")


@dataclass(frozen=True)
class Personrad:
    """Ett treff i personsøket: nok til å velge riktig person, med maskert identitetsnummer."""

    id: int
    referanse: str
    navn: str
    fodselsdato: date | None
    identitetsnummer_maskert: str | None


def _maskert(nummer: str | None) -> str | None:
    return None if not nummer else nummer[:6] + "*****"


def _sokevilkar(tekst_: str) -> ColumnElement[bool]:
    """Tall søker i identitetsnummeret (hele, eller fødselsdato-delen), ellers hvert ord i for- eller etternavn."""
    kompakt = "".join(tekst_.split())
    if kompakt.isdigit():
        if len(kompakt) == 11:
            return col(Person.identitetsnummer) == kompakt
        return col(Person.identitetsnummer).startswith(kompakt, autoescape=True)
    vilkar = [or_(col(Person.fornavn).istartswith(ord_, autoescape=True),
                  col(Person.etternavn).istartswith(ord_, autoescape=True)) for ord_ in tekst_.split()]
    return vilkar[0] if len(vilkar) == 1 else vilkar[0] & _alle(vilkar[1:])


def _alle(vilkar: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    resultat = vilkar[0]
    for v in vilkar[1:]:
        resultat = resultat & v
    return resultat


def sok_personer(avh: Avhengigheter, aktor: Aktor, tekst_: str, *, idag: date, grense: int = 20,
                 forskyvning: int = 0, hvorfor: str = "søk etter person") -> list[Personrad]:
    """Søk på navn eller nummer blant personene aktøren har tilgang til; hvert treff logges som en lesing."""
    renset = (tekst_ or "").strip()
    feil: list[Feltfeil] = []
    if len(renset) < 2:
        feil.append(Feltfeil("søketekst", "Skriv minst to tegn."))
    if not 1 <= grense <= 100:
        feil.append(Feltfeil("grense", "Må være mellom 1 og 100."))
    if forskyvning < 0:
        feil.append(Feltfeil("forskyvning", "Kan ikke være negativ."))
    avvis(feil)
    if aktor.rolle == Rolle.ADMIN:
        return []
    sporring = select(Person).where(_sokevilkar(renset))
    filter_ = tilgangsfilter(aktor, idag)
    if filter_ is not None:
        sporring = sporring.where(filter_)
    sporring = sporring.order_by(col(Person.etternavn), col(Person.fornavn), col(Person.id))
    with arbeidsenhet(avh.motor) as okt:
        personer = list(okt.exec(sporring.offset(forskyvning).limit(grense)))
        for p in personer:
            logg(okt, aktor, p.id, "les", "personsøk (navn og fødselsdato)", hvorfor)
        return [Personrad(id=p.id or 0, referanse=p.referanse, navn=p.navn, fodselsdato=p.fodselsdato,
                          identitetsnummer_maskert=_maskert(p.identitetsnummer)) for p in personer]


@dataclass(frozen=True)
class Samtykkelinje:
    """Et samtykke, om det gjelder i dag, og navnene på tjenesteyterne det lar få opplysninger."""

    samtykke: Samtykke
    gjelder_na: bool
    delt_med: tuple[str, ...]


@dataclass(frozen=True)
class Vedtakslinje:
    """Et vedtak med klagefrist og revurdering (på raden), tjenestens navn og klagene på det."""

    vedtak: Vedtak
    tjeneste: str | None
    klager: tuple[Klage, ...]


@dataclass(frozen=True)
class Plansammendrag:
    """En individuell plan i kortform: status, neste revisjon, antall mål og tiltak, neste evaluering."""

    plan: IndividuellPlan
    antall_mal: int
    antall_tiltak: int
    neste_evaluering: date | None


@dataclass(frozen=True)
class Personoversikt:
    """Alt dashbordet viser om én person; lest i én transaksjon og logget (lovkrav K2, K24)."""

    person: Person
    relasjoner: tuple[Relasjon, ...]
    samtykker: tuple[Samtykkelinje, ...]
    saker: tuple[Sak, ...]
    meldinger: tuple[Melding, ...]
    vedtak: tuple[Vedtakslinje, ...]
    koordinatorer: tuple[tuple[Koordinatoroppdrag, str], ...]
    planer: tuple[Plansammendrag, ...]
    grupper: tuple[Gruppe, ...]
    neste_mote: Mote | None
    oppgaver: tuple[Oppgave, ...]


def _alle_for(okt: Session, klasse: type[T], person_kolonne: Any, person_id: int, *orden: Any) -> tuple[T, ...]:
    return tuple(okt.exec(select(klasse).where(person_kolonne == person_id).order_by(*orden)))


def _samtykker(okt: Session, person_id: int, idag: date) -> tuple[Samtykkelinje, ...]:
    samtykker = _alle_for(okt, Samtykke, col(Samtykke.person_id), person_id, col(Samtykke.gitt).desc())
    delinger = okt.exec(select(SamtykkeDeling.samtykke_id, Tjenesteyter.navn).join(Tjenesteyter).where(
        col(SamtykkeDeling.samtykke_id).in_([s.id for s in samtykker])).order_by(col(Tjenesteyter.navn)))
    navn: dict[int, list[str]] = {}
    for samtykke_id, tjenesteyter in delinger:
        navn.setdefault(samtykke_id, []).append(tjenesteyter)
    return tuple(Samtykkelinje(s, samtykke_gjelder(gitt=s.gitt, gyldig_til=s.gyldig_til, trukket=s.trukket, idag=idag),
                               tuple(navn.get(s.id or 0, []))) for s in samtykker)


def _vedtak(okt: Session, person_id: int) -> tuple[Vedtakslinje, ...]:
    rader = okt.exec(select(Vedtak, Tjenestetype.navn).outerjoin(Tjenestetype).where(
        col(Vedtak.person_id) == person_id).order_by(col(Vedtak.fattet_dato).desc(), col(Vedtak.id).desc())).all()
    klager: dict[int, list[Klage]] = {}
    for k in okt.exec(select(Klage).where(col(Klage.vedtak_id).in_([v.id for v, _ in rader])).order_by(
            col(Klage.mottatt))):
        klager.setdefault(k.vedtak_id, []).append(k)
    return tuple(Vedtakslinje(v, navn, tuple(klager.get(v.id or 0, []))) for v, navn in rader)


def _planer(okt: Session, person_id: int) -> tuple[Plansammendrag, ...]:
    planer = _alle_for(okt, IndividuellPlan, col(IndividuellPlan.person_id), person_id, col(IndividuellPlan.id).desc())
    ider = [p.id for p in planer]
    mal = dict(okt.exec(select(Mal.plan_id, func.count()).where(col(Mal.plan_id).in_(ider)).group_by(
        col(Mal.plan_id))).all())
    tiltak = {p: (n, d) for p, n, d in okt.exec(select(
        Tiltak.plan_id, func.count(), func.min(case((col(Tiltak.status) == "aktiv", col(Tiltak.evalueringsdato)))),
    ).where(col(Tiltak.plan_id).in_(ider)).group_by(col(Tiltak.plan_id)))}
    return tuple(Plansammendrag(p, mal.get(p.id or 0, 0), tiltak.get(p.id or 0, (0, None))[0],
                                tiltak.get(p.id or 0, (0, None))[1]) for p in planer)


def hent_personoversikt(avh: Avhengigheter, aktor: Aktor, person_id: int, *, idag: date,
                        hvorfor: str) -> Personoversikt:
    """Personens oversikt for dashbordet og CLI-en; krever tjenstlig behov og logger lesingen (Normen)."""
    if not (hvorfor or "").strip():
        raise Valideringsfeil.en("hvorfor", "Oppgi hvorfor du åpner personens opplysninger.")
    with arbeidsenhet(avh.motor) as okt:
        person = hent(okt, Person, person_id, "person")
        krev_tilgang(okt, aktor, person_id, hva="personoversikt", hvorfor=hvorfor.strip(), idag=idag)
        koordinatorer = okt.exec(select(Koordinatoroppdrag, Tjenesteyter.navn).join(
            Tjenesteyter, col(Tjenesteyter.id) == col(Koordinatoroppdrag.tjenesteyter_id)).where(
            col(Koordinatoroppdrag.person_id) == person_id).order_by(col(Koordinatoroppdrag.fra).desc())).all()
        grupper = _alle_for(okt, Gruppe, col(Gruppe.person_id), person_id, col(Gruppe.id))
        neste_mote = okt.exec(select(Mote).where(
            col(Mote.gruppe_id).in_([g.id for g in grupper]), col(Mote.status) == Motestatus.PLANLAGT,
            col(Mote.start) >= lokalt_tidspunkt(idag, time(0))).order_by(col(Mote.start))).first()
        oppgaver = tuple(okt.exec(select(Oppgave).where(
            col(Oppgave.person_id) == person_id, col(Oppgave.status) == Oppgavestatus.APEN).order_by(
            col(Oppgave.frist), col(Oppgave.id))))
        return Personoversikt(
            person=person, relasjoner=_alle_for(okt, Relasjon, col(Relasjon.person_id), person_id, col(Relasjon.id)),
            samtykker=_samtykker(okt, person_id, idag),
            saker=_alle_for(okt, Sak, col(Sak.person_id), person_id, col(Sak.mottatt).desc()),
            meldinger=_alle_for(okt, Melding, col(Melding.person_id), person_id, col(Melding.mottatt).desc()),
            vedtak=_vedtak(okt, person_id), koordinatorer=tuple((o, navn) for o, navn in koordinatorer),
            planer=_planer(okt, person_id), grupper=grupper, neste_mote=neste_mote, oppgaver=oppgaver)
