"""Utboksens tall for driftsstatusen: ventende, eldste forfalte ventende (med alder i arbeidstiden) og døde.

Alderen regnes fra da raden sist ble klar til sending: `neste_forsok` for en ventende rad som er forfalt, og
`lease_til` for en rad som ble forlatt under sending (utsenderen tar den igjen når leasen er ute). En rad som
venter på et nytt forsøk etter en midlertidig feil, er ikke forfalt før ventetiden er over; den vises i
«ventende», og går den til slutt i «død», telles den der. Spørringene bruker indeksen (status, neste_forsok).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import col, select

from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.arbeidstid import tid_i_arbeidstiden
from modeller.regler.begreper import Varselstatus
from modeller.tabeller import Varsel


@dataclass(frozen=True)
class Utboksstatus:
    """Ventende og døde rader, og når den eldste forfalte ventende raden ble klar (med minutter i arbeidstiden)."""

    ventende: int
    dode: int
    eldste_forfalt: datetime | None
    eldste_minutter_i_arbeidstid: int | None


def _utc(verdi: datetime | None) -> datetime | None:
    """SQLite gir tidspunktene tilbake uten sone; de er lagret i UTC."""
    return None if verdi is None else (verdi if verdi.tzinfo else verdi.replace(tzinfo=UTC))


def utboksstatus(avh: Avhengigheter, *, na: datetime) -> Utboksstatus:
    """Tallene for utboksen ved `na`; alderen regnes i arbeidstid (regler.arbeidstid) med norske helligdager."""
    status = col(Varsel.status)
    with lesing(avh.motor) as okt:
        antall = dict(okt.exec(select(Varsel.status, func.count()).where(
            status.in_([Varselstatus.VENTER, Varselstatus.DOD])).group_by(status)).all())
        venter = okt.exec(select(func.min(Varsel.neste_forsok)).where(
            status == Varselstatus.VENTER, col(Varsel.neste_forsok) <= na)).one()
        forlatt = okt.exec(select(func.min(Varsel.lease_til)).where(
            status == Varselstatus.SENDER, col(Varsel.lease_til) < na)).one()
    kandidater = [t for t in (_utc(venter), _utc(forlatt)) if t is not None]
    eldste = min(kandidater) if kandidater else None
    minutter = None
    if eldste is not None:
        fridager = avh.fridager(eldste.year, na.year)
        minutter = int(tid_i_arbeidstiden(eldste, na, fridager).total_seconds() // 60)
    return Utboksstatus(ventende=int(antall.get(Varselstatus.VENTER, 0)), dode=int(antall.get(Varselstatus.DOD, 0)),
                        eldste_forfalt=eldste, eldste_minutter_i_arbeidstid=minutter)
