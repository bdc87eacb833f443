"""Frister: klage (domstolloven §§ 148–149), foreløpig svar, revurdering og barnekoordinator."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeller.regler.begreper import Klageinstans, Klagerute, Tiltakstype
from modeller.regler.frister import (
    barnekoordinator_overgangsdato,
    barnekoordinator_sluttdato,
    forelopig_svar_dato,
    klage_for_sent,
    klagefrist,
    klagefrist_for_vedtak,
    klageinstans_for,
    klagerute_for,
    legg_til_maneder,
    revurderingsdato,
)
from modeller.regler.identitet import alder
from modeller.regler.parametre import STANDARD, KlagefristStart
from tests.regler.fridager import FRIDAGER


@pytest.mark.parametrize(
    ("start", "uker", "forventet"),
    [
        # mottatt fredag, 4 uker (002_846d8582fcb76fa6.txt L347) ender fredag
        (date(2026, 1, 9), 4, date(2026, 2, 6)),
        # ender lørdag → mandag
        (date(2026, 1, 10), 4, date(2026, 2, 9)),
        # ender søndag → mandag
        (date(2026, 1, 11), 4, date(2026, 2, 9)),
        # ender Kristi himmelfartsdag 14.05.2026 → fredag 15.05
        (date(2026, 4, 16), 4, date(2026, 5, 15)),
        # ender skjærtorsdag 02.04.2026 → langfredag, påskehelg, 2. påskedag → tirsdag 07.04
        (date(2026, 3, 5), 4, date(2026, 4, 7)),
        # ender 2. påskedag 06.04.2026 → tirsdag
        (date(2026, 3, 9), 4, date(2026, 4, 7)),
        # ender 17. mai 2027 (også 2. pinsedag, mandag) → tirsdag 18.05
        (date(2027, 4, 19), 4, date(2027, 5, 18)),
        # ender julaften 2026 (torsdag) → 1. og 2. juledag, søndag → mandag 28.12
        (date(2026, 11, 26), 4, date(2026, 12, 28)),
        # ender nyttårsaften 2026 (torsdag) → 1. nyttårsdag, helg → mandag 04.01.2027
        (date(2026, 12, 3), 4, date(2027, 1, 4)),
        # ender julaften 2027 (fredag) → mandag 27.12
        (date(2027, 11, 26), 4, date(2027, 12, 27)),
        # ender nyttårsaften 2027 (fredag) → 1.1.2028 lørdag → mandag 03.01.2028
        (date(2027, 12, 3), 4, date(2028, 1, 3)),
        # 3 uker (fvl § 29; 002_846d8582fcb76fa6.txt L142), ender Kristi himmelfart → fredag
        (date(2026, 4, 23), 3, date(2026, 5, 15)),
        # 3 uker, vanlig onsdag
        (date(2026, 5, 6), 3, date(2026, 5, 27)),
    ],
)
def test_klagefrist(start: date, uker: int, forventet: date) -> None:
    assert klagefrist(start, uker, FRIDAGER) == forventet


def test_julaften_og_nyttarsaften_forlenger_uten_helligdagssett() -> None:
    # domstolloven § 149: julaften og nyttårsaften forlenger selv om de ikke er helligdager
    assert klagefrist(date(2026, 11, 26), 4, frozenset()) == date(2026, 12, 25)
    assert klagefrist(date(2026, 12, 3), 4, frozenset()) == date(2027, 1, 1)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 10, 31)), st.integers(min_value=1, max_value=8))
def test_klagefrist_er_aldri_for_kort_og_faller_pa_apen_dag(start: date, uker: int) -> None:
    frist = klagefrist(start, uker, FRIDAGER)
    assert frist >= start + timedelta(weeks=uker)
    assert frist.weekday() < 5 and frist not in FRIDAGER
    assert (frist.month, frist.day) not in {(12, 24), (12, 31)}


@pytest.mark.parametrize(
    ("tiltak", "lovpalagt", "kan_paklages", "rute", "instans"),
    [
        # 002_846d8582fcb76fa6.txt L344–347: IP og koordinator → pbrl § 7-5, Statsforvalteren
        (Tiltakstype.IP, False, True, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN),
        (Tiltakstype.KOORDINATOR, False, True, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN),
        (Tiltakstype.BARNEKOORDINATOR, False, True, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN),
        # lovpålagte tjenester → pbrl (002 L460–463)
        (Tiltakstype.TJENESTE, True, True, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN),
        # ikke lovpålagt → fvl § 29, klagenemnd (002 L138–142)
        (Tiltakstype.TJENESTE, False, True, Klagerute.FVL, Klageinstans.KLAGENEMND),
        # kan ikke påklages (002 L45, L92)
        (Tiltakstype.TJENESTE, False, False, Klagerute.IKKE_KLAGBAR, None),
        (Tiltakstype.IP, True, False, Klagerute.IKKE_KLAGBAR, None),
    ],
)
def test_klagerute_og_instans(
    tiltak: Tiltakstype, lovpalagt: bool, kan_paklages: bool, rute: Klagerute, instans: Klageinstans | None
) -> None:
    assert klagerute_for(tiltak, lovpalagt=lovpalagt, kan_paklages=kan_paklages) is rute
    assert klageinstans_for(rute) == instans


FATTET = date(2026, 3, 2)  # mandag
UNDERRETTET = date(2026, 3, 3)  # tirsdag
MOTTATT = date(2026, 3, 6)  # fredag


@pytest.mark.parametrize(
    ("start", "underrettet", "mottatt", "rute", "forventet"),
    [
        (KlagefristStart.MOTTATT, UNDERRETTET, MOTTATT, Klagerute.PBRL, date(2026, 4, 7)),  # 03.04 langfredag
        (KlagefristStart.MOTTATT, UNDERRETTET, None, Klagerute.PBRL, date(2026, 3, 31)),  # reserve: underrettet
        (KlagefristStart.MOTTATT, None, None, Klagerute.PBRL, date(2026, 3, 30)),  # reserve: fattet
        (KlagefristStart.UNDERRETTET, UNDERRETTET, MOTTATT, Klagerute.PBRL, date(2026, 3, 31)),
        (KlagefristStart.UNDERRETTET, None, MOTTATT, Klagerute.PBRL, date(2026, 3, 30)),
        (KlagefristStart.FATTET, UNDERRETTET, MOTTATT, Klagerute.PBRL, date(2026, 3, 30)),
        (KlagefristStart.MOTTATT, UNDERRETTET, MOTTATT, Klagerute.FVL, date(2026, 3, 27)),  # 3 uker
        (KlagefristStart.MOTTATT, UNDERRETTET, MOTTATT, Klagerute.IKKE_KLAGBAR, None),
    ],
)
def test_klagefrist_for_vedtak(
    start: KlagefristStart, underrettet: date | None, mottatt: date | None, rute: Klagerute, forventet: date | None
) -> None:
    regelverk = replace(STANDARD, klagefrist_start=start)
    frist = klagefrist_for_vedtak(
        fattet=FATTET, underrettet=underrettet, mottatt=mottatt, rute=rute, regelverk=regelverk, fridager=FRIDAGER
    )
    assert frist == forventet


def test_klagefrist_bruker_regelverkets_uker() -> None:
    regelverk = replace(STANDARD, klagefrist_uker_lovpalagt=6)
    frist = klagefrist_for_vedtak(
        fattet=FATTET, underrettet=None, mottatt=None, rute=Klagerute.PBRL, regelverk=regelverk, fridager=frozenset()
    )
    assert frist == FATTET + timedelta(weeks=6)


@pytest.mark.parametrize(
    ("mottatt", "forventet"),
    [(date(2026, 4, 6), False), (date(2026, 4, 7), False), (date(2026, 4, 8), True)],
)
def test_klage_for_sent(mottatt: date, forventet: bool) -> None:
    # lovkrav K18: for sene klager flagges
    assert klage_for_sent(mottatt, date(2026, 4, 7)) is forventet


def test_forelopig_svar_etter_fire_uker() -> None:
    # 003_e8b2068bec45c70c.txt L187–188: «innen fire uker»
    assert forelopig_svar_dato(date(2026, 3, 2), STANDARD) == date(2026, 3, 30)
    assert forelopig_svar_dato(date(2026, 3, 2), replace(STANDARD, forelopig_svar_uker=3)) == date(2026, 3, 23)


@pytest.mark.parametrize(
    ("d", "maneder", "forventet"),
    [
        (date(2026, 1, 31), 12, date(2027, 1, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # skuddag → siste dag i februar
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_legg_til_maneder(d: date, maneder: int, forventet: date) -> None:
    assert legg_til_maneder(d, maneder) == forventet


def test_revurderingsdato() -> None:
    # 003_e8b2068bec45c70c.txt L515–517: «minst en gang per år»
    assert revurderingsdato(date(2026, 5, 14), STANDARD) == date(2027, 5, 14)
    assert revurderingsdato(date(2024, 2, 29), STANDARD) == date(2025, 2, 28)
    assert revurderingsdato(date(2026, 8, 31), replace(STANDARD, revurdering_maneder=6)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("fodt", "slutt", "overgang"),
    [
        # 001_c5df1bb6b580be91.txt L785: «frem til barnet fyller 18 år»
        (date(2008, 6, 15), date(2026, 6, 15), date(2026, 3, 17)),
        (date(2008, 2, 29), date(2026, 3, 1), date(2025, 12, 1)),  # skuddagsfødt → 1. mars
        (date(2012, 2, 29), date(2030, 3, 1), date(2029, 12, 1)),
        (date(2010, 1, 1), date(2028, 1, 1), date(2027, 10, 3)),
    ],
)
def test_barnekoordinator_datoer(fodt: date, slutt: date, overgang: date) -> None:
    assert barnekoordinator_sluttdato(fodt, STANDARD) == slutt
    assert barnekoordinator_overgangsdato(fodt, STANDARD) == overgang
    # dagen før er barnet 17, på dagen 18, dagen etter 18
    assert alder(fodt, slutt - timedelta(days=1)) == 17
    assert alder(fodt, slutt) == 18
    assert alder(fodt, slutt + timedelta(days=1)) == 18


def test_barnekoordinator_bruker_regelverket() -> None:
    regelverk = replace(STANDARD, barnekoordinator_sluttalder=16, barnekoordinator_overgang_dager=30)
    assert barnekoordinator_sluttdato(date(2010, 5, 20), regelverk) == date(2026, 5, 20)
    assert barnekoordinator_overgangsdato(date(2010, 5, 20), regelverk) == date(2026, 4, 20)
