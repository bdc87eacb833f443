"""Perioder, persentiler (nearest rank) og funnstatus for kvartalskontrollen (lovkrav K28; 004 L184, L224)."""

from datetime import date

import pytest

from modeller.regler.moteplikt import vurder_ke_gruppe, vurder_samhandlingsforum
from modeller.regler.nokkeltall import (
    Funnstatus,
    Sammendrag,
    andel,
    avsluttet_kvartal,
    forrige,
    funnstatus,
    ke_gruppe_status,
    kvartal_for,
    median,
    oppsummer,
    periode,
    perioder_bakover,
    persentil,
    regeldag,
    samhandlingsforum_status,
    sluttdato,
    tolk_periode,
)
from modeller.regler.parametre import STANDARD


@pytest.mark.parametrize(
    ("ar", "kvartal", "fra", "til", "navn"),
    [
        (2027, 1, date(2027, 1, 1), date(2027, 3, 31), "2027-K1"),
        (2027, 2, date(2027, 4, 1), date(2027, 6, 30), "2027-K2"),
        (2027, 3, date(2027, 7, 1), date(2027, 9, 30), "2027-K3"),
        (2027, 4, date(2027, 10, 1), date(2027, 12, 31), "2027-K4"),
        (2028, 1, date(2028, 1, 1), date(2028, 3, 31), "2028-K1"),
        (2027, None, date(2027, 1, 1), date(2027, 12, 31), "2027"),
    ],
)
def test_periodegrenser(ar: int, kvartal: int | None, fra: date, til: date, navn: str) -> None:
    p = periode(ar, kvartal)
    assert (p.fra, p.til, p.navn) == (fra, til, navn)
    assert tolk_periode(navn) == p


@pytest.mark.parametrize("kvartal", [0, 5, -1])
def test_ugyldig_kvartal(kvartal: int) -> None:
    with pytest.raises(ValueError, match="Kvartal"):
        periode(2027, kvartal)


@pytest.mark.parametrize("tekst", ["2027-K", "K1", "2027-Q1", "", "tjuetjue"])
def test_ugyldig_periodetekst(tekst: str) -> None:
    with pytest.raises(ValueError):
        tolk_periode(tekst)


@pytest.mark.parametrize(
    ("idag", "forventet"),
    [
        (date(2027, 4, 1), "2027-K1"),
        (date(2027, 1, 1), "2026-K4"),
        (date(2027, 3, 31), "2026-K4"),
        (date(2027, 10, 1), "2027-K3"),
        (date(2027, 12, 31), "2027-K3"),
    ],
)
def test_avsluttet_kvartal(idag: date, forventet: str) -> None:
    assert avsluttet_kvartal(idag).navn == forventet


@pytest.mark.parametrize(("d", "k"), [(date(2027, 1, 1), 1), (date(2027, 3, 31), 1), (date(2027, 4, 1), 2),
                                      (date(2027, 9, 30), 3), (date(2027, 12, 31), 4)])
def test_kvartal_for(d: date, k: int) -> None:
    assert kvartal_for(d) == k


def test_forrige_og_bakover() -> None:
    assert forrige(periode(2027, 1)).navn == "2026-K4"
    assert forrige(periode(2027)).navn == "2026"
    assert [p.navn for p in perioder_bakover(periode(2027, 2), 4)] == [
        "2026-K2", "2026-K3", "2026-K4", "2027-K1", "2027-K2"]
    assert [p.navn for p in perioder_bakover(periode(2027), 2)] == ["2025", "2026", "2027"]


@pytest.mark.parametrize(
    ("idag", "forventet"),
    [(date(2027, 2, 10), date(2027, 2, 10)), (date(2027, 3, 31), date(2027, 3, 31)),
     (date(2027, 5, 1), date(2027, 3, 31))],
)
def test_sluttdato(idag: date, forventet: date) -> None:
    assert sluttdato(periode(2027, 1), idag) == forventet


@pytest.mark.parametrize(
    ("idag", "forventet"),
    [(date(2027, 2, 10), date(2027, 2, 10)), (date(2027, 3, 31), date(2027, 3, 31)),
     (date(2027, 4, 1), date(2027, 4, 1)), (date(2027, 9, 1), date(2027, 4, 1))],
)
def test_regeldag(idag: date, forventet: date) -> None:
    assert regeldag(periode(2027, 1), idag) == forventet


