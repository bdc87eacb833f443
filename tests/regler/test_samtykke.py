"""Samtykke: aldersgrensen 16 år og representasjon (kilderegler.md §3.2, §8 punkt 8)."""

from dataclasses import replace
from datetime import date

import pytest

from modeller.regler.begreper import SamtykkeGiver
from modeller.regler.parametre import STANDARD, Regelverk
from modeller.regler.samtykke import Vurdering, samtykke_gjelder, vurder_samtykkegiver

FODT = date(2010, 5, 20)  # fyller 16 den 20.05.2026 og 18 den 20.05.2028
BEGRUNNELSE = "Vurdert av lege 02.03.2026: forstår ikke hva samtykket omfatter."


def vurder(
    gitt_av: SamtykkeGiver,
    idag: date,
    *,
    fullmakt: bool = False,
    foreldreansvar: bool = False,
    begrunnelse: str | None = None,
    fodt: date = FODT,
    regelverk: Regelverk = STANDARD,
) -> Vurdering:
    return vurder_samtykkegiver(
        fodselsdato=fodt,
        idag=idag,
        gitt_av=gitt_av,
        skriftlig_fullmakt=fullmakt,
        foreldreansvar=foreldreansvar,
        manglende_kompetanse_begrunnelse=begrunnelse,
        regelverk=regelverk,
    )


@pytest.mark.parametrize(
    ("idag", "selv", "foresatt"),
    [
        # 002_846d8582fcb76fa6.txt L326/L383: under 16 foreldre, over 16 selv
        (date(2026, 5, 19), False, True),  # dagen før 16-årsdagen
        (date(2026, 5, 20), True, False),  # 16-årsdagen
        (date(2026, 5, 21), True, False),  # dagen etter
    ],
)
def test_grensen_ved_16_ar(idag: date, selv: bool, foresatt: bool) -> None:
    assert vurder(SamtykkeGiver.SELV, idag).gyldig is selv
    assert vurder(SamtykkeGiver.FORESATT, idag, foreldreansvar=True).gyldig is foresatt


def test_skuddagsfodt_fyller_16_pa_skuddagen() -> None:
    fodt = date(2012, 2, 29)
    assert not vurder(SamtykkeGiver.SELV, date(2028, 2, 28), fodt=fodt).gyldig
    assert vurder(SamtykkeGiver.SELV, date(2028, 2, 29), fodt=fodt).gyldig


def test_grensen_kommer_fra_regelverket() -> None:
    regelverk = replace(STANDARD, samtykkealder=18)
    resultat = vurder(SamtykkeGiver.SELV, date(2026, 5, 21), regelverk=regelverk)
    assert not resultat.gyldig
    assert "under 18 år" in resultat.grunner[0]


UNDER_16 = date(2025, 1, 1)
OVER_16 = date(2026, 6, 1)
OVER_18 = date(2028, 6, 1)


@pytest.mark.parametrize(
    ("gitt_av", "idag", "kwargs", "gyldig", "i_grunn"),
    [
        (SamtykkeGiver.SELV, UNDER_16, {}, False, "Barn under 16 år"),
        (SamtykkeGiver.SELV, OVER_16, {}, True, "samtykker selv"),
        # 003_e8b2068bec45c70c.txt L180–182: manglende kompetanse → representant
        (SamtykkeGiver.SELV, OVER_16, {"begrunnelse": BEGRUNNELSE}, False, "manglende samtykkekompetanse"),
        (SamtykkeGiver.FORESATT, UNDER_16, {"foreldreansvar": True}, True, "under 16 år"),
        (SamtykkeGiver.FORESATT, UNDER_16, {}, False, "uten foreldreansvar"),
        (SamtykkeGiver.FORESATT, OVER_16, {"foreldreansvar": True}, False, "begrunnet skriftlig"),
        (SamtykkeGiver.FORESATT, OVER_16, {"foreldreansvar": True, "begrunnelse": BEGRUNNELSE}, True, "begrunnet"),
        (SamtykkeGiver.FORESATT, OVER_18, {"foreldreansvar": True, "begrunnelse": BEGRUNNELSE}, False, "opphører"),
        # verge og hjelpeverge (003_e8b2068bec45c70c.txt L114–116)
        (SamtykkeGiver.VERGE, UNDER_16, {}, True, "verge"),
        (SamtykkeGiver.VERGE, OVER_18, {}, False, "begrunnet skriftlig"),
        (SamtykkeGiver.VERGE, OVER_18, {"begrunnelse": BEGRUNNELSE}, True, "begrunnet"),
        (SamtykkeGiver.HJELPEVERGE, OVER_16, {"begrunnelse": BEGRUNNELSE}, True, "begrunnet"),
        (SamtykkeGiver.HJELPEVERGE, OVER_16, {"begrunnelse": "   "}, False, "begrunnet skriftlig"),
        # fullmektig bare med skriftlig fullmakt (002_846d8582fcb76fa6.txt L325)
        (SamtykkeGiver.FULLMEKTIG, OVER_18, {}, False, "skriftlig fullmakt"),
        (SamtykkeGiver.FULLMEKTIG, OVER_18, {"fullmakt": True}, True, "skriftlig fullmakt"),
        # pårørende bare med begrunnelse (003_e8b2068bec45c70c.txt L114–116)
        (SamtykkeGiver.PARORENDE, OVER_18, {}, False, "begrunnet skriftlig"),
        (SamtykkeGiver.PARORENDE, OVER_18, {"begrunnelse": BEGRUNNELSE}, True, "begrunnet"),
        (SamtykkeGiver.PARORENDE, UNDER_16, {"begrunnelse": BEGRUNNELSE}, False, "ikke andre pårørende"),
    ],
)
def test_hvem_kan_samtykke(
    gitt_av: SamtykkeGiver, idag: date, kwargs: dict[str, object], gyldig: bool, i_grunn: str
) -> None:
    resultat = vurder(gitt_av, idag, **kwargs)  # type: ignore[arg-type]
    assert resultat.gyldig is gyldig
    assert resultat.grunner, "en vurdering skal alltid ha en grunn"
    assert any(i_grunn in g for g in resultat.grunner), resultat.grunner


@pytest.mark.parametrize(
    ("gitt", "gyldig_til", "trukket", "idag", "forventet"),
    [
        (date(2026, 3, 1), None, None, date(2026, 2, 28), False),  # før gitt
        (date(2026, 3, 1), None, None, date(2026, 3, 1), True),
        (date(2026, 3, 1), date(2026, 12, 31), None, date(2026, 12, 31), True),  # siste gyldige dag
        (date(2026, 3, 1), date(2026, 12, 31), None, date(2027, 1, 1), False),
        (date(2026, 3, 1), None, date(2026, 6, 1), date(2026, 5, 31), True),
        (date(2026, 3, 1), None, date(2026, 6, 1), date(2026, 6, 1), False),  # trukket samme dag
    ],
)
def test_samtykke_gjelder(
    gitt: date, gyldig_til: date | None, trukket: date | None, idag: date, forventet: bool
) -> None:
    # lovkrav K6: tidsbegrenset og kan trekkes
    assert samtykke_gjelder(gitt=gitt, gyldig_til=gyldig_til, trukket=trukket, idag=idag) is forventet
