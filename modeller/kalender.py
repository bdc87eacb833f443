"""Kalenderadapter: norske helligdager (holidays-pakken) og tid i Europe/Oslo (sikkerhet-og-drift.md §2.6–2.7)."""

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")


@lru_cache(maxsize=32)
def norske_fridager(fra_ar: int, til_ar: int) -> frozenset[date]:
    """Helligdager og høgtidsdagene 1. og 17. mai fra `fra_ar` til og med `til_ar`; uten søndager, 24.12 og 31.12."""
    if fra_ar > til_ar:
        raise ValueError(f"fra_ar ({fra_ar}) kan ikke være etter til_ar ({til_ar}).")
    # include_sundays sendes eksplisitt: standardverdien har endret seg før (holidays #472).
    kalender = holidays.Norway(years=range(fra_ar, til_ar + 1), include_sundays=False)
    return frozenset(kalender.keys())


def lokal_dato(na: datetime) -> date:
    """Datoen i Europe/Oslo for et tidsstempel med tidssone."""
    if na.tzinfo is None or na.utcoffset() is None:
        raise ValueError("Tidspunktet må ha tidssone (UTC); naive tidspunkt godtas ikke.")
    return na.astimezone(OSLO).date()


def lokalt_tidspunkt(d: date, kl: time) -> datetime:
    """UTC-tidspunktet for klokkeslett `kl` i Oslo på dato `d`; hull flyttes fram, dobbel time gir første."""
    if kl.tzinfo is not None:
        raise ValueError("Klokkeslettet skal være lokal veggklokketid uten tidssone.")
    # fold=0 gir første forekomst i den doble timen om høsten. I hullet om våren tolkes tiden med
    # offset fra før skiftet (PEP 495), så 02:30 blir 03:30 sommertid: veggklokka flyttes fram.
    lokal = datetime.combine(d, kl.replace(fold=0), tzinfo=OSLO)
    return lokal.astimezone(UTC)