@pytest.mark.parametrize(
    ("verdier", "p", "forventet"),
    [
        ([15, 20, 35, 40, 50], 30, 20),     # Wikipedia-eksemplet for nearest rank: rang ⌈1,5⌉ = 2
        ([15, 20, 35, 40, 50], 40, 20),     # rang 2
        ([15, 20, 35, 40, 50], 50, 35),     # rang ⌈2,5⌉ = 3
        ([15, 20, 35, 40, 50], 100, 50),
        ([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 25, 7),
        ([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 50, 8),
        ([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 75, 15),
        ([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 90, 16),
        ([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 1, 3),
        ([10, 20], 50, 10),                 # nederste av de to midterste
        ([7], 90, 7),
        ([-2, 0, 5], 50, 0),
    ],
)
def test_persentil_nearest_rank(verdier: list[int], p: int, forventet: int) -> None:
    fordeling: dict[int, int] = {}
    for v in verdier:
        fordeling[v] = fordeling.get(v, 0) + 1
    assert persentil(fordeling, p) == forventet


def test_tom_fordeling_og_nullrader() -> None:
    assert persentil({}, 50) is None
    assert median({4: 0}) is None
    assert oppsummer({}) == Sammendrag(0, None, None, None, None)
    with pytest.raises(ValueError):
        persentil({1: 1}, 0)
    with pytest.raises(ValueError):
        persentil({1: -1}, 50)


def test_oppsummer_frekvenstabell() -> None:
    # 10, 20, 30, 40, 100 dager
    assert oppsummer({10: 1, 20: 1, 30: 1, 40: 1, 100: 1}) == Sammendrag(5, 30, 100, 100, 40.0)
    assert oppsummer({1: 3, 2: 1}) == Sammendrag(4, 1, 2, 2, 1.2)


@pytest.mark.parametrize(("teller", "nevner", "forventet"), [(1, 3, 0.333), (0, 4, 0.0), (2, 2, 1.0), (0, 0, None)])
def test_andel(teller: int, nevner: int, forventet: float | None) -> None:
    assert andel(teller, nevner) == forventet


@pytest.mark.parametrize(
    ("antall", "alvorlige", "status"),
    [(0, 0, Funnstatus.OK), (3, 0, Funnstatus.ADVARSEL), (3, 1, Funnstatus.BRUDD), (1, 1, Funnstatus.BRUDD)],
)
def test_funnstatus(antall: int, alvorlige: int, status: Funnstatus) -> None:
    assert funnstatus(antall, alvorlige) is status


def test_funnstatus_avviser_umulige_tall() -> None:
    with pytest.raises(ValueError):
        funnstatus(1, 2)


@pytest.mark.parametrize(
    ("moter", "dato", "status"),
    [
        # tre møter, året er over → brudd
        ([date(2026, 2, 10), date(2026, 5, 12), date(2026, 9, 8)], date(2027, 1, 1), Funnstatus.BRUDD),
        # tre møter, ett per kvartal hittil; siste dag i året er ikke over, et møte i dag når minimum → ok
        ([date(2026, 2, 10), date(2026, 5, 12), date(2026, 9, 8)], date(2026, 12, 31), Funnstatus.OK),
        # fire møter i 1. kvartal; 2. kvartal er over uten møte → advarsel
        ([date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3), date(2026, 3, 3)], date(2026, 7, 1),
         Funnstatus.ADVARSEL),
        # fire møter i 1. kvartal, 1. kvartal er over: minimum nådd, ingen tomme kvartaler → ok
        ([date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3), date(2026, 3, 3)], date(2026, 4, 1), Funnstatus.OK),
        # ett per kvartal → ok når året er over
        ([date(2026, 2, 1), date(2026, 5, 1), date(2026, 8, 1), date(2026, 11, 1)], date(2027, 1, 1), Funnstatus.OK),
        # ingen møter i 1. kvartal, kvartalet er over → advarsel (ikke brudd: året er ikke over)
        ([], date(2026, 4, 1), Funnstatus.ADVARSEL),
    ],
)
def test_ke_gruppe_status(moter: list[date], dato: date, status: Funnstatus) -> None:
    vurdering = vurder_ke_gruppe(moter, ar=2026, idag=dato, regelverk=STANDARD)
    assert ke_gruppe_status(vurdering, idag=dato) is status


@pytest.mark.parametrize(
    ("maneder", "dato", "status"),
    [([1, 2, 3], date(2026, 4, 1), Funnstatus.OK), ([1, 3], date(2026, 4, 1), Funnstatus.BRUDD),
     ([1], date(2026, 2, 15), Funnstatus.OK), ([2], date(2026, 2, 15), Funnstatus.BRUDD)],
)
def test_samhandlingsforum_status(maneder: list[int], dato: date, status: Funnstatus) -> None:
    vurdering = vurder_samhandlingsforum([date(2026, m, 15) for m in maneder], ar=2026, idag=dato,
                                         regelverk=STANDARD)
    assert samhandlingsforum_status(vurdering) is status
