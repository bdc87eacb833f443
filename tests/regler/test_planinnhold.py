"""IP-innhold mot forskrift § 19 a–i (lovkrav-og-forbilder.md B.2; K11, K12, K15)."""

from dataclasses import replace

import pytest

from modeller.regler.planinnhold import Mangel, Planfakta, sjekk_planinnhold

KOMPLETT = Planfakta(
    har_mal=True,
    har_ressurser_og_behov=True,
    antall_deltakere=3,
    har_koordinator=True,
    har_bidrag=True,
    antall_tiltak=2,
    tiltak_uten_ansvarlig=0,
    tiltak_uten_gjennomforing=0,
    har_periode=True,
    har_neste_revisjon=True,
    samtykke_plan=True,
    samtykke_deling=True,
    har_samarbeid=True,
)


def test_komplett_plan_har_ingen_mangler() -> None:
    assert sjekk_planinnhold(KOMPLETT) == ()


@pytest.mark.parametrize(
    ("endring", "bokstav"),
    [
        ({"har_mal": False}, "a"),
        ({"har_ressurser_og_behov": False}, "a"),
        ({"antall_deltakere": 0}, "b"),
        ({"har_koordinator": False}, "c"),
        ({"har_bidrag": False}, "d"),
        ({"antall_tiltak": 0}, "e"),
        ({"tiltak_uten_ansvarlig": 2}, "e"),
        ({"tiltak_uten_gjennomforing": 1}, "f"),
        ({"har_periode": False}, "g"),
        ({"har_neste_revisjon": False}, "g"),
        ({"samtykke_plan": False}, "h"),
        ({"samtykke_deling": False}, "h"),
        ({"har_samarbeid": False}, "i"),
    ],
)
def test_hver_mangel_gir_riktig_bokstav(endring: dict[str, object], bokstav: str) -> None:
    mangler = sjekk_planinnhold(replace(KOMPLETT, **endring))  # type: ignore[arg-type]
    assert [m.bokstav for m in mangler] == [bokstav]
    assert mangler[0].tekst


def test_antall_tiltak_uten_ansvarlig_i_teksten() -> None:
    mangler = sjekk_planinnhold(replace(KOMPLETT, tiltak_uten_ansvarlig=2))
    assert mangler == (Mangel("e", "2 tiltak mangler ansvarlig (lovkrav K15)."),)


def test_tom_plan_gir_mangler_i_alfabetisk_rekkefolge() -> None:
    tom = Planfakta(False, False, 0, False, False, 0, 0, 0, False, False, False, False, False)
    bokstaver = [m.bokstav for m in sjekk_planinnhold(tom)]
    assert bokstaver == sorted(bokstaver)
    assert set(bokstaver) == set("abcdeghi")  # f krever at det finnes tiltak
