"""Tid i arbeidstiden (07–18 på virkedager i Europe/Oslo, som utsendingens tidsplan), med helligdager som literaler."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeller.regler.arbeidstid import tid_i_arbeidstiden
from tests.regler.fridager import FRIDAGER

OSLO = ZoneInfo("Europe/Oslo")


def kl(d: date, timer: int, minutter: int = 0) -> datetime:
    """Veggklokketid i Oslo."""
    return datetime.combine(d, time(timer, minutter), tzinfo=OSLO)


def t(timer: int, minutter: int = 0) -> timedelta:
    return timedelta(hours=timer, minutes=minutter)


ONSDAG = date(2026, 6, 10)


@pytest.mark.parametrize(
    ("fra", "til", "forventet"),
    [
        (kl(ONSDAG, 8), kl(ONSDAG, 10, 30), t(2, 30)),  # midt i arbeidsdagen
        (kl(ONSDAG, 5), kl(ONSDAG, 8), t(1)),  # før 07 teller ikke
        (kl(ONSDAG, 17, 30), kl(ONSDAG, 23), t(0, 30)),  # etter 18 teller ikke
        (kl(ONSDAG, 17, 30), kl(date(2026, 6, 11), 7, 30), t(1)),  # over natten
        (kl(date(2026, 6, 12), 16), kl(date(2026, 6, 15), 8), t(3)),  # fredag → mandag: helgen teller ikke
        (kl(date(2026, 6, 13), 9), kl(date(2026, 6, 14), 15), t(0)),  # bare helg
        (kl(date(2026, 5, 13), 17), kl(date(2026, 5, 15), 8), t(2)),  # over Kristi himmelfartsdag
        (kl(date(2026, 12, 23), 17), kl(date(2026, 12, 28), 8), t(13)),  # julaften er virkedag, 25. og 26. ikke
        (kl(date(2026, 3, 27), 17), kl(date(2026, 3, 30), 8), t(2)),  # over sommertidsskiftet 29. mars
        (kl(date(2026, 10, 23), 17, 30), kl(date(2026, 10, 26), 7, 30), t(1)),  # over vintertidsskiftet
        (kl(ONSDAG, 10), kl(ONSDAG, 9), t(0)),  # baklengs gir null
        (kl(ONSDAG, 10), kl(ONSDAG, 10), t(0)),
        (datetime(2026, 6, 10, 5, 0, tzinfo=UTC), datetime(2026, 6, 10, 7, 0, tzinfo=UTC), t(2)),  # UTC inn
        (kl(ONSDAG, 6), kl(date(2026, 6, 17), 20), t(66)),  # seks hele arbeidsdager på 11 t
    ],
)
def test_tid_i_arbeidstiden(fra: datetime, til: datetime, forventet: timedelta) -> None:
    assert tid_i_arbeidstiden(fra, til, FRIDAGER) == forventet


def test_eget_vindu_og_ugyldige_argumenter() -> None:
    assert tid_i_arbeidstiden(kl(ONSDAG, 6), kl(ONSDAG, 20), FRIDAGER, start=time(8), slutt=time(16)) == t(8)
    with pytest.raises(ValueError, match="tidssone"):
        tid_i_arbeidstiden(datetime(2026, 6, 10, 8), kl(ONSDAG, 9), FRIDAGER)  # noqa: DTZ001 (naiv med vilje)
    with pytest.raises(ValueError, match="starte før"):
        tid_i_arbeidstiden(kl(ONSDAG, 6), kl(ONSDAG, 9), FRIDAGER, start=time(18), slutt=time(7))


TIDER = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),  # noqa: DTZ001
                     timezones=st.just(UTC))


@given(TIDER, TIDER, TIDER)
def test_summen_av_delene_er_helheten_og_aldri_mer_enn_veggklokka(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    helhet = tid_i_arbeidstiden(a, c, FRIDAGER)
    assert helhet == tid_i_arbeidstiden(a, b, FRIDAGER) + tid_i_arbeidstiden(b, c, FRIDAGER)
    assert timedelta(0) <= helhet <= c - a
