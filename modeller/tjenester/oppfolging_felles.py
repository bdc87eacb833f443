"""Felles for det daglige oppfølgingssveipet: kjøringen, batchene og vilkårene alle kategoriene bruker.

Radene behandles i batcher med nøkkelsett-paginering på id, én transaksjon per batch, så kostnaden følger
det som forfaller og ikke registerets størrelse (se `modeller.tjenester.oppfolging`).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavetype, Rolle
from modeller.tabeller import Koordinatoroppdrag, Oppgave, Samtykke, Systembruker
from modeller.tjenester.oppgaver import opprett_oppgave


@dataclass(frozen=True)
class Kjoring:
    """Én kjøring av sveipet: avhengigheter, referansedato, horisont i dager og batchstørrelse."""

    avh: Avhengigheter
    ref: date
    horisont: int
    batch: int


def samtykke_stoppet(person_id: Any, dato: date) -> ColumnElement[bool]:
    """Personen har trukket et samtykke og har ikke noe annet gyldig samtykke til koordinator eller IP."""
    trukket = exists().where(col(Samtykke.person_id) == person_id, col(Samtykke.trukket).is_not(None),
                             col(Samtykke.trukket) <= dato)
    gyldig = exists().where(
        col(Samtykke.person_id) == person_id, or_(col(Samtykke.omfang_koordinator), col(Samtykke.omfang_ip)),
        col(Samtykke.gitt) <= dato, or_(col(Samtykke.gyldig_til).is_(None), col(Samtykke.gyldig_til) >= dato),
        or_(col(Samtykke.trukket).is_(None), col(Samtykke.trukket) > dato))
    return and_(trukket, ~gyldig)


def uten_oppgave(oppgavetype: Oppgavetype, objekt_type: str, objekt_id: Any, frist: Any = None) -> ColumnElement[bool]:
    """Objektet har ikke fått oppgaven før (for datonøkler: ikke for denne datoen)."""
    vilkar = [col(Oppgave.oppgavetype) == oppgavetype, col(Oppgave.objekt_type) == objekt_type,
              col(Oppgave.objekt_id) == objekt_id]
    if frist is not None:
        vilkar.append(col(Oppgave.frist) == frist)
    return ~exists().where(*vilkar)


def i_batcher(k: Kjoring, sporring: Callable[[int], SelectOfScalar[Any]],
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


def koordinatorer_for(okt: Session, person_ider: set[int], dato: date) -> dict[int, int]:
    """Systembrukeren til hver persons aktive koordinator (én spørring for hele batchen)."""
    if not person_ider:
        return {}
    rader = okt.exec(select(Koordinatoroppdrag.person_id, Systembruker.id).join(
        Systembruker, col(Systembruker.tjenesteyter_id) == col(Koordinatoroppdrag.tjenesteyter_id)).where(
        col(Koordinatoroppdrag.person_id).in_(person_ider), col(Koordinatoroppdrag.fra) <= dato,
        or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= dato),
        col(Systembruker.aktiv).is_(True), col(Systembruker.rolle) == Rolle.KOORDINATOR))
    return {p: s for p, s in rader if s is not None}


def koordinator_eier(koordinatorer: dict[int, int], person_id: int | None) -> dict[str, Any]:
    """Oppgaven går til personens koordinator når hen har en brukerkonto, ellers til saksbehandlernes kø."""
    bruker = koordinatorer.get(person_id) if person_id is not None else None
    return {"eier_id": bruker, "eier_rolle": None} if bruker else {"eier_id": None, "eier_rolle": Rolle.SAKSBEHANDLER}


def teller(okt: Session, **kwargs: Any) -> int:
    """Opprett oppgaven (idempotent) og tell 1 om den er ny, ellers 0."""
    return 0 if opprett_oppgave(okt, **kwargs) is None else 1
