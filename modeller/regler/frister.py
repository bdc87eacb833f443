"""Frister: klage, foreløpig svar, revurdering og barnekoordinatorens sluttdato (kilderegler.md §3.10, §4.1, §8).

Lengden kommer fra loven som gir fristen (pbrl. § 7-5, fvl. § 29); regnemåten fra domstolloven §§ 148–149:

* § 148 annet ledd: «Frister, som er bestemt efter uker, maaneder eller aar, ender paa den dag i den sidste
  uke eller den sidste maaned, som efter sit navn eller sit tal svarer til den dag, da fristen begynder at
  løpe. Har ikke maaneden dette tal, ender fristen paa den sidste dag i maaneden.»
* § 149 første ledd: «Ender en frist paa en lørdag, helgedag eller dag som etter lovgivningen er likestilt
  med helgedag forlenges fristen til den nærmest følgende virkedag.»
* Helgedag: søndager og helligdagene i helligdagsloven § 2 (settet `fridager`, laget utenfor kjernen).
  Likestilt med helgedag: lov 26. april 1947 nr. 1 § 1, «1. og 17. mai er høgtidsdager og skal være
  jamstelt med søndager».

Julaften og nyttårsaften er verken helligdag (helligdagsloven § 2) eller likestilt med helgedag, og § 149 nevner
dem ikke: en frist som ender 24. eller 31. desember, ender der. Innstillingen `frist_forleng_jul_nyttar` lar en
kommune gå lenger enn loven og forlenge forbi dem. Virkedagene for påminnelser og møter (`virkedager`) er en
annen regel og endres ikke av dette.
"""

import calendar
from datetime import date, timedelta

from modeller.regler.begreper import Klageinstans, Klagerute, Tiltakstype
from modeller.regler.identitet import fyller_ar
from modeller.regler.parametre import KlagefristStart, Regelverk
from modeller.regler.virkedager import EN_DAG, LORDAG

# (måned, dag) som lov 26. april 1947 nr. 1 § 1 likestiller med søndag; gjelder selv om `fridager` mangler dem.
LIKESTILT_MED_HELGEDAG = frozenset({(5, 1), (5, 17)})
# Julaften og nyttårsaften forlenger bare når kommunen har valgt det (utover domstolloven § 149).
JULAFTEN_OG_NYTTARSAFTEN = frozenset({(12, 24), (12, 31)})
KOORDINERINGSTILTAK = frozenset({Tiltakstype.IP, Tiltakstype.KOORDINATOR, Tiltakstype.BARNEKOORDINATOR})


def forlenger_frist(d: date, fridager: frozenset[date], *, forleng_jul_nyttar: bool) -> bool:
    """Sann når en frist som ender på `d`, forlenges: lørdag, helgedag eller likestilt (domstolloven § 149)."""
    maned_dag = (d.month, d.day)
    return (
        d.weekday() >= LORDAG
        or d in fridager
        or maned_dag in LIKESTILT_MED_HELGEDAG
        or (forleng_jul_nyttar and maned_dag in JULAFTEN_OG_NYTTARSAFTEN)
    )


def forleng_frist(slutt: date, fridager: frozenset[date], *, forleng_jul_nyttar: bool) -> date:
    """`slutt`, eller nærmest følgende dag som ikke forlenger fristen (domstolloven § 149 første ledd)."""
    while forlenger_frist(slutt, fridager, forleng_jul_nyttar=forleng_jul_nyttar):
        slutt += EN_DAG
    return slutt


def klagefrist(start: date, uker: int, fridager: frozenset[date], *, forleng_jul_nyttar: bool) -> date:
    """Siste dag i en frist på `uker` uker: samme ukedag, så forlenget (domstolloven § 148 annet ledd, § 149)."""
    return forleng_frist(start + timedelta(weeks=uker), fridager, forleng_jul_nyttar=forleng_jul_nyttar)


def frist_i_maneder(start: date, maneder: int, fridager: frozenset[date], *, forleng_jul_nyttar: bool) -> date:
    """Siste dag i en frist på `maneder` måneder: samme dato, ellers månedens siste, så forlenget (dl. §§ 148–149)."""
    return forleng_frist(legg_til_maneder(start, maneder), fridager, forleng_jul_nyttar=forleng_jul_nyttar)


