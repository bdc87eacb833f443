"""Livsfase og primæransvarlig (001_c5df1bb6b580be91.txt L929–945; tolkning av aldersgrensene)."""

from dataclasses import replace
from datetime import date

import pytest

from modeller.regler.begreper import Instans, Livsfase
from modeller.regler.livsfase import livsfase_for, primaeransvarlig
from modeller.regler.parametre import STANDARD

FODT = date(2015, 3, 10)  # fyller 6 i 2021, 16 i 2031, 18 den 10.03.2033


@pytest.mark.parametrize(
    ("idag", "forventet"),
    [
        (date(2015, 3, 10), Livsfase.SPEDBARN),
        (date(2016, 3, 9), Livsfase.SPEDBARN),  # dagen før 1-årsdagen
        (date(2016, 3, 10), Livsfase.BARNEHAGE),  # 1 år
        (date(2021, 7, 31), Livsfase.BARNEHAGE),  # dagen før skolestart (tolket 1. august)
        (date(2021, 8, 1), Livsfase.GRUNNSKOLE),  # året barnet fyller 6
        (date(2031, 7, 31), Livsfase.GRUNNSKOLE),  # sommeren i året barnet fyller 16
        (date(2031, 8, 1), Livsfase.VIDEREGAENDE),
        (date(2033, 3, 9), Livsfase.VIDEREGAENDE),  # dagen før 18-årsdagen
        (date(2033, 3, 10), Livsfase.VOKSEN),  # «Voksne over 18 år»
        (date(2080, 1, 1), Livsfase.VOKSEN),
    ],
)
def test_livsfase_etter_alder(idag: date, forventet: Livsfase) -> None:
    assert livsfase_for(fodselsdato=FODT, idag=idag) is forventet


def test_desemberfodt_begynner_pa_skolen_som_5_aring() -> None:
    # opplæringslova § 2-1: skolestart det kalenderåret barnet fyller 6
    assert livsfase_for(fodselsdato=date(2019, 12, 20), idag=date(2025, 8, 15)) is Livsfase.GRUNNSKOLE


def test_svangerskap() -> None:
    assert livsfase_for(fodselsdato=None, idag=date(2026, 1, 1), venter_barn=True) is Livsfase.SVANGERSKAP
    # termin i framtiden regnes som svangerskap
    assert livsfase_for(fodselsdato=date(2026, 6, 1), idag=date(2026, 1, 1)) is Livsfase.SVANGERSKAP


def test_mangler_fodselsdato() -> None:
    with pytest.raises(ValueError, match="Fødselsdato mangler"):
        livsfase_for(fodselsdato=None, idag=date(2026, 1, 1))


def test_overstyring_vinner() -> None:
    assert livsfase_for(fodselsdato=FODT, idag=date(2026, 1, 1), overstyrt=Livsfase.VOKSEN) is Livsfase.VOKSEN


def test_grensene_kommer_fra_regelverket() -> None:
    regelverk = replace(STANDARD, skolestart_alder=7)
    assert livsfase_for(fodselsdato=FODT, idag=date(2021, 9, 1), regelverk=regelverk) is Livsfase.BARNEHAGE


@pytest.mark.parametrize(
    ("livsfase", "instanser"),
    [
        # 001_c5df1bb6b580be91.txt L929–945, rad for rad
        (Livsfase.SVANGERSKAP, (Instans.JORDMOR,)),
        (Livsfase.SPEDBARN, (Instans.HELSESYKEPLEIER,)),
        (Livsfase.BARNEHAGE, (Instans.BARNEHAGE,)),
        (Livsfase.GRUNNSKOLE, (Instans.GRUNNSKOLE,)),
        (Livsfase.VIDEREGAENDE, (Instans.HELSE_OMSORG, Instans.NAV)),
        (Livsfase.VOKSEN, (Instans.HELSE_OMSORG, Instans.NAV)),
    ],
)
def test_primaeransvarlig(livsfase: Livsfase, instanser: tuple[Instans, ...]) -> None:
    assert primaeransvarlig(livsfase) == instanser
