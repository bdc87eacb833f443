"""Perioder, persentiler og funnstatus for lederens kvartalskontroll og nøkkeltall.

Kilder og tolkning:

* Lederen skal sørge for at tjenesten planlegges, gjennomføres, evalueres og korrigeres (forskrift om ledelse
  og kvalitetsforbedring i helse- og omsorgstjenesten §§ 6–9; lovkrav-og-forbilder.md K28). At kontrollen går
  per kvartal er et designvalg: ingen kilde krever det (K28). Kvartal = kalenderkvartal (jan–mar, apr–jun,
  jul–sep, okt–des), som i SSB- og KPR-statistikk.
* KE-gruppen møtes minimum 4 ganger i året (004_cca943988ffadea5.txt L184); samhandlingsforum hver måned
  (L224). Selve vurderingen ligger i `moteplikt`; her står bare hvordan den blir til en funnstatus.
* Persentiler regnes med «nearest rank»-metoden (Hyndman og Fan 1996, definisjon 1; invers empirisk
  fordelingsfunksjon): p-persentilen av N verdier er den minste verdien v der minst ⌈p·N/100⌉ av verdiene
  er ≤ v. Svaret er alltid en observert verdi (hele dager), og medianen av et partall verdier er den nederste
  av de to midterste. Fordelingene kommer som frekvenstabeller (verdi → antall), så databasen kan telle
  med GROUP BY og bare sende én rad per ulik verdi.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from modeller.regler.moteplikt import Motepliktstatus

KVARTALER = 4


class Funnstatus(StrEnum):
    """Status for ett funn i kvartalskontrollen."""

    OK = "ok"
    ADVARSEL = "advarsel"
    BRUDD = "brudd"


@dataclass(frozen=True)
class Periode:
    """Et kalenderkvartal (`kvartal` 1–4) eller et helt kalenderår (`kvartal` None)."""

    ar: int
    kvartal: int | None
    fra: date
    til: date

    @property
    def navn(self) -> str:
        """«2027-K1» for et kvartal, «2027» for et år."""
        return f"{self.ar}-K{self.kvartal}" if self.kvartal else str(self.ar)


def periode(ar: int, kvartal: int | None = None) -> Periode:
    """Kvartalet (første til siste dag) eller hele året; ValueError for kvartal utenfor 1–4."""
    if kvartal is None:
        return Periode(ar, None, date(ar, 1, 1), date(ar, 12, 31))
    if not 1 <= kvartal <= KVARTALER:
        raise ValueError("Kvartal må være 1, 2, 3 eller 4.")
    siste_maned = kvartal * 3
    return Periode(ar, kvartal, date(ar, siste_maned - 2, 1),
                   date(ar, siste_maned, calendar.monthrange(ar, siste_maned)[1]))


def kvartal_for(d: date) -> int:
    """Kalenderkvartalet (1–4) datoen ligger i."""
    return (d.month - 1) // 3 + 1


def forrige(p: Periode) -> Periode:
    """Perioden rett før: forrige kvartal (over årsskiftet) eller forrige år."""
    if p.kvartal is None:
        return periode(p.ar - 1)
    return periode(p.ar - 1, KVARTALER) if p.kvartal == 1 else periode(p.ar, p.kvartal - 1)


def avsluttet_kvartal(idag: date) -> Periode:
    """Kvartalet som sist ble avsluttet før `idag` (1. april gir 1. kvartal samme år)."""
    return forrige(periode(idag.year, kvartal_for(idag)))


def perioder_bakover(p: Periode, tidligere: int) -> tuple[Periode, ...]:
    """`tidligere` perioder før `p` og `p` selv, eldste først (for trender)."""
    perioder = [p]
    for _ in range(max(0, tidligere)):
        perioder.append(forrige(perioder[-1]))
    return tuple(reversed(perioder))


def tolk_periode(tekst: str) -> Periode:
    """«2027-K1» eller «2027» tilbake til en periode; ValueError ved annen form."""
    ar, skille, kvartal = tekst.strip().upper().partition("-K")
    if not ar.isdigit() or (skille and not kvartal.isdigit()):
        raise ValueError(f"«{tekst}» er ikke en periode på formen 2027-K1 eller 2027.")
    return periode(int(ar), int(kvartal) if skille else None)


def sluttdato(p: Periode, idag: date) -> date:
    """Datoen tallene gjelder per: periodens siste dag, eller `idag` når perioden ikke er over."""
    return min(p.til, idag)


def regeldag(p: Periode, idag: date) -> date:
    """Dagen møtereglene vurderes per: dagen etter periodens slutt når perioden er over, ellers `idag`.

    `vurder_ke_gruppe` regner en måned som avsluttet først når `idag` ligger i neste måned; en periode som er
    over, skal ha alle sine måneder med (møter etter periodens slutt filtreres bort før regelen kalles).
    """
    return p.til + timedelta(days=1) if idag > p.til else idag


@dataclass(frozen=True)
class Sammendrag:
    """Oppsummering av en fordeling: antall, median, 90-persentil, største verdi og gjennomsnitt."""

    antall: int
    median: int | None
    p90: int | None
    maks: int | None
    snitt: float | None


def _sortert(fordeling: Mapping[int, int]) -> list[tuple[int, int]]:
    if any(antall < 0 for antall in fordeling.values()):
        raise ValueError("Antall i en fordeling kan ikke være negativt.")
    return sorted((verdi, antall) for verdi, antall in fordeling.items() if antall)


def persentil(fordeling: Mapping[int, int], p: int) -> int | None:
    """p-persentilen (1–100) med nearest rank; None for en tom fordeling (se modulens docstring)."""
    if not 0 < p <= 100:
        raise ValueError("Persentilen må være mellom 1 og 100.")
    rader = _sortert(fordeling)
    totalt = sum(antall for _, antall in rader)
    if not totalt:
        return None
    rang = max(1, -(-p * totalt // 100))
    hittil = 0
    for verdi, antall in rader:
        hittil += antall
        if hittil >= rang:
            return verdi
    return rader[-1][0]


def median(fordeling: Mapping[int, int]) -> int | None:
    """Medianen med nearest rank (den nederste av de to midterste ved et partall verdier)."""
    return persentil(fordeling, 50)


def oppsummer(fordeling: Mapping[int, int]) -> Sammendrag:
    """Antall, median, 90-persentil, maks og gjennomsnitt (én desimal) av en frekvenstabell."""
    rader = _sortert(fordeling)
    totalt = sum(antall for _, antall in rader)
    if not totalt:
        return Sammendrag(0, None, None, None, None)
    snitt = round(sum(verdi * antall for verdi, antall in rader) / totalt, 1)
    return Sammendrag(totalt, median(fordeling), persentil(fordeling, 90), rader[-1][0], snitt)


def andel(teller: int, nevner: int) -> float | None:
    """Andelen teller/nevner med tre desimaler; None når nevneren er 0 (ingen grunnlag)."""
    if nevner < 0 or teller < 0 or teller > nevner:
        raise ValueError("Andelen krever 0 ≤ teller ≤ nevner.")
    return round(teller / nevner, 3) if nevner else None


def funnstatus(antall: int, alvorlige: int = 0) -> Funnstatus:
    """OK uten funn; brudd når noen av funnene er alvorlige (fristen for en plikt er ute), ellers advarsel."""
    if antall < 0 or alvorlige < 0 or alvorlige > antall:
        raise ValueError("Funnstatus krever 0 ≤ alvorlige ≤ antall.")
    if not antall:
        return Funnstatus.OK
    return Funnstatus.BRUDD if alvorlige else Funnstatus.ADVARSEL


def ke_gruppe_status(status: Motepliktstatus, *, idag: date) -> Funnstatus:
    """Brudd når året er over uten minimum antall møter (004 L184); advarsel når takten svikter; ellers ok.

    `idag` er samme dag som ble gitt til `vurder_ke_gruppe`; året er over når `idag` ligger i et senere år.
    Et kvartal uten møte er bare en advarsel så lenge minimum for året kan nås (tolkning, kilderegler.md §3.11).
    """
    if not status.oppfylt and idag.year > status.ar:
        return Funnstatus.BRUDD
    return Funnstatus.ADVARSEL if status.advarsler else Funnstatus.OK


def samhandlingsforum_status(status: Motepliktstatus) -> Funnstatus:
    """Brudd når en avsluttet måned (periode) i året var uten samhandlingsforum (004 L224); ellers ok."""
    return Funnstatus.OK if status.oppfylt else Funnstatus.BRUDD
