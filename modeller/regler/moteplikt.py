"""Møteplikt for KE-gruppen og samhandlingsforum (kilderegler.md §3.11–3.12, §4.1 punkt 1–2).

Tolkning som andre må kjenne til:

* `motedatoer` er gjennomførte møter; datoer etter `idag` telles ikke (de kan ikke være holdt ennå).
* KE-gruppen: `oppfylt` betyr at minimum er nådd i kalenderåret. Takten (minst ett møte per kvartal
  når minimum er 4) gir bare advarsler.
* Samhandlingsforum: `oppfylt` betyr at hver avsluttede periode (måned) hadde møte.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from modeller.regler.parametre import Regelverk
from modeller.regler.virkedager import neste_virkedag

KVARTALER = 4
MANEDER = 12
MANEDSNAVN = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
KILDE_KE = "004_cca943988ffadea5.txt L184"
KILDE_FORUM = "004_cca943988ffadea5.txt L224"


@dataclass(frozen=True)
class Motepliktstatus:
    """Status for en møteserie i et kalenderår."""

    ar: int
    antall: int
    minimum: int
    per_kvartal: tuple[int, int, int, int]
    oppfylt: bool
    advarsler: tuple[str, ...]


def _holdte(motedatoer: Sequence[date], ar: int, idag: date) -> list[date]:
    return [d for d in motedatoer if d.year == ar and d <= idag]


def _per_kvartal(datoer: Sequence[date]) -> tuple[int, int, int, int]:
    tall = [0] * KVARTALER
    for d in datoer:
        tall[(d.month - 1) // 3] += 1
    return (tall[0], tall[1], tall[2], tall[3])


def _ferdige_maneder(ar: int, idag: date) -> int:
    """Antall hele måneder av året `ar` som er over per `idag`."""
    if idag.year > ar:
        return MANEDER
    if idag.year < ar:
        return 0
    return idag.month - 1


def vurder_ke_gruppe(motedatoer: Sequence[date], *, ar: int, idag: date, regelverk: Regelverk) -> Motepliktstatus:
    """KE-gruppen møtes minimum 4 ganger i året, helst minst én gang per kvartal (004_cca943988ffadea5.txt L184)."""
    holdte = _holdte(motedatoer, ar, idag)
    minimum = regelverk.ke_gruppe_min_moter_per_ar
    per_kvartal = _per_kvartal(holdte)
    per_kvartal_min = -(-minimum // KVARTALER)  # ett per kvartal når minimum er 4 (tolkning)
    ferdige = _ferdige_maneder(ar, idag) // 3
    advarsler = [
        f"KE-gruppen hadde {per_kvartal[k]} møter i {k + 1}. kvartal {ar}; takten krever minst "
        f"{per_kvartal_min} per kvartal ({KILDE_KE})."
        for k in range(ferdige)
        if per_kvartal[k] < per_kvartal_min
    ]
    gjenstar = KVARTALER - ferdige
    if len(holdte) < minimum and len(holdte) + gjenstar * per_kvartal_min < minimum:
        if gjenstar:
            advarsler.append(
                f"Med {len(holdte)} møter og {gjenstar} kvartaler igjen nås ikke minimum {minimum} møter "
                f"i {ar} i vanlig takt; flere møter må settes opp ({KILDE_KE})."
            )
        else:
            advarsler.append(f"KE-gruppen hadde bare {len(holdte)} av minimum {minimum} møter i {ar} ({KILDE_KE}).")
    return Motepliktstatus(ar, len(holdte), minimum, per_kvartal, len(holdte) >= minimum, tuple(advarsler))


def _periodenavn(start: int, lengde: int, ar: int) -> str:
    if lengde == 1:
        return f"{MANEDSNAVN[start]} {ar}"
    return f"perioden {MANEDSNAVN[start]}–{MANEDSNAVN[start + lengde - 1]} {ar}"


def vurder_samhandlingsforum(
    motedatoer: Sequence[date], *, ar: int, idag: date, regelverk: Regelverk
) -> Motepliktstatus:
    """Månedlig samhandlingsforum: en avsluttet måned uten møte er et funn (004_cca943988ffadea5.txt L224)."""
    per_ar = regelverk.samhandlingsforum_per_ar
    if per_ar <= 0 or MANEDER % per_ar:
        raise ValueError("samhandlingsforum_per_ar må gå opp i 12 (for eksempel 12, 6 eller 4).")
    lengde = MANEDER // per_ar
    holdte = _holdte(motedatoer, ar, idag)
    maneder_med_mote = {d.month - 1 for d in holdte}
    ferdige = _ferdige_maneder(ar, idag) // lengde
    advarsler = tuple(
        f"Ingen samhandlingsforum i {_periodenavn(p * lengde, lengde, ar)} ({KILDE_FORUM})."
        for p in range(ferdige)
        if not maneder_med_mote & set(range(p * lengde, (p + 1) * lengde))
    )
    return Motepliktstatus(ar, len(holdte), per_ar, _per_kvartal(holdte), not advarsler, advarsler)


def neste_motedag(onsket: date, fridager: frozenset[date]) -> date:
    """Første virkedag på eller etter ønsket dato (sikkerhet-og-drift.md §2.7 R-TZ4)."""
    return neste_virkedag(onsket, fridager)
