"""Det daglige oppfølgingssveipet: lager oppgavene som forfaller, og gjør vedtak endelige (kilderegler.md §7.13).

Hver kategori er én spørring på en indeksert forfallskolonne (mottatt, revurdering_dato, planlagt_slutt,
neste_revisjon, evalueringsdato, start, klagefrist) og status, som hopper over objekter som alt har oppgaven
(NOT EXISTS på oppgavens objekt). Radene behandles i batcher med nøkkelsett-paginering på id, én transaksjon
per batch, så kostnaden følger det som forfaller og ikke registerets størrelse. Oppgavenøklene gjør sveipet
idempotent: to kjøringer for samme dato lager ingenting nytt.

Oppgaver som krever samtykke (koordinator- og planarbeid): barnekoordinatorovergang, planrevisjon,
tiltaksevaluering, koordinatoropplæring, referat fra ansvarsgruppemøter og revurdering av vedtak om IP,
koordinator og barnekoordinator. De lages ikke for en person som har trukket samtykket og ikke har et annet
gyldig samtykke (lovkrav K3, K6). Foreløpig svar (fvl § 11 a), revurdering av tjenestevedtak, referat fra
KE-gruppen og samhandlingsforum og endelige vedtak krever ikke samtykke.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from modeller.db import arbeidsenhet
from modeller.kalender import lokal_dato, lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Koordinatorrolle, Motestatus, Oppgavetype, Planstatus, Rolle, Tiltakstype
from modeller.regler.frister import forelopig_svar_dato
from modeller.tabeller import (
    Gruppe,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Mote,
    Oppgave,
    Sak,
    Samtykke,
    Systembruker,
    Tiltak,
    Tjenesteyter,
    Vedtak,
)
from modeller.tjenester.oppgaver import oppgavenokkel, opprett_oppgave
from modeller.tjenester.saker import eier_for_sak
from modeller.tjenester.vedtak import INNVILGET

BATCH = 500


@dataclass(frozen=True)
class Oppfolgingsresultat:
    """Nye oppgaver per oppgavetype, og antall vedtak som ble endelige fordi klagefristen gikk ut."""

    send_forelopig_svar: int = 0
    vedtak_revurdering: int = 0
    barnekoordinator_overgang: int = 0
    plan_revisjon: int = 0
    koordinatoropplaering: int = 0
    skriv_referat: int = 0
    evaluer_tiltak: int = 0
    endelige_vedtak: int = 0


@dataclass(frozen=True)
class _Kjoring:
    """Én kjøring av sveipet: avhengigheter, referansedato, horisont i dager og batchstørrelse."""

    avh: Avhengigheter
    ref: date
    horisont: int
    batch: int


def _samtykke_stoppet(person_id: Any, dato: date) -> ColumnElement[bool]:
    """Personen har trukket et samtykke og har ikke noe annet gyldig samtykke til koordinator eller IP."""
    trukket = exists().where(col(Samtykke.person_id) == person_id, col(Samtykke.trukket).is_not(None),
                             col(Samtykke.trukket) <= dato)
    gyldig = exists().where(
        col(Samtykke.person_id) == person_id, or_(col(Samtykke.omfang_koordinator), col(Samtykke.omfang_ip)),
        col(Samtykke.gitt) <= dato, or_(col(Samtykke.gyldig_til).is_(None), col(Samtykke.gyldig_til) >= dato),
        or_(col(Samtykke.trukket).is_(None), col(Samtykke.trukket) > dato))
    return and_(trukket, ~gyldig)


def _uten_oppgave(oppgavetype: Oppgavetype, objekt_type: str, objekt_id: Any, frist: Any = None) -> ColumnElement[bool]:
    """Objektet har ikke fått oppgaven før (for datonøkler: ikke for denne datoen)."""
    vilkar = [col(Oppgave.oppgavetype) == oppgavetype, col(Oppgave.objekt_type) == objekt_type,
              col(Oppgave.objekt_id) == objekt_id]
    if frist is not None:
        vilkar.append(col(Oppgave.frist) == frist)
    return ~exists().where(*vilkar)


def _i_batcher(k: _Kjoring, sporring: Callable[[int], SelectOfScalar[Any]],
               lag: Callable[[Session, Sequence[Any]], int], id_av: Callable[[Any], int]) -> int:
    """Hent inntil `batch` rader med id over forrige batch, lag oppgavene i én transaksjon, og gjenta."""
    antall, sist = 0, 0
    while True:
        with arbeidsenhet(k.avh.motor) as okt:
            rader = list(okt.exec(sporring(sist).limit(k.batch)))
            if rader:
                antall += lag(okt, rader)
        if len(rader) < k.batch:
            return antall
        sist = id_av(rader[-1])


def _koordinatorer(okt: Session, person_ider: set[int], dato: date) -> dict[int, int]:
    """Systembrukeren til hver persons aktive koordinator (én spørring for hele batchen)."""
    if not person_ider:
        return {}
    rader = okt.exec(select(Koordinatoroppdrag.person_id, Systembruker.id).join(
        Systembruker, col(Systembruker.tjenesteyter_id) == col(Koordinatoroppdrag.tjenesteyter_id)).where(
        col(Koordinatoroppdrag.person_id).in_(person_ider), col(Koordinatoroppdrag.fra) <= dato,
        or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= dato),
        col(Systembruker.aktiv).is_(True), col(Systembruker.rolle) == Rolle.KOORDINATOR))
    return {p: s for p, s in rader if s is not None}


def _koordinator_eier(koordinatorer: dict[int, int], person_id: int | None) -> dict[str, Any]:
    bruker = koordinatorer.get(person_id) if person_id is not None else None
    return {"eier_id": bruker, "eier_rolle": None} if bruker else {"eier_id": None, "eier_rolle": Rolle.SAKSBEHANDLER}


def _teller(okt: Session, **kwargs: Any) -> int:
    return 0 if opprett_oppgave(okt, **kwargs) is None else 1


def _forelopig_svar(k: _Kjoring) -> int:
    """Åpen sak uten vedtak og uten foreløpig svar når fire uker er gått (003 L187–188; fvl § 11 a; K16)."""
    grense = k.ref - timedelta(weeks=k.avh.regelverk.forelopig_svar_uker)  # forelopig_svar_dato(mottatt) <= k.ref

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Sak).where(
            col(Sak.status) == "apen", col(Sak.mottatt) <= grense, col(Sak.id) > sist,
            col(Sak.forelopig_svar_sendt).is_(None), col(Sak.avsluttet).is_(None),
            ~exists().where(col(Vedtak.sak_id) == col(Sak.id)),
            _uten_oppgave(Oppgavetype.SEND_FORELOPIG_SVAR, "sak", col(Sak.id))).order_by(col(Sak.id))

    def lag(okt: Session, saker: Sequence[Sak]) -> int:
        return sum(_teller(okt, oppgavetype=Oppgavetype.SEND_FORELOPIG_SVAR, objekt_type="sak", objekt_id=s.id,
                           frist=forelopig_svar_dato(s.mottatt, k.avh.regelverk), person_id=s.person_id, sak_id=s.id,
                           **eier_for_sak(s))
                   for s in saker if forelopig_svar_dato(s.mottatt, k.avh.regelverk) <= k.ref)
    return _i_batcher(k, sporring, lag, lambda s: s.id)


def _revurdering(k: _Kjoring) -> int:
    """Gjeldende vedtak som innvilger noe, med revurderingsdato innen horisonten eller passert (003 L515–517)."""
    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Vedtak, Sak).join(Sak, col(Sak.id) == col(Vedtak.sak_id)).where(
            col(Vedtak.revurdering_dato) <= k.ref + timedelta(days=k.horisont), col(Vedtak.utfall).in_(INNVILGET),
            col(Vedtak.erstattet_av_id).is_(None), col(Sak.avsluttet).is_(None), col(Vedtak.id) > sist,
            or_(col(Vedtak.tiltak) == Tiltakstype.TJENESTE, ~_samtykke_stoppet(col(Vedtak.person_id), k.ref)),
            _uten_oppgave(Oppgavetype.VEDTAK_REVURDERING, "vedtak", col(Vedtak.id), col(Vedtak.revurdering_dato)),
        ).order_by(col(Vedtak.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[Vedtak, Sak]]) -> int:
        return sum(_teller(okt, oppgavetype=Oppgavetype.VEDTAK_REVURDERING, objekt_type="vedtak", objekt_id=v.id,
                           frist=v.revurdering_dato, person_id=v.person_id, sak_id=v.sak_id,
                           nokkel=oppgavenokkel(Oppgavetype.VEDTAK_REVURDERING, "vedtak", v.id, v.revurdering_dato),
                           **eier_for_sak(s)) for v, s in rader)
    return _i_batcher(k, sporring, lag, lambda r: r[0].id)


def _barnekoordinator(k: _Kjoring) -> int:
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
            col(KO.id) > sist, ~_samtykke_stoppet(col(KO.person_id), k.ref),
            _uten_oppgave(Oppgavetype.BARNEKOORDINATOR_OVERGANG, "koordinatoroppdrag", col(KO.id)),
        ).order_by(col(KO.id))

    def lag(okt: Session, rader: Sequence[Koordinatoroppdrag]) -> int:
        return sum(_teller(okt, oppgavetype=Oppgavetype.BARNEKOORDINATOR_OVERGANG, objekt_type="koordinatoroppdrag",
                           objekt_id=o.id, frist=o.planlagt_slutt - timedelta(days=k.horisont), person_id=o.person_id,
                           eier_rolle=Rolle.SAKSBEHANDLER)
                   for o in rader if o.planlagt_slutt and o.planlagt_slutt - timedelta(days=dager) <= k.ref)
    return _i_batcher(k, sporring, lag, lambda o: o.id)


def _planrevisjon(k: _Kjoring) -> int:
    """Aktiv plan med neste revisjon innen horisonten eller passert (§ 19 g; K12) → koordinatoren."""
    P = IndividuellPlan

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(P).where(
            col(P.status) == Planstatus.AKTIV, col(P.neste_revisjon) <= k.ref + timedelta(days=k.horisont),
            col(P.id) > sist, ~_samtykke_stoppet(col(P.person_id), k.ref),
            _uten_oppgave(Oppgavetype.PLAN_REVISJON, "plan", col(P.id), col(P.neste_revisjon))).order_by(col(P.id))

    def lag(okt: Session, planer: Sequence[IndividuellPlan]) -> int:
        koordinatorer = _koordinatorer(okt, {p.person_id for p in planer}, k.ref)
        return sum(_teller(okt, oppgavetype=Oppgavetype.PLAN_REVISJON, objekt_type="plan", objekt_id=p.id,
                           frist=p.neste_revisjon, person_id=p.person_id,
                           nokkel=oppgavenokkel(Oppgavetype.PLAN_REVISJON, "plan", p.id, p.neste_revisjon),
                           **_koordinator_eier(koordinatorer, p.person_id)) for p in planer)
    return _i_batcher(k, sporring, lag, lambda p: p.id)


def _tiltaksevaluering(k: _Kjoring) -> int:
    """Aktivt tiltak i aktiv plan med evalueringsdato innen horisonten eller passert (§ 19 e–f; K15)."""
    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Tiltak, IndividuellPlan).join(IndividuellPlan).where(
            col(Tiltak.status) == "aktiv", col(Tiltak.evalueringsdato) <= k.ref + timedelta(days=k.horisont),
            col(IndividuellPlan.status) == Planstatus.AKTIV, col(Tiltak.id) > sist,
            ~_samtykke_stoppet(col(IndividuellPlan.person_id), k.ref),
            _uten_oppgave(Oppgavetype.EVALUER_TILTAK, "tiltak", col(Tiltak.id), col(Tiltak.evalueringsdato)),
        ).order_by(col(Tiltak.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[Tiltak, IndividuellPlan]]) -> int:
        koordinatorer = _koordinatorer(okt, {p.person_id for _, p in rader}, k.ref)
        return sum(_teller(okt, oppgavetype=Oppgavetype.EVALUER_TILTAK, objekt_type="tiltak", objekt_id=t.id,
                           frist=t.evalueringsdato, person_id=p.person_id,
                           nokkel=oppgavenokkel(Oppgavetype.EVALUER_TILTAK, "tiltak", t.id, t.evalueringsdato),
                           **_koordinator_eier(koordinatorer, p.person_id)) for t, p in rader)
    return _i_batcher(k, sporring, lag, lambda r: r[0].id)


def _opplaering(k: _Kjoring) -> int:
    """Koordinator med aktivt oppdrag uten registrert opplæring → KE-leder (hol § 7-3; 001 L909–910; K9)."""
    KO = Koordinatoroppdrag

    def sporring(sist: int) -> SelectOfScalar[Any]:
        forste = func.min(KO.fra)
        return select(Tjenesteyter.id, forste).join(KO, col(KO.tjenesteyter_id) == col(Tjenesteyter.id)).where(
            col(Tjenesteyter.opplaering_dato).is_(None), col(KO.fra) <= k.ref,
            or_(col(KO.til).is_(None), col(KO.til) >= k.ref), col(Tjenesteyter.id) > sist,
            ~_samtykke_stoppet(col(KO.person_id), k.ref),
            _uten_oppgave(Oppgavetype.KOORDINATOROPPLAERING, "tjenesteyter", col(Tjenesteyter.id)),
        ).group_by(col(Tjenesteyter.id)).order_by(col(Tjenesteyter.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[int, date]]) -> int:
        return sum(_teller(okt, oppgavetype=Oppgavetype.KOORDINATOROPPLAERING, objekt_type="tjenesteyter",
                           objekt_id=ty, frist=fra + timedelta(days=k.avh.regelverk.opplaering_frist_dager),
                           eier_rolle=Rolle.LEDER) for ty, fra in rader)
    return _i_batcher(k, sporring, lag, lambda r: r[0])


def _referat(k: _Kjoring) -> int:
    """Holdt (eller passert planlagt) møte uten referat etter referatfristen → koordinator eller KE-leder."""
    dager = k.avh.regelverk.referat_frist_dager
    grense = lokalt_tidspunkt(k.ref - timedelta(days=dager), time(0))

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Mote, Gruppe).join(Gruppe).where(
            col(Mote.status).in_((Motestatus.GJENNOMFORT, Motestatus.PLANLAGT)), col(Mote.start) < grense,
            col(Mote.referat).is_(None), col(Mote.id) > sist,
            or_(col(Gruppe.person_id).is_(None), ~_samtykke_stoppet(col(Gruppe.person_id), k.ref)),
            _uten_oppgave(Oppgavetype.SKRIV_REFERAT, "mote", col(Mote.id))).order_by(col(Mote.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[Mote, Gruppe]]) -> int:
        koordinatorer = _koordinatorer(okt, {g.person_id for _, g in rader if g.person_id}, k.ref)
        return sum(_teller(okt, oppgavetype=Oppgavetype.SKRIV_REFERAT, objekt_type="mote", objekt_id=m.id,
                           frist=lokal_dato(m.start) + timedelta(days=dager), person_id=g.person_id,
                           **(_koordinator_eier(koordinatorer, g.person_id) if g.person_id
                              else {"eier_rolle": Rolle.LEDER})) for m, g in rader)
    return _i_batcher(k, sporring, lag, lambda r: r[0].id)


def _endelige_vedtak(k: _Kjoring) -> int:
    """Klagefristen er ute og ingen klage kom: vedtaket er endelig (pbrl § 7-5; fvl § 29). Én UPDATE."""
    with arbeidsenhet(k.avh.motor) as okt:
        resultat = okt.exec(update(Vedtak).where(
            col(Vedtak.klagefrist) < k.ref, col(Vedtak.endelig).is_(False),
            ~exists().where(col(Klage.vedtak_id) == col(Vedtak.id))).values(endelig=True))
        return int(resultat.rowcount or 0)


def daglig_oppfolging(avh: Avhengigheter, *, referansedato: date, batch: int = BATCH) -> Oppfolgingsresultat:
    """Lag oppgavene som forfaller per `referansedato` (idempotent).

    Horisonten for «forfaller snart» er den tidligste påminnelsen i regelverket (`paminnelse_dager_for`,
    standard 14 dager), så oppgaven står i køen når den første e-postpåminnelsen går.
    """
    k = _Kjoring(avh, referansedato, max(avh.regelverk.paminnelse_dager_for, default=14), batch)
    return Oppfolgingsresultat(
        send_forelopig_svar=_forelopig_svar(k), vedtak_revurdering=_revurdering(k),
        barnekoordinator_overgang=_barnekoordinator(k), plan_revisjon=_planrevisjon(k),
        koordinatoropplaering=_opplaering(k), skriv_referat=_referat(k), evaluer_tiltak=_tiltaksevaluering(k),
        endelige_vedtak=_endelige_vedtak(k))