def klagerute_for(tiltakstype: Tiltakstype, *, lovpalagt: bool, kan_paklages: bool = True) -> Klagerute:
    """Klagerute: IP/koordinator og lovpålagt etter pbrl § 7-5, ellers fvl § 29 (kilderegler.md §8 p. 1–3, 23)."""
    if not kan_paklages:
        return Klagerute.IKKE_KLAGBAR
    if tiltakstype in KOORDINERINGSTILTAK or lovpalagt:
        return Klagerute.PBRL
    return Klagerute.FVL


def klageinstans_for(rute: Klagerute) -> Klageinstans | None:
    """Endelig klageinstans: pbrl → Statsforvalteren, fvl → klagenemnd (002_846d8582fcb76fa6.txt L346, L140)."""
    if rute is Klagerute.PBRL:
        return Klageinstans.STATSFORVALTEREN
    if rute is Klagerute.FVL:
        return Klageinstans.KLAGENEMND
    return None


def _klagefrist_start(fattet: date, underrettet: date | None, mottatt: date | None, start: KlagefristStart) -> date:
    """Startdato etter innstillingen, med reserve mottatt → underrettet → fattet (kilderegler.md §8 p. 1)."""
    rekkefolge: tuple[date | None, ...] = {
        KlagefristStart.MOTTATT: (mottatt, underrettet, fattet),
        KlagefristStart.UNDERRETTET: (underrettet, fattet),
        KlagefristStart.FATTET: (fattet,),
    }[start]
    return next(d for d in rekkefolge if d is not None)


def klagefrist_for_vedtak(
    *,
    fattet: date,
    underrettet: date | None,
    mottatt: date | None,
    rute: Klagerute,
    regelverk: Regelverk,
    fridager: frozenset[date],
) -> date | None:
    """Klagefrist for et vedtak, None når det ikke kan påklages (pbrl § 7-5; fvl § 29; 002 L347, L142)."""
    if rute is Klagerute.IKKE_KLAGBAR:
        return None
    uker = regelverk.klagefrist_uker(lovpalagt=rute is Klagerute.PBRL)
    start = _klagefrist_start(fattet, underrettet, mottatt, regelverk.klagefrist_start)
    return klagefrist(start, uker, fridager, forleng_jul_nyttar=regelverk.frist_forleng_jul_nyttar)


def klage_for_sent(mottatt: date, frist: date) -> bool:
    """Sann når klagen kom etter fristens siste dag; flagges, avvises ikke (lovkrav K18; pbrl § 7-7)."""
    return mottatt > frist


def forelopig_svar_dato(mottatt: date, regelverk: Regelverk) -> date:
    """Dato da foreløpig svar skal være sendt: mottatt + 4 uker (003_e8b2068bec45c70c.txt L187–188; fvl § 11 a)."""
    return mottatt + timedelta(weeks=regelverk.forelopig_svar_uker)


def legg_til_maneder(d: date, maneder: int) -> date:
    """Samme dato `maneder` måneder senere, ellers månedens siste dag (domstolloven § 148 annet ledd)."""
    indeks = d.year * 12 + d.month - 1 + maneder
    ar, maned = divmod(indeks, 12)
    dag = min(d.day, calendar.monthrange(ar, maned + 1)[1])
    return date(ar, maned + 1, dag)


def revurderingsdato(vedtaksdato: date, regelverk: Regelverk) -> date:
    """Revurdering minst en gang per år: vedtaksdato + 12 måneder (003_e8b2068bec45c70c.txt L515–517)."""
    return legg_til_maneder(vedtaksdato, regelverk.revurdering_maneder)


def barnekoordinator_sluttdato(fodselsdato: date, regelverk: Regelverk) -> date:
    """18-årsdagen, da plikten til barnekoordinator ender (001_c5df1bb6b580be91.txt L785); 29.02 → 01.03."""
    return fyller_ar(fodselsdato, regelverk.barnekoordinator_sluttalder)


def barnekoordinator_overgangsdato(fodselsdato: date, regelverk: Regelverk) -> date:
    """Dato for overgangsoppgaven: sluttdato minus 90 dager (lovkrav K10, tolkning; 001 L785)."""
    slutt = barnekoordinator_sluttdato(fodselsdato, regelverk)
    return slutt - timedelta(days=regelverk.barnekoordinator_overgang_dager)
