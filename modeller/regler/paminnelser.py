"""Påminnelser og eskalering rundt en forfallsdato (sikkerhet-og-drift.md §6; kilderegler.md §7.13).

Tolkning: en påminnelse som faller på helg eller helligdag flyttes til virkedagen før, slik at den
kommer tidligere, aldri senere. Resultatet er sortert og uten duplikater.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from modeller.regler.parametre import Regelverk
from modeller.regler.virkedager import forrige_virkedag, neste_virkedag


def paminnelsesdatoer(forfall: date, dager_for: Sequence[int], fridager: frozenset[date]) -> tuple[date, ...]:
    """Påminnelsesdatoer forfall − n dager, flyttet til virkedagen før (Regelverk.paminnelse_dager_for)."""
    if any(n < 0 for n in dager_for):
        raise ValueError("Dager før forfall kan ikke være negative.")
    return tuple(sorted({forrige_virkedag(forfall - timedelta(days=n), fridager) for n in dager_for}))


def forfall_pa_virkedag(forfall: date, fridager: frozenset[date]) -> date:
    """Forfall som faller på helg eller helligdag, flyttes til virkedagen før (tolkning; R-TZ4)."""
    return forrige_virkedag(forfall, fridager)


def eskaleringsdato(forfall: date, regelverk: Regelverk, *, fridager: frozenset[date] | None = None) -> date:
    """Forfall + eskalering_dager_etter (7) dager; til neste virkedag når fridager er gitt (tolkning, M02)."""
    dato = forfall + timedelta(days=regelverk.eskalering_dager_etter)
    return dato if fridager is None else neste_virkedag(dato, fridager)
