"""Virkedager med ekte norske helligdager som literaler (sikkerhet-og-drift.md §2.6–2.7, R-TZ4)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeller.regler.virkedager import er_virkedag, forrige_virkedag, legg_til_virkedager, neste_virkedag
from tests.regler.fridager import FRIDAGER

DAGER = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@pytest.mark.parametrize(
    ("d", "forventet"),
    [
        (date(2026, 4, 1), True),  # onsdag før påske
        (date(2026, 4, 2), False),  # skjærtorsdag
        (date(2026, 4, 4), False),  # påskeaften, lørdag
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 5, 15), True),
        (date(2026, 12, 24), True),  # julaften er ikke helligdag (sikkerhet-og-drift.md §2.6)
        (date(2026, 12, 27), False),  # søndag
    ],
)
def test_er_virkedag(d: date, forventet: bool) -> None:
    assert er_virkedag(d, FRIDAGER) is forventet


@pytest.mark.parametrize(
    ("d", "neste", "forrige"),
    [
        (date(2026, 4, 2), date(2026, 4, 7), date(2026, 4, 1)),  # påske
        (date(2026, 5, 16), date(2026, 5, 18), date(2026, 5, 15)),  # lørdag før 17. mai-søndag
        (date(2027, 5, 16), date(2027, 5, 18), date(2027, 5, 14)),  # pinse + 17. mai 2027
        (date(2026, 6, 10), date(2026, 6, 10), date(2026, 6, 10)),  # vanlig onsdag
        (date(2026, 12, 25), date(2026, 12, 28), date(2026, 12, 24)),
    ],
)
def test_neste_og_forrige(d: date, neste: date, forrige: date) -> None:
    assert neste_virkedag(d, FRIDAGER) == neste
    assert forrige_virkedag(d, FRIDAGER) == forrige


@pytest.mark.parametrize(
    ("d", "n", "forventet"),
    [
        (date(2026, 1, 9), 1, date(2026, 1, 12)),  # fredag + 1 = mandag
        (date(2026, 4, 1), 1, date(2026, 4, 7)),  # over påsken
        (date(2026, 5, 13), 1, date(2026, 5, 15)),  # over Kristi himmelfart
        (date(2026, 4, 7), -1, date(2026, 4, 1)),
        (date(2026, 12, 23), 3, date(2026, 12, 29)),  # 24. (virkedag), 28., 29.
        (date(2026, 4, 4), 0, date(2026, 4, 4)),  # n = 0 gir d uendret
    ],
)
def test_legg_til_virkedager(d: date, n: int, forventet: date) -> None:
    assert legg_til_virkedager(d, n, FRIDAGER) == forventet


@given(DAGER)
def test_neste_virkedag_er_forste_virkedag_fra_d(d: date) -> None:
    neste = neste_virkedag(d, FRIDAGER)
    assert neste >= d and er_virkedag(neste, FRIDAGER)
    assert not any(er_virkedag(d + timedelta(days=i), FRIDAGER) for i in range((neste - d).days))


@given(DAGER)
def test_forrige_virkedag_er_siste_virkedag_til_d(d: date) -> None:
    forrige = forrige_virkedag(d, FRIDAGER)
    assert forrige <= d and er_virkedag(forrige, FRIDAGER)
    assert not any(er_virkedag(d - timedelta(days=i), FRIDAGER) for i in range((d - forrige).days))


@given(DAGER, st.integers(min_value=-40, max_value=40))
def test_legg_til_teller_riktig_antall_virkedager(d: date, n: int) -> None:
    resultat = legg_til_virkedager(d, n, FRIDAGER)
    lav, hoy = sorted((d, resultat))
    mellom = [lav + timedelta(days=i) for i in range(1, (hoy - lav).days + 1)]
    if n < 0:  # telles fra og med resultatet til (ikke med) d
        mellom = [lav + timedelta(days=i) for i in range((hoy - lav).days)]
    assert sum(er_virkedag(x, FRIDAGER) for x in mellom) == abs(n)
    if n:
        assert er_virkedag(resultat, FRIDAGER)


@given(DAGER, st.integers(min_value=0, max_value=40))
def test_rundtur_fra_virkedag(d: date, n: int) -> None:
    start = neste_virkedag(d, FRIDAGER)
    assert legg_til_virkedager(legg_til_virkedager(start, n, FRIDAGER), -n, FRIDAGER) == start
