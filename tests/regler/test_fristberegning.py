"""Fristberegning etter domstolloven §§ 148–149: hvert tilfelle siterer lovteksten det bygger på."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Literal, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeller.regler.begreper import Klagerute
from modeller.regler.frister import forlenger_frist, frist_i_maneder, klagefrist, klagefrist_for_vedtak
from modeller.regler.parametre import STANDARD, KlagefristStart
from tests.regler.fridager import FRIDAGER

# Lovteksten ordrett: domstolloven 13. august 1915 nr. 5 kap. 8, lov 26. april 1947 nr. 1, helligdagsloven 1995 nr. 12.
DL_148 = (
    "domstolloven § 148 annet ledd: «Frister, som er bestemt efter uker, maaneder eller aar, ender paa den dag i "
    "den sidste uke eller den sidste maaned, som efter sit navn eller sit tal svarer til den dag, da fristen "
    "begynder at løpe.»"
)
DL_148_MANED = (
    "domstolloven § 148 annet ledd: «Har ikke maaneden dette tal, ender fristen paa den sidste dag i maaneden.»"
)
DL_149 = (
    "domstolloven § 149 første ledd: «Ender en frist paa en lørdag, helgedag eller dag som etter lovgivningen er "
    "likestilt med helgedag forlenges fristen til den nærmest følgende virkedag.»"
)
HOGTIDSDAG = "lov 26. april 1947 nr. 1 § 1: «1. og 17. mai er høgtidsdager og skal være jamstelt med søndager»"
HELLIGDAG = "helligdagsloven § 2: «Følgende dager er helligdag: a) vanlige søndager, b) nyttårsdag (1. januar), …»"
IKKE_JUL = (
    "domstolloven § 149 første ledd forlenger bare forbi «lørdag, helgedag eller dag som etter lovgivningen er "
    "likestilt med helgedag»; julaften og nyttårsaften står ikke i helligdagsloven § 2 og ikke i § 149"
)


class Tilfelle(NamedTuple):
    """Én frist: start, lengde, siste dag etter loven og med kommunens rause jul/nyttår-innstilling."""

    navn: str
    lovtekst: str
    start: date
    lengde: int
    enhet: Literal["uker", "maneder"]
    etter_loven: date
    med_jul_nyttar: date


TILFELLER = [
    # Julaften og nyttårsaften: fristen ender der; bare innstillingen flytter den.
    Tilfelle("4 uker ender julaften, torsdag 24.12.2026", f"{IKKE_JUL}. {DL_148}",
             date(2026, 11, 26), 4, "uker", date(2026, 12, 24), date(2026, 12, 28)),
    Tilfelle("3 uker (fvl. § 29) ender julaften 2026", f"{IKKE_JUL}. {DL_148}",
             date(2026, 12, 3), 3, "uker", date(2026, 12, 24), date(2026, 12, 28)),
    Tilfelle("4 uker ender nyttårsaften, torsdag 31.12.2026", f"{IKKE_JUL}. {DL_148}",
             date(2026, 12, 3), 4, "uker", date(2026, 12, 31), date(2027, 1, 4)),
    Tilfelle("4 uker ender julaften, fredag 24.12.2027", IKKE_JUL,
             date(2027, 11, 26), 4, "uker", date(2027, 12, 24), date(2027, 12, 27)),
    Tilfelle("4 uker ender nyttårsaften, fredag 31.12.2027 (1.1.2028 er lørdag)", IKKE_JUL,
             date(2027, 12, 3), 4, "uker", date(2027, 12, 31), date(2028, 1, 3)),
    Tilfelle("2 måneder ender nyttårsaften 31.12.2026", f"{IKKE_JUL}. {DL_148}",
             date(2026, 10, 31), 2, "maneder", date(2026, 12, 31), date(2027, 1, 4)),
    # Kjede: neste dag er også helgedag. 25.12 og 26.12 er helligdager, 27.12.2026 er søndag.
    Tilfelle("4 uker ender 1. juledag 2026, videre over 2. juledag og søndag", f"{DL_149} {HELLIGDAG} j) første "
             "juledag (25. desember), k) annen juledag (26. desember)",
             date(2026, 11, 27), 4, "uker", date(2026, 12, 28), date(2026, 12, 28)),
    # Samme ukedag, og helg.
    Tilfelle("4 uker fra fredag ender fredag", DL_148,
             date(2026, 1, 9), 4, "uker", date(2026, 2, 6), date(2026, 2, 6)),
    Tilfelle("ender lørdag 07.02.2026", DL_149,
             date(2026, 1, 10), 4, "uker", date(2026, 2, 9), date(2026, 2, 9)),
    Tilfelle("ender søndag 08.02.2026", f"{DL_149} {HELLIGDAG}",
             date(2026, 1, 11), 4, "uker", date(2026, 2, 9), date(2026, 2, 9)),
    # 1. og 17. mai: likestilt med helgedag ved lov.
    Tilfelle("3 uker ender 1. mai, fredag 2026, videre over helgen", f"{DL_149} {HOGTIDSDAG}",
             date(2026, 4, 10), 3, "uker", date(2026, 5, 4), date(2026, 5, 4)),
    Tilfelle("4 uker ender 17. mai, onsdag 2028", f"{DL_149} {HOGTIDSDAG}",
             date(2028, 4, 19), 4, "uker", date(2028, 5, 18), date(2028, 5, 18)),
    Tilfelle("4 uker ender 17. mai 2027, også 2. pinsedag", f"{DL_149} {HOGTIDSDAG}",
             date(2027, 4, 19), 4, "uker", date(2027, 5, 18), date(2027, 5, 18)),
    # Bevegelige helligdager.
    Tilfelle("ender 2. påskedag 06.04.2026", f"{DL_149} {HELLIGDAG} f) annen påskedag",
             date(2026, 3, 9), 4, "uker", date(2026, 4, 7), date(2026, 4, 7)),
    Tilfelle("ender skjærtorsdag 2026, videre over langfredag, påskehelgen og 2. påskedag",
             f"{DL_149} {HELLIGDAG} c) skjærtorsdag, d) langfredag, e) første påskedag, f) annen påskedag",
             date(2026, 3, 5), 4, "uker", date(2026, 4, 7), date(2026, 4, 7)),
    Tilfelle("ender Kristi himmelfartsdag 14.05.2026", f"{DL_149} {HELLIGDAG} g) Kristi Himmelfartsdag",
             date(2026, 4, 16), 4, "uker", date(2026, 5, 15), date(2026, 5, 15)),
    Tilfelle("3 uker (fvl. § 29) ender Kristi himmelfartsdag", f"{DL_149} {HELLIGDAG} g) Kristi Himmelfartsdag",
             date(2026, 4, 23), 3, "uker", date(2026, 5, 15), date(2026, 5, 15)),
    # Måneder: samme dato, ellers månedens siste dag; så § 149.
    Tilfelle("31. januar + 1 måned: 28.02.2026 er lørdag", f"{DL_148_MANED} {DL_149}",
             date(2026, 1, 31), 1, "maneder", date(2026, 3, 2), date(2026, 3, 2)),
    Tilfelle("31. januar 2028 + 1 måned: skuddag, tirsdag", DL_148_MANED,
             date(2028, 1, 31), 1, "maneder", date(2028, 2, 29), date(2028, 2, 29)),
    Tilfelle("28. februar + 1 måned er 28. mars, ikke månedens siste", f"{DL_148} {DL_149}",
             date(2026, 2, 28), 1, "maneder", date(2026, 3, 30), date(2026, 3, 30)),
]


def _frist(t: Tilfelle, *, forleng_jul_nyttar: bool) -> date:
    if t.enhet == "uker":
        return klagefrist(t.start, t.lengde, FRIDAGER, forleng_jul_nyttar=forleng_jul_nyttar)
    return frist_i_maneder(t.start, t.lengde, FRIDAGER, forleng_jul_nyttar=forleng_jul_nyttar)


@pytest.mark.parametrize("t", TILFELLER, ids=lambda t: t.navn)
def test_fristens_siste_dag_etter_loven(t: Tilfelle) -> None:
    assert _frist(t, forleng_jul_nyttar=False) == t.etter_loven, t.lovtekst


@pytest.mark.parametrize("t", TILFELLER, ids=lambda t: t.navn)
def test_fristens_siste_dag_med_jul_og_nyttar(t: Tilfelle) -> None:
    assert _frist(t, forleng_jul_nyttar=True) == t.med_jul_nyttar, t.lovtekst


@pytest.mark.parametrize("dag", [date(2026, 5, 1), date(2028, 5, 17)], ids=["1. mai 2026", "17. mai 2028"])
def test_hogtidsdagene_forlenger_selv_uten_helligdagssett(dag: date) -> None:
    # 1. og 17. mai følger av loven selv, ikke av hvilket helligdagssett adapteren leverer.
    assert forlenger_frist(dag, frozenset(), forleng_jul_nyttar=False), HOGTIDSDAG


@pytest.mark.parametrize("dag", [date(2026, 12, 24), date(2026, 12, 31), date(2027, 12, 24), date(2027, 12, 31)],
                         ids=str)
def test_julaften_og_nyttarsaften_forlenger_bare_med_innstillingen(dag: date) -> None:
    assert not forlenger_frist(dag, FRIDAGER, forleng_jul_nyttar=False), IKKE_JUL
    assert forlenger_frist(dag, FRIDAGER, forleng_jul_nyttar=True)


def test_klagefrist_for_vedtak_folger_innstillingen_om_jul_og_nyttar() -> None:
    assert STANDARD.frist_forleng_jul_nyttar is False  # standard er loven
    regelverk = replace(STANDARD, klagefrist_start=KlagefristStart.MOTTATT)
    mottatt = date(2026, 11, 26)  # 4 uker (pbrl. § 7-5) ender torsdag 24.12.2026

    def frist(forleng: bool) -> date | None:
        return klagefrist_for_vedtak(fattet=mottatt, underrettet=mottatt, mottatt=mottatt, rute=Klagerute.PBRL,
                                     regelverk=replace(regelverk, frist_forleng_jul_nyttar=forleng), fridager=FRIDAGER)

    assert frist(False) == date(2026, 12, 24), IKKE_JUL
    assert frist(True) == date(2026, 12, 28)


def _stengt(d: date, *, raus: bool) -> bool:
    """Uavhengig fasit: helg eller i de literale helligdagene (som har 1. og 17. mai), og 24./31.12 når raus."""
    return d.weekday() >= 5 or d in FRIDAGER or (raus and (d.month, d.day) in {(12, 24), (12, 31)})


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 10, 31)), st.integers(min_value=1, max_value=8),
       st.booleans())
def test_fristen_er_forste_apne_dag_fra_samme_ukedag(start: date, uker: int, raus: bool) -> None:
    frist = klagefrist(start, uker, FRIDAGER, forleng_jul_nyttar=raus)
    slutt = start + timedelta(weeks=uker)
    assert frist >= slutt and not _stengt(frist, raus=raus)
    assert all(_stengt(slutt + timedelta(days=i), raus=raus) for i in range((frist - slutt).days))


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 10, 31)), st.integers(min_value=1, max_value=8))
def test_innstillingen_endrer_bare_frister_som_ender_24_eller_31_desember(start: date, uker: int) -> None:
    lov = klagefrist(start, uker, FRIDAGER, forleng_jul_nyttar=False)
    raus = klagefrist(start, uker, FRIDAGER, forleng_jul_nyttar=True)
    assert lov <= raus
    assert (lov != raus) == ((lov.month, lov.day) in {(12, 24), (12, 31)})
