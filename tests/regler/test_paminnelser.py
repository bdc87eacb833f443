"""Påminnelser og eskalering (Regelverk.paminnelse_dager_for, eskalering_dager_etter; R-TZ4)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeller.regler.paminnelser import eskaleringsdato, forfall_pa_virkedag, paminnelsesdatoer
from modeller.regler.parametre import STANDARD
from modeller.regler.virkedager import er_virkedag
from tests.regler.fridager import FRIDAGER


@pytest.mark.parametrize(
    ("forfall", "dager", "forventet"),
    [
        # 14 og 2 dager før (standard): 01.06.2026 (man) → 18.05 (man), 30.05 (lør) → fre 29.05
        (date(2026, 6, 1), (14, 2), (date(2026, 5, 18), date(2026, 5, 29))),
        # 16.04.2026 − 14 = 02.04 skjærtorsdag → onsdag 01.04
        (date(2026, 4, 16), (14,), (date(2026, 4, 1),)),
        # like datoer etter flytting slås sammen og sorteres
        (date(2026, 4, 7), (5, 4, 6, 0), (date(2026, 4, 1), date(2026, 4, 7))),
        (date(2026, 6, 1), (), ()),
    ],
)
def test_paminnelsesdatoer(forfall: date, dager: tuple[int, ...], forventet: tuple[date, ...]) -> None:
    assert paminnelsesdatoer(forfall, dager, FRIDAGER) == forventet


def test_negative_dager_avvises() -> None:
    with pytest.raises(ValueError):
        paminnelsesdatoer(date(2026, 6, 1), (-1,), FRIDAGER)


@given(
    st.dates(min_value=date(2025, 2, 1), max_value=date(2027, 12, 31)),
    st.lists(st.integers(min_value=0, max_value=30), max_size=5),
)
def test_paminnelser_er_virkedager_for_forfall(forfall: date, dager: list[int]) -> None:
    datoer = paminnelsesdatoer(forfall, dager, FRIDAGER)
    assert list(datoer) == sorted(set(datoer))
    assert all(er_virkedag(d, FRIDAGER) and d <= forfall for d in datoer)
    for n in dager:  # aldri senere enn forfall − n
        assert any(d <= forfall - timedelta(days=n) for d in datoer)


@pytest.mark.parametrize(
    ("forfall", "forventet"),
    [
        (date(2026, 5, 17), date(2026, 5, 15)),  # søndag 17. mai → fredag (14. mai er helligdag)
        (date(2026, 4, 6), date(2026, 4, 1)),  # 2. påskedag
        (date(2026, 6, 3), date(2026, 6, 3)),
    ],
)
def test_forfall_pa_virkedag(forfall: date, forventet: date) -> None:
    assert forfall_pa_virkedag(forfall, FRIDAGER) == forventet


def test_eskaleringsdato() -> None:
    assert eskaleringsdato(date(2026, 3, 2), STANDARD) == date(2026, 3, 9)
    assert eskaleringsdato(date(2026, 3, 2), replace(STANDARD, eskalering_dager_etter=3)) == date(2026, 3, 5)
    # 26.03.2026 + 7 = 02.04 skjærtorsdag → tirsdag 07.04 når helligdager er gitt
    assert eskaleringsdato(date(2026, 3, 26), STANDARD, fridager=FRIDAGER) == date(2026, 4, 7)
