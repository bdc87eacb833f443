"""Frister: klage, foreløpig svar, revurdering og barnekoordinatorens sluttdato (kilderegler.md §3.10, §4.1, §8).

Fristberegningen følger domstolloven §§ 148–149: en frist i uker ender samme ukedag så mange uker
senere; ender den på lørdag, søndag, helligdag, julaften eller nyttårsaften, forlenges den til
nærmeste dag som ikke er noen av disse. (Skatteetatens skatteforvaltningshåndbok § 5-5 annet ledd:
«Etter domstolloven § 149 forlenges fristen til første virkedag dersom den angitte frist ender på en
lørdag, helgedag eller dag som etter lovgivningen er likestilt med helgedag.» Julaften og nyttårsaften
står i § 149 slik oppdraget beskriver den; ordlyden er ikke sett i en primærkilde her.)
"""

import calendar
from datetime import date, timedelta

from modeller.regler.begreper import Klageinstans, Klagerute, Tiltakstype
from modeller.regler.identitet import fyller_ar
from modeller.regler.parametre import KlagefristStart, Regelverk

# Dager som forlenger en frist i tillegg til helg og helligdager: julaften og nyttårsaften (dl. § 149).
LIKESTILT_MED_HELGEDAG = frozenset({(12, 24), (12, 31)})
KOORDINERINGSTILTAK = frozenset({Tiltakstype.IP, Tiltakstype.KOORDINATOR, Tiltakstype.BARNEKOORDINATOR})


def _forlenger_frist(d: date, fridager: frozenset[date]) -> bool:
    return d.weekday() >= 5 or d in fridager or (d.month, d.day) in LIKESTILT_MED_HELGEDAG


def klagefrist(start: date, uker: int, fridager: frozenset[date]) -> date:
    """Siste dag for klage: samme ukedag `uker` uker etter `start`, forlenget etter domstolloven § 149."""
    slutt = start + timedelta(weeks=uker)
    while _forlenger_frist(slutt, fridager):
        slutt += timedelta(days=1)
    return slutt


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
    return klagefrist(start, uker, fridager)


def klage_for_sent(mottatt: date, frist: date) -> bool:
    """Sann når klagen kom etter fristens siste dag; flagges, avvises ikke (lovkrav K18; pbrl § 7-7)."""
    return mottatt > frist


def forelopig_svar_dato(mottatt: date, regelverk: Regelverk) -> date:
    """Dato da foreløpig svar skal være sendt: mottatt + 4 uker (003_e8b2068bec45c70c.txt L187–188; fvl § 11 a)."""
    return mottatt + timedelta(weeks=regelverk.forelopig_svar_uker)


def legg_til_maneder(d: date, maneder: int) -> date:
    """Samme dag `maneder` måneder senere, siste dag i måneden når dagen mangler (domstolloven § 148, tolkning)."""
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
