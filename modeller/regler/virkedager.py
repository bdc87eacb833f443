"""Virkedager: mandag–fredag som ikke er helligdag (sikkerhet-og-drift.md §2.6, R-TZ4).

Helligdagene sendes inn som `fridager` (pakken `holidays` lager settet utenfor kjernen). Dette er arbeidsdagene
for påminnelser og møter; når en frist ender, regnes etter domstolloven § 149 i `frister`.
"""

from datetime import date, timedelta

LORDAG = 5  # date.weekday(): mandag = 0, lørdag = 5, søndag = 6
EN_DAG = timedelta(days=1)


def er_virkedag(d: date, fridager: frozenset[date]) -> bool:
    """Sann for mandag–fredag som ikke er i `fridager` (sikkerhet-og-drift.md §2.7 R-TZ4)."""
    return d.weekday() < LORDAG and d not in fridager


def neste_virkedag(d: date, fridager: frozenset[date]) -> date:
    """`d` selv når den er virkedag, ellers første virkedag etter (sikkerhet-og-drift.md §2.7 R-TZ4)."""
    while not er_virkedag(d, fridager):
        d += EN_DAG
    return d


def forrige_virkedag(d: date, fridager: frozenset[date]) -> date:
    """`d` selv når den er virkedag, ellers nærmeste virkedag før (sikkerhet-og-drift.md §2.7, tolkning)."""
    while not er_virkedag(d, fridager):
        d -= EN_DAG
    return d


def legg_til_virkedager(d: date, n: int, fridager: frozenset[date]) -> date:
    """Gå `n` virkedager fram (n < 0: tilbake) fra `d`; n = 0 gir `d` uendret (sikkerhet-og-drift.md §2.7)."""
    steg = EN_DAG if n >= 0 else -EN_DAG
    igjen = abs(n)
    while igjen:
        d += steg
        if er_virkedag(d, fridager):
            igjen -= 1
    return d
