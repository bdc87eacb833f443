"""Visningshjelperne: norske datoer og fristmerker med tekst (ikke bare farge)."""

from datetime import UTC, date, datetime

import pytest

from dashbord.komponenter import fristtekst, norsk_dato, norsk_tid, statustekst

IDAG = date(2027, 3, 1)


@pytest.mark.parametrize(("dato", "tekst"), [
    (date(2027, 3, 1), "1. mars 2027"),
    (date(2026, 12, 24), "24. desember 2026"),
    (date(2027, 1, 31), "31. januar 2027"),
    (None, "–"),
])
def test_norsk_dato(dato: date | None, tekst: str) -> None:
    assert norsk_dato(dato) == tekst


@pytest.mark.parametrize(("tid", "tekst"), [
    (datetime(2027, 3, 1, 8, 30, tzinfo=UTC), "1. mars 2027 kl. 09.30"),  # vintertid UTC+1
    (datetime(2027, 6, 30, 22, 5, tzinfo=UTC), "1. juli 2027 kl. 00.05"),  # sommertid UTC+2
])
def test_norsk_tid_i_oslo(tid: datetime, tekst: str) -> None:
    assert norsk_tid(tid) == tekst


@pytest.mark.parametrize(("frist", "tekst", "farge"), [
    (date(2027, 2, 28), "Forfalt 28. februar 2027", "red"),
    (IDAG, "Frist i dag", "orange"),
    (date(2027, 3, 8), "Frist 8. mars 2027", "yellow"),
    (date(2027, 3, 9), "Frist 9. mars 2027", "blue"),
    (None, "Ingen frist", "gray"),
])
def test_fristmerke_har_tekst(frist: date | None, tekst: str, farge: str) -> None:
    assert fristtekst(frist, IDAG) == (tekst, farge)


def test_statustekst() -> None:
    assert statustekst("dod") == ("Kunne ikke sendes", "red")
    assert statustekst("noe_nytt") == ("Noe nytt", "gray")
