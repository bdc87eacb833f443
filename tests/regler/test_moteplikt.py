"""Møteplikt: KE-gruppen minst 4 i året (004_cca943988ffadea5.txt L184), månedlig forum (L224)."""

from dataclasses import replace
from datetime import date

import pytest

from modeller.regler.moteplikt import neste_motedag, vurder_ke_gruppe, vurder_samhandlingsforum
from modeller.regler.parametre import STANDARD
from tests.regler.fridager import FRIDAGER

ETT_PER_KVARTAL = [date(2026, 2, 10), date(2026, 5, 12), date(2026, 9, 8), date(2026, 11, 17)]
ETTERPA = date(2027, 1, 15)


def test_ett_per_kvartal_er_oppfylt_uten_advarsler() -> None:
    status = vurder_ke_gruppe(ETT_PER_KVARTAL, ar=2026, idag=ETTERPA, regelverk=STANDARD)
    assert (status.antall, status.minimum, status.per_kvartal) == (4, 4, (1, 1, 1, 1))
    assert status.oppfylt
    assert status.advarsler == ()


def test_tre_moter_i_aret_er_ikke_oppfylt() -> None:
    status = vurder_ke_gruppe(ETT_PER_KVARTAL[:3], ar=2026, idag=ETTERPA, regelverk=STANDARD)
    assert not status.oppfylt
    assert status.per_kvartal == (1, 1, 1, 0)
    assert any("4. kvartal 2026" in a for a in status.advarsler)
    assert any("bare 3 av minimum 4" in a for a in status.advarsler)


def test_fire_i_ett_kvartal_oppfyller_minimum_men_gir_taktadvarsler() -> None:
    moter = [date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3), date(2026, 3, 3)]
    status = vurder_ke_gruppe(moter, ar=2026, idag=ETTERPA, regelverk=STANDARD)
    assert status.oppfylt
    assert status.per_kvartal == (4, 0, 0, 0)
    assert len(status.advarsler) == 3
    assert all("kvartal" in a for a in status.advarsler)


@pytest.mark.parametrize(
    ("moter", "idag", "advarsler"),
    [
        # midt i 3. kvartal, ingen møter i 2. kvartal: ett møte + to kvartaler igjen < 4
        ([date(2026, 2, 10)], date(2026, 8, 15), 2),
        # midt i 2. kvartal, Q1 dekket: 1 + 3 kvartaler = 4, bare takt ok
        ([date(2026, 2, 10)], date(2026, 5, 1), 0),
        # ingen møter ennå i januar: ingen avsluttede kvartaler
        ([], date(2026, 1, 20), 0),
        # to møter i Q1, ingen i Q2, midt i Q3: 2 + 2 = 4 → bare advarsel for Q2
        ([date(2026, 1, 10), date(2026, 3, 10)], date(2026, 8, 1), 1),
    ],
)
def test_takt_i_lopende_ar(moter: list[date], idag: date, advarsler: int) -> None:
    status = vurder_ke_gruppe(moter, ar=2026, idag=idag, regelverk=STANDARD)
    assert len(status.advarsler) == advarsler, status.advarsler
    assert not status.oppfylt


def test_framtidige_og_andre_ar_telles_ikke() -> None:
    moter = [date(2025, 12, 1), date(2026, 3, 1), date(2026, 12, 1)]
    status = vurder_ke_gruppe(moter, ar=2026, idag=date(2026, 6, 1), regelverk=STANDARD)
    assert status.antall == 1


def test_minimum_fra_regelverket() -> None:
    status = vurder_ke_gruppe(
        ETT_PER_KVARTAL[:3], ar=2026, idag=ETTERPA, regelverk=replace(STANDARD, ke_gruppe_min_moter_per_ar=3)
    )
    assert status.oppfylt and status.minimum == 3


def test_samhandlingsforum_maned_uten_mote_er_funn() -> None:
    moter = [date(2026, m, 15) for m in range(1, 13) if m != 7]
    status = vurder_samhandlingsforum(moter, ar=2026, idag=ETTERPA, regelverk=STANDARD)
    assert not status.oppfylt
    assert status.advarsler == ("Ingen samhandlingsforum i juli 2026 (004_cca943988ffadea5.txt L224).",)
    assert (status.antall, status.minimum) == (11, 12)


def test_samhandlingsforum_lopende_maned_er_ikke_funn() -> None:
    moter = [date(2026, 1, 15), date(2026, 2, 12)]
    status = vurder_samhandlingsforum(moter, ar=2026, idag=date(2026, 3, 20), regelverk=STANDARD)
    assert status.oppfylt
    status = vurder_samhandlingsforum(moter, ar=2026, idag=date(2026, 4, 1), regelverk=STANDARD)
    assert [a.split(" (")[0] for a in status.advarsler] == ["Ingen samhandlingsforum i mars 2026"]


def test_samhandlingsforum_annenhver_maned() -> None:
    regelverk = replace(STANDARD, samhandlingsforum_per_ar=6)
    moter = [date(2026, 2, 1), date(2026, 5, 1)]
    status = vurder_samhandlingsforum(moter, ar=2026, idag=date(2026, 7, 1), regelverk=regelverk)
    assert [a.split(" (")[0] for a in status.advarsler] == ["Ingen samhandlingsforum i perioden mars–april 2026"]
    with pytest.raises(ValueError):
        vurder_samhandlingsforum(moter, ar=2026, idag=ETTERPA, regelverk=replace(STANDARD, samhandlingsforum_per_ar=5))


@pytest.mark.parametrize(
    ("onsket", "forventet"),
    [
        (date(2026, 5, 14), date(2026, 5, 15)),  # Kristi himmelfart → fredag
        (date(2026, 5, 16), date(2026, 5, 18)),  # lørdag → mandag
        (date(2026, 5, 12), date(2026, 5, 12)),
        (date(2027, 5, 15), date(2027, 5, 18)),  # lørdag, pinse, 17. mai → tirsdag
    ],
)
def test_neste_motedag(onsket: date, forventet: date) -> None:
    assert neste_motedag(onsket, FRIDAGER) == forventet
