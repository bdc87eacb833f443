"""Kalenderadapteren: norske helligdager og sommertid i Europe/Oslo."""

from datetime import UTC, date, datetime, time

import pytest

from modeller.kalender import OSLO, lokal_dato, lokalt_tidspunkt, norske_fridager


def test_fridager_2027() -> None:
    fridager = norske_fridager(2027, 2027)
    for d in (
        "2027-01-01",
        "2027-03-25",
        "2027-03-26",
        "2027-03-28",
        "2027-03-29",
        "2027-05-01",
        "2027-05-06",
        "2027-05-16",
        "2027-05-17",
        "2027-12-25",
        "2027-12-26",
    ):
        assert date.fromisoformat(d) in fridager
    assert date(2027, 12, 24) not in fridager
    assert date(2027, 12, 31) not in fridager
    assert date(2027, 3, 21) not in fridager  # vanlig søndag
    assert len(fridager) == 11


def test_fridager_over_flere_ar_og_ugyldig_intervall() -> None:
    fridager = norske_fridager(2026, 2028)
    assert {date(2026, 4, 2), date(2027, 3, 25), date(2028, 4, 13)} <= fridager
    assert {d.year for d in fridager} == {2026, 2027, 2028}
    with pytest.raises(ValueError, match="fra_ar"):
        norske_fridager(2028, 2027)


def test_lokal_dato_krysser_midnatt_i_oslo() -> None:
    assert lokal_dato(datetime(2027, 3, 27, 23, 30, tzinfo=UTC)) == date(2027, 3, 28)
    assert lokal_dato(datetime(2027, 7, 1, 21, 59, tzinfo=UTC)) == date(2027, 7, 1)
    assert lokal_dato(datetime(2027, 7, 1, 22, 0, tzinfo=UTC)) == date(2027, 7, 2)
    with pytest.raises(ValueError, match="tidssone"):
        lokal_dato(datetime(2027, 7, 1, 12, 0))  # noqa: DTZ001 (naiv med vilje)


def test_lokalt_tidspunkt_vanlige_dager() -> None:
    assert lokalt_tidspunkt(date(2027, 1, 15), time(9, 0)) == datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
    assert lokalt_tidspunkt(date(2027, 6, 15), time(9, 0)) == datetime(2027, 6, 15, 7, 0, tzinfo=UTC)
    assert lokalt_tidspunkt(date(2027, 6, 15), time(9, 0)).tzinfo is UTC


def test_lokalt_tidspunkt_i_hullet_om_varen_flyttes_fram() -> None:
    utc = lokalt_tidspunkt(date(2027, 3, 28), time(2, 30))
    assert utc == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    lokal = utc.astimezone(OSLO)
    assert (lokal.hour, lokal.minute, lokal.utcoffset()) == (3, 30, datetime(2027, 7, 1, tzinfo=OSLO).utcoffset())
    assert lokalt_tidspunkt(date(2027, 3, 28), time(1, 59)) == datetime(2027, 3, 28, 0, 59, tzinfo=UTC)
    assert lokalt_tidspunkt(date(2027, 3, 28), time(3, 0)) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_lokalt_tidspunkt_i_den_doble_timen_om_hosten_gir_forste() -> None:
    utc = lokalt_tidspunkt(date(2027, 10, 31), time(2, 30))
    assert utc == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 sommertid, ikke 01:30Z
    assert lokalt_tidspunkt(date(2027, 10, 31), time(2, 30, fold=1)) == utc
    assert lokalt_tidspunkt(date(2027, 10, 31), time(3, 0)) == datetime(2027, 10, 31, 2, 0, tzinfo=UTC)


def test_lokalt_tidspunkt_avviser_klokkeslett_med_tidssone() -> None:
    with pytest.raises(ValueError, match="tidssone"):
        lokalt_tidspunkt(date(2027, 1, 1), time(9, 0, tzinfo=UTC))
