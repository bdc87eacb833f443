"""Arbeidstid: hvor mye av et tidsrom som faller i arbeidstiden på norske virkedager (Europe/Oslo).

Arbeidstiden er timene utsendingen av e-post kjører i: tidsplanen «*/5 7-17 * * 1-5» i flyter/utsending.py
starter siste kjøring kl. 17.55, så vinduet er 07.00–18.00 lokal tid. Virkedager er mandag–fredag utenom
helligdagene i `fridager` (sikkerhet-og-drift.md §2.6–2.7, R-TZ4). Vinduet ligger utenfor sommertidsskiftet
(02–03), så en arbeidsdag er alltid like lang i veggklokketid og i virkelig tid.
"""

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from modeller.regler.virkedager import EN_DAG, er_virkedag

OSLO = ZoneInfo("Europe/Oslo")
ARBEIDSTID_START = time(7, 0)
ARBEIDSTID_SLUTT = time(18, 0)


def _grense(d: date, kl: time, sone: tzinfo) -> datetime:
    """Klokkeslett `kl` i `sone` på dato `d`, som UTC (så differanser regnes i virkelig tid)."""
    return datetime.combine(d, kl, tzinfo=sone).astimezone(UTC)


def tid_i_arbeidstiden(fra: datetime, til: datetime, fridager: frozenset[date], *, sone: tzinfo = OSLO,
                       start: time = ARBEIDSTID_START, slutt: time = ARBEIDSTID_SLUTT) -> timedelta:
    """Delen av [fra, til) som ligger i start–slutt på virkedager i `sone` (utsendingens tidsplan; R-TZ4)."""
    if fra.tzinfo is None or til.tzinfo is None:
        raise ValueError("Tidspunktene må ha tidssone.")
    if start >= slutt:
        raise ValueError("Arbeidstiden må starte før den slutter.")
    if til <= fra:
        return timedelta(0)
    fra, til = fra.astimezone(UTC), til.astimezone(UTC)  # differanser i virkelig tid, uansett sone inn
    sum_ = timedelta(0)
    dag, siste = fra.astimezone(sone).date(), til.astimezone(sone).date()
    while dag <= siste:
        if er_virkedag(dag, fridager):
            lav, hoy = max(fra, _grense(dag, start, sone)), min(til, _grense(dag, slutt, sone))
            if hoy > lav:
                sum_ += hoy - lav
        dag += EN_DAG
    return sum_
