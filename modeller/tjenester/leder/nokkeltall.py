"""Nøkkeltall for lederen per kvartal eller år, med trend over tidligere perioder (lovkrav K2, K28).

Alt telles i databasen med GROUP BY: fordelinger (dager fra melding til første vedtak, fra vedtak til oppnevnt
koordinator, saker per koordinator) kommer som frekvenstabeller (verdi → antall, én rad per ulik verdi) og
oppsummeres av de rene funksjonene i `modeller.regler.nokkeltall` (median og 90-persentil med nearest rank).
Ingen tabell lastes inn i Python, så 100 000 personer går like greit som 100.

Definisjoner (tolkning, dokumentert her og i rapporten):

* Dager til vedtak: fra sakens mottaksdato (`Sak.mottatt`) til sakens første vedtak, for saker der første
  vedtak er fattet i perioden.
* Dager til koordinator: fra et innvilget vedtak om koordinator eller barnekoordinator til det første
  oppdraget med samme rolle for personen som starter den dagen eller senere; telles i perioden oppdraget
  starter. «Venter» er innvilgede, gjeldende vedtak per periodens slutt der ingen har hatt rollen siden vedtaket.
* Evalueringer i tide: `evaluer_tiltak` lagrer tiltakets evalueringsdato da evalueringen ble registrert som
  evalueringens `frist`. En evaluering er i tide når datoen er ≤ fristen, og den telles i perioden fristen falt i.
  Evalueringer fra før fristen ble lagret, fikk forrige evaluerings «neste evalueringsdato» for samme tiltak
  (migrering 0004); den første av dem har ingen kjent frist, telles for seg som «uten kjent frist» (i perioden
  evalueringen ble gjort) og er ikke med i andelen. Aktive tiltak i aktive planer med evalueringsdato i perioden
  og før i dag er ikke evaluert i tide og telles med i nevneren.
* Bestand per periodens slutt: personer med individuell plan (aktiv, eller avsluttet etter datoen), med
  koordinator (koordinator eller barnekoordinator), med barnekoordinator og med aktiv ansvarsgruppe.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, cast, distinct, exists, func, join, or_
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from modeller.db import er_sqlite, lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Koordinatorrolle, Planstatus
from modeller.regler.nokkeltall import Periode, Sammendrag, andel, oppsummer, periode, perioder_bakover, sluttdato
from modeller.tabeller import Evaluering, Gruppe, IndividuellPlan, Koordinatoroppdrag, Sak, Tiltak, Vedtak
from modeller.tjenester.feil import Valideringsfeil
from modeller.tjenester.leder.kvartal import krev_leder
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.vedtak import INNVILGET, KOORDINATORTILTAK

KO = Koordinatoroppdrag
Fordelinger = dict[int, dict[int, int]]  # periodeindeks → (verdi → antall)


@dataclass(frozen=True)
class Periodetall:
    """Nøkkeltallene for én periode (kvartal eller år), per `dato` (periodens slutt eller i dag)."""

    periode: str
    fra: date
    til: date
    dato: date
    dager_til_vedtak: Sammendrag
    dager_til_koordinator: Sammendrag
    venter_pa_koordinator: int
    evalueringer_forfalt: int
    evalueringer_i_tide: int
    andel_evalueringer_i_tide: float | None
    evalueringer_uten_kjent_frist: int
    saker_per_koordinator: Sammendrag
    med_ip: int
    med_koordinator: int
    med_barnekoordinator: int
    med_ansvarsgruppe: int


@dataclass(frozen=True)
class Nokkeltall:
    """Nøkkeltall for perioden og de foregående periodene (eldste først; den siste er perioden selv)."""

    periode: str
    perioder: tuple[Periodetall, ...]

    @property
    def gjeldende(self) -> Periodetall:
        """Tallene for perioden det ble spurt om."""
        return self.perioder[-1]


@dataclass(frozen=True)
class _Sporring:
    perioder: tuple[Periode, ...]
    slutter: tuple[date, ...]
    idag: date
    sqlite: bool

    def indeks(self, kolonne: Any) -> ColumnElement[Any]:
        """Periodens indeks for en dato (NULL utenfor alle periodene)."""
        return case(*[(and_(kolonne >= p.fra, kolonne <= s), i)
                      for i, (p, s) in enumerate(zip(self.perioder, self.slutter, strict=True))], else_=None)

    def dager(self, senere: Any, tidligere: Any) -> ColumnElement[Any]:
        """Dager mellom to datoer (julianday i SQLite, dato minus dato i PostgreSQL)."""
        if self.sqlite:
            return cast(func.julianday(senere) - func.julianday(tidligere), Integer)
        return cast(senere - tidligere, Integer)


def _fordelinger(okt: Session, q: _Sporring, dato: Any, verdi: Any, hvor: Any, *, kilde: Any = None) -> Fordelinger:
    """Frekvenstabell per periode for `verdi`, der perioden velges etter `dato` (GROUP BY i databasen)."""
    indre = select(q.indeks(dato).label("p"), verdi.label("v")).where(hvor)
    if kilde is not None:
        indre = indre.select_from(kilde)
    sub = indre.subquery()
    resultat: Fordelinger = defaultdict(dict)
    for p, v, antall in okt.exec(select(sub.c.p, sub.c.v, func.count()).where(sub.c.p.is_not(None))
                                 .group_by(sub.c.p, sub.c.v)):
        resultat[int(p)][int(v)] = int(antall)
    return resultat


def _til_vedtak(okt: Session, q: _Sporring) -> Fordelinger:
    forste = select(col(Vedtak.sak_id).label("sak_id"), func.min(Vedtak.fattet_dato).label("forste")).group_by(
        col(Vedtak.sak_id)).subquery()
    kilde = forste.join(Sak, col(Sak.id) == forste.c.sak_id)
    return _fordelinger(okt, q, forste.c.forste, q.dager(forste.c.forste, col(Sak.mottatt)),
                        forste.c.forste >= q.perioder[0].fra, kilde=kilde)


def _til_koordinator(okt: Session, q: _Sporring) -> Fordelinger:
    oppnevnt = select(col(Vedtak.fattet_dato).label("fattet"), func.min(KO.fra).label("oppnevnt")).join(
        KO, and_(col(KO.person_id) == col(Vedtak.person_id), col(KO.rolle) == col(Vedtak.tiltak),
                 col(KO.fra) >= col(Vedtak.fattet_dato))).where(
        col(Vedtak.tiltak).in_(KOORDINATORTILTAK), col(Vedtak.utfall).in_(INNVILGET)).group_by(
        col(Vedtak.id), col(Vedtak.fattet_dato)).subquery()
    return _fordelinger(okt, q, oppnevnt.c.oppnevnt, q.dager(oppnevnt.c.oppnevnt, oppnevnt.c.fattet),
                        oppnevnt.c.oppnevnt >= q.perioder[0].fra, kilde=oppnevnt)


def _venter(okt: Session, slutt: date) -> int:
    return int(okt.exec(select(func.count()).select_from(Vedtak).join(Sak, col(Sak.id) == col(Vedtak.sak_id)).where(
        col(Vedtak.tiltak).in_(KOORDINATORTILTAK), col(Vedtak.utfall).in_(INNVILGET),
        col(Vedtak.erstattet_av_id).is_(None), col(Vedtak.fattet_dato) <= slutt,
        or_(col(Sak.avsluttet).is_(None), col(Sak.avsluttet) > slutt),
        ~exists().where(col(KO.person_id) == col(Vedtak.person_id), col(KO.rolle) == col(Vedtak.tiltak),
                        col(KO.fra) <= slutt, or_(col(KO.til).is_(None), col(KO.til) >= col(Vedtak.fattet_dato))),
    )).one())


def _evalueringer(okt: Session, q: _Sporring) -> tuple[Fordelinger, dict[int, int], dict[int, int]]:
    """(i tide-fordeling 0/1 per periode etter frist, uten kjent frist per periode, ikke evaluert og forfalt)."""
    dato, frist = col(Evaluering.dato), col(Evaluering.frist)
    i_tide = _fordelinger(okt, q, frist, case((dato <= frist, 1), else_=0), frist.is_not(None))
    ukjent = _fordelinger(okt, q, dato, cast(0, Integer), frist.is_(None))
    forfalt = _fordelinger(okt, q, col(Tiltak.evalueringsdato), cast(0, Integer), and_(
        col(Tiltak.status) == "aktiv", col(IndividuellPlan.status) == Planstatus.AKTIV,
        col(Tiltak.evalueringsdato) < q.idag), kilde=join(Tiltak, IndividuellPlan,
                                                          col(IndividuellPlan.id) == col(Tiltak.plan_id)))
    return i_tide, {p: sum(f.values()) for p, f in ukjent.items()}, {p: sum(f.values()) for p, f in forfalt.items()}


def oppdrag_gjelder(dato: date) -> ColumnElement[bool]:
    """Koordinatoroppdraget gjelder på datoen (startet, ikke avsluttet før)."""
    return and_(col(KO.fra) <= dato, or_(col(KO.til).is_(None), col(KO.til) >= dato))


def plan_gjelder(dato: date) -> ColumnElement[bool]:
    """Planen er individuell plan på datoen: aktiv (eller avsluttet senere) og med periode som har startet."""
    P = IndividuellPlan
    return and_(or_(col(P.status) == Planstatus.AKTIV, and_(col(P.status) == Planstatus.AVSLUTTET,
                                                            col(P.avsluttet_dato) > dato)),
                or_(col(P.periode_fra).is_(None), col(P.periode_fra) <= dato))


def _bestand(okt: Session, q: _Sporring) -> list[tuple[int, int, int, int]]:
    """(med IP, koordinator, barnekoordinator, ansvarsgruppe) per periodens slutt; én spørring per tabell."""
    P, G = IndividuellPlan, Gruppe

    def antall(vilkar: ColumnElement[bool], person: Any) -> Any:
        return func.count(distinct(case((vilkar, person), else_=None)))

    # SQLAlchemys select (flere kolonner enn SQLModels overlaster tillater), og execute gir alltid rader.
    ip = okt.execute(sa_select(*[antall(plan_gjelder(s), col(P.person_id)) for s in q.slutter])).one()
    ko = okt.execute(sa_select(*[antall(oppdrag_gjelder(s), col(KO.person_id)) for s in q.slutter],
                               *[antall(and_(oppdrag_gjelder(s), col(KO.rolle) == Koordinatorrolle.BARNEKOORDINATOR),
                                        col(KO.person_id)) for s in q.slutter])).one()
    ag = okt.execute(sa_select(*[antall(and_(col(G.opprettet_dato) <= s, or_(
        col(G.avsluttet_dato).is_(None), col(G.avsluttet_dato) > s)), col(G.person_id)) for s in q.slutter]).where(
        col(G.gruppetype) == Gruppetype.ANSVARSGRUPPE, col(G.person_id).is_not(None))).one()
    n = len(q.slutter)
    return [(int(ip[i]), int(ko[i]), int(ko[n + i]), int(ag[i])) for i in range(n)]


def _saker_per_koordinator(okt: Session, slutt: date) -> Sammendrag:
    per = select(col(KO.tjenesteyter_id), func.count().label("n")).where(oppdrag_gjelder(slutt)).group_by(
        col(KO.tjenesteyter_id)).subquery()
    return oppsummer({int(n): int(a) for n, a in okt.exec(select(per.c.n, func.count()).group_by(per.c.n))})


def _periodetall(okt: Session, q: _Sporring) -> tuple[Periodetall, ...]:
    vedtak, koordinator = _til_vedtak(okt, q), _til_koordinator(okt, q)
    i_tide, ukjent, forfalt = _evalueringer(okt, q)
    bestand = _bestand(okt, q)
    tall = []
    for i, (p, s) in enumerate(zip(q.perioder, q.slutter, strict=True)):
        riktig, sene = i_tide.get(i, {}).get(1, 0), i_tide.get(i, {}).get(0, 0) + forfalt.get(i, 0)
        tall.append(Periodetall(
            periode=p.navn, fra=p.fra, til=p.til, dato=s, dager_til_vedtak=oppsummer(vedtak.get(i, {})),
            dager_til_koordinator=oppsummer(koordinator.get(i, {})), venter_pa_koordinator=_venter(okt, s),
            evalueringer_forfalt=riktig + sene, evalueringer_i_tide=riktig,
            andel_evalueringer_i_tide=andel(riktig, riktig + sene), evalueringer_uten_kjent_frist=ukjent.get(i, 0),
            saker_per_koordinator=_saker_per_koordinator(okt, s), med_ip=bestand[i][0],
            med_koordinator=bestand[i][1], med_barnekoordinator=bestand[i][2], med_ansvarsgruppe=bestand[i][3]))
    return tuple(tall)


def nokkeltall(avh: Avhengigheter, aktor: Aktor, *, ar: int, kvartal: int | None = None, idag: date,
               tidligere: int = 4) -> Nokkeltall:
    """Nøkkeltall for kvartalet (eller året når `kvartal` er None) og `tidligere` perioder før; bare leder."""
    if not 2000 <= ar <= 2100:
        raise Valideringsfeil.en("år", "Året må være mellom 2000 og 2100.")
    if kvartal is not None and not 1 <= kvartal <= 4:
        raise Valideringsfeil.en("kvartal", "Kvartal må være 1, 2, 3 eller 4.")
    if not 0 <= tidligere <= 20:
        raise Valideringsfeil.en("tidligere", "Antall tidligere perioder må være mellom 0 og 20.")
    p = periode(ar, kvartal)
    if p.fra > idag:
        raise Valideringsfeil.en("kvartal" if kvartal else "år", f"{p.navn} har ikke begynt ennå.")
    krev_leder(avh, aktor, f"nøkkeltall {p.navn}")
    perioder = perioder_bakover(p, tidligere)
    q = _Sporring(perioder, tuple(sluttdato(x, idag) for x in perioder), idag, er_sqlite(avh.motor))
    with lesing(avh.motor) as okt:
        return Nokkeltall(periode=p.navn, perioder=_periodetall(okt, q))
