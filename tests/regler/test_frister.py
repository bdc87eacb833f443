"""Frister: klagerute og klagefrist for vedtak, foreløpig svar, revurdering og barnekoordinator.

Selve fristberegningen (domstolloven §§ 148–149) testes i test_fristberegning.py.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from modeller.regler.begreper import Klageinstans, Klagerute, Tiltakstype
from modeller.regler.frister import (
    barnekoordinator_overgangsdato,
    barnekoordinator_sluttdato,
    forelopig_svar_dato,
    klage_for_sent,
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
        # domstolloven § 148 annet ledd: «Har ikke maaneden dette tal, ender fristen paa den sidste dag i maaneden.»
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),  # «sit tal»: 28. mars, ikke månedens siste dag
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
