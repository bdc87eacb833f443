"""Lister og tall for dashbordet: referansedata, koordinatorer og caseload, møtekalender, ledertall og logginnsyn.

Alt er filtrert og sidedelt i SQL, så sidene holder seg raske med 100 000 personer. Lister med
personnavn viser bare personer aktøren har tjenstlig behov for, og hvert navn som vises, logges.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Motestatus, Rolle
from modeller.tabeller import (
    Gruppe,
    Koordinatoroppdrag,
    Mote,
    Person,
    Tilgangslogg,
    Tjenestetype,
    Tjenesteyter,
    Virksomhet,
)
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.tilgang import Aktor, logg, tilgangsfilter

MAKS_SIDE = 200


def _side(grense: int, forskyvning: int) -> None:
    if not 1 <= grense <= MAKS_SIDE + 1:
        raise Valideringsfeil.en("grense", f"Antall rader må være mellom 1 og {MAKS_SIDE}.")
    if forskyvning < 0:
        raise Valideringsfeil.en("forskyvning", "Kan ikke være negativ.")


@dataclass(frozen=True)
class Tjenesteytervalg:
    """En tjenesteyter i en nedtrekksliste (referansedata, ingen personopplysninger om brukere)."""

    id: int
    navn: str
    virksomhet: str
    kan_vaere_koordinator: bool
    opplaering_dato: date | None


def tjenesteytere(avh: Avhengigheter, *, bare_koordinatorer: bool = False, grense: int = 500) -> list[Tjenesteytervalg]:
    """Aktive tjenesteytere sortert på navn (til valg av ansvarlig, medlem eller koordinator)."""
    sporring = select(Tjenesteyter, Virksomhet.navn).join(
        Virksomhet, col(Virksomhet.id) == col(Tjenesteyter.virksomhet_id)).where(col(Tjenesteyter.aktiv))
    if bare_koordinatorer:
        sporring = sporring.where(col(Tjenesteyter.kan_vaere_koordinator))
    with lesing(avh.motor) as okt:
        rader = okt.exec(sporring.order_by(col(Tjenesteyter.navn), col(Tjenesteyter.id)).limit(grense)).all()
        return [Tjenesteytervalg(t.id or 0, t.navn, v, t.kan_vaere_koordinator, t.opplaering_dato) for t, v in rader]


def tjenestetyper(avh: Avhengigheter) -> list[tuple[int, str]]:
    """Tjenestekatalogen som (id, «kategori: navn»), til vedtaksskjemaet."""
    with lesing(avh.motor) as okt:
        rader = okt.exec(select(Tjenestetype).order_by(col(Tjenestetype.kategori), col(Tjenestetype.navn))).all()
        return [(t.id or 0, f"{t.kategori}: {t.navn}") for t in rader]


@dataclass(frozen=True)
class Koordinatorlinje:
    """En koordinator med opplæring og antall aktive oppdrag (ingen personopplysninger om brukerne)."""

    tjenesteyter_id: int
    navn: str
    virksomhet: str
    opplaering_dato: date | None
    aktive_oppdrag: int


def koordinatoroversikt(avh: Avhengigheter, aktor: Aktor, *, idag: date, grense: int = 25,
                        forskyvning: int = 0) -> list[Koordinatorlinje]:
    """Koordinatorene med caseload og opplæringsstatus; koordinatoren ser bare sin egen linje.

    Først hentes én side med koordinatorer, så telles aktive oppdrag bare for dem (indeksen på tjenesteyter),
    så kostnaden følger sidestørrelsen og ikke antall oppdrag i kommunen.
    """
    _side(grense, forskyvning)
    if aktor.rolle not in (Rolle.LEDER, Rolle.SAKSBEHANDLER, Rolle.KOORDINATOR):
        raise IngenTilgang("Koordinatoroversikten er for koordinerende enhet.")
    sporring = (select(Tjenesteyter, Virksomhet.navn)
                .join(Virksomhet, col(Virksomhet.id) == col(Tjenesteyter.virksomhet_id))
                .where(col(Tjenesteyter.aktiv), col(Tjenesteyter.kan_vaere_koordinator)))
    if aktor.rolle == Rolle.KOORDINATOR:
        sporring = sporring.where(col(Tjenesteyter.id) == (aktor.tjenesteyter_id or -1))
    sporring = sporring.order_by(col(Tjenesteyter.navn), col(Tjenesteyter.id)).offset(forskyvning).limit(grense)
    with lesing(avh.motor) as okt:
        rader = okt.exec(sporring).all()
        ider = [t.id for t, _ in rader]
        antall = dict(okt.exec(
            select(Koordinatoroppdrag.tjenesteyter_id, func.count())
            .where(col(Koordinatoroppdrag.tjenesteyter_id).in_(ider), col(Koordinatoroppdrag.fra) <= idag,
                   or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag))
            .group_by(col(Koordinatoroppdrag.tjenesteyter_id))).all())
        return [Koordinatorlinje(t.id or 0, t.navn, v, t.opplaering_dato, int(antall.get(t.id or 0, 0)))
                for t, v in rader]


@dataclass(frozen=True)
class Caseloadrad:
    """En person i en koordinators caseload."""

    person_referanse: str
    person_navn: str
    rolle: str
    fra: date
    planlagt_slutt: date | None


def caseload(avh: Avhengigheter, aktor: Aktor, *, idag: date, tjenesteyter_id: int | None = None,
             grense: int = 25, forskyvning: int = 0) -> list[Caseloadrad]:
    """Personene en koordinator har aktive oppdrag for; koordinatoren ser sine egne, lederen alle. Navnene logges."""
    _side(grense, forskyvning)
    ty = aktor.tjenesteyter_id if aktor.rolle == Rolle.KOORDINATOR else tjenesteyter_id
    if aktor.rolle not in (Rolle.KOORDINATOR, Rolle.LEDER) or ty is None:
        raise IngenTilgang("Bare koordinatoren selv og lederen ser en koordinators personer.")
    sporring = (select(Koordinatoroppdrag, Person).join(Person, col(Person.id) == col(Koordinatoroppdrag.person_id))
                .where(col(Koordinatoroppdrag.tjenesteyter_id) == ty, col(Koordinatoroppdrag.fra) <= idag,
                       or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag))
                .order_by(col(Person.etternavn), col(Person.fornavn), col(Person.id))
                .offset(forskyvning).limit(grense))
    with arbeidsenhet(avh.motor) as okt:
        rader = okt.exec(sporring).all()
        for _, p in rader:
            logg(okt, aktor, p.id, "les", "navn i koordinatorens personliste", "caseload")
        return [Caseloadrad(p.referanse, p.navn, str(o.rolle), o.fra, o.planlagt_slutt) for o, p in rader]


@dataclass(frozen=True)
class Moterad:
    """Et møte i kalenderlisten; personnavn bare når aktøren har tilgang til personen."""

    mote_id: int
    gruppe_id: int
    start: datetime
    slutt: datetime
    sted: str
    status: str
    gruppetype: str
    gruppenavn: str
    person_referanse: str | None
    person_navn: str | None
    har_referat: bool


def _synlig(aktor: Aktor, idag: date) -> ColumnElement[bool] | None:
    """Grupper uten person (KE-gruppen, forum) og grupper for personer aktøren har tilgang til; None = alle."""
    filter_ = tilgangsfilter(aktor, idag)
    return None if filter_ is None else or_(col(Gruppe.person_id).is_(None), filter_)


def motekalender(avh: Avhengigheter, aktor: Aktor, *, idag: date, fra: date, til: date,
                 status: Motestatus | None = None, grense: int = 25, forskyvning: int = 0) -> list[Moterad]:
    """Møtene fra og med `fra` til og med `til` i grupper aktøren ser; personnavnene logges."""
    _side(grense, forskyvning)
    if til < fra:
        raise Valideringsfeil.en("til", "Sluttdatoen kan ikke være før startdatoen.")
    if aktor.rolle == Rolle.ADMIN:
        raise IngenTilgang("Administrator har ikke tilgang til møter.")
    sporring = (select(Mote, Gruppe, Person).join(Gruppe, col(Gruppe.id) == col(Mote.gruppe_id))
                .outerjoin(Person, col(Person.id) == col(Gruppe.person_id))
                .where(col(Mote.start) >= lokalt_tidspunkt(fra, time(0)),
                       col(Mote.start) < lokalt_tidspunkt(til + timedelta(days=1), time(0))))
    # Status først, så start: da kan indeksen (status, start) brukes også når alle statuser vises.
    statuser = [status] if status is not None else list(Motestatus)
    sporring = sporring.where(col(Mote.status).in_(statuser))
    synlig = _synlig(aktor, idag)
    if synlig is not None:
        sporring = sporring.where(synlig)
    sporring = sporring.order_by(col(Mote.start), col(Mote.id)).offset(forskyvning).limit(grense)
    with arbeidsenhet(avh.motor) as okt:
        rader = okt.exec(sporring).all()
        for pid in sorted({p.id for _, _, p in rader if p is not None and p.id is not None}):
            logg(okt, aktor, pid, "les", "navn i møtekalenderen", "møtekalender")
        return [Moterad(m.id or 0, g.id or 0, m.start, m.slutt, m.sted, str(m.status), str(g.gruppetype), g.navn,
                        p.referanse if p else None, p.navn if p else None, bool(m.referat)) for m, g, p in rader]


@dataclass(frozen=True)
class Gruppevalg:
    """En gruppe aktøren kan kalle inn til."""

    id: int
    navn: str
    gruppetype: str
    person_referanse: str | None


def grupper_for(avh: Avhengigheter, aktor: Aktor, *, idag: date, person_id: int | None = None,
                grense: int = 200) -> list[Gruppevalg]:
    """Aktive grupper: personens ansvarsgrupper (når en person er valgt) og KE-gruppene for KE."""
    sporring = (select(Gruppe, Person.referanse).outerjoin(Person, col(Person.id) == col(Gruppe.person_id))
                .where(col(Gruppe.avsluttet_dato).is_(None)))
    vilkar = [col(Gruppe.person_id) == person_id] if person_id is not None else []
    if aktor.rolle in (Rolle.LEDER, Rolle.SAKSBEHANDLER):
        vilkar.append(col(Gruppe.person_id).is_(None))
    if not vilkar:
        return []
    sporring = sporring.where(or_(*vilkar))
    synlig = _synlig(aktor, idag)
    if synlig is not None:
        sporring = sporring.where(synlig)
    with lesing(avh.motor) as okt:
        rader = okt.exec(sporring.order_by(col(Gruppe.gruppetype), col(Gruppe.id)).limit(grense)).all()
        return [Gruppevalg(g.id or 0, g.navn, str(g.gruppetype), ref) for g, ref in rader]


def tilgangslogg_for_person(avh: Avhengigheter, aktor: Aktor, person_id: int, *, grense: int = 50,
                            forskyvning: int = 0) -> list[Tilgangslogg]:
    """Innsyn i loggen: hvem har lest eller endret personens opplysninger (bare leder; lesingen logges selv)."""
    _side(grense, forskyvning)
    with arbeidsenhet(avh.motor) as okt:
        if aktor.rolle != Rolle.LEDER:
            logg(okt, aktor, person_id, "nektet", "tilgangslogg", "innsyn i logg")
            okt.commit()
            raise IngenTilgang("Bare lederen kan se tilgangsloggen for en person.")
        rader = list(okt.exec(select(Tilgangslogg).where(col(Tilgangslogg.person_id) == person_id)
                              .order_by(col(Tilgangslogg.tidspunkt).desc(), col(Tilgangslogg.id).desc())
                              .offset(forskyvning).limit(grense)))
        logg(okt, aktor, person_id, "les", "tilgangslogg", "innsyn i logg")
        return rader

