"""Sjekkliste for IP, koordinator og barnekoordinator (kilderegler.md §3.3, §3.6, §8 punkt 6; lovkrav K3, K7, K10).

Tolkning som andre må kjenne til:

* «Minst to tjenester fra forskjellige tjenesteytere» er en advarsel, ikke et krav (kilderegler.md §8 p. 6).
* `kan_innvilges` krever at hvert krav er oppfylt (True); et krav som ikke er vurdert (None) stopper også.
* Koordinator skal tilbys selv om IP avslås: koordinatorlisten spør ikke etter IP (001 L806).
"""

from dataclasses import dataclass

from modeller.regler.begreper import Tiltakstype
from modeller.regler.parametre import STANDARD, Regelverk

KRAV = "krav"
ADVARSEL = "advarsel"


@dataclass(frozen=True)
class Sjekkpunkt:
    """Ett punkt i sjekklisten; `oppfylt` er None når det ikke er vurdert."""

    kode: str
    tekst: str
    oppfylt: bool | None
    alvor: str  # "krav" | "advarsel"
    kilde: str


@dataclass(frozen=True)
class Sjekkliste:
    """Sjekklisten for ett tiltak."""

    tiltak: Tiltakstype
    punkter: tuple[Sjekkpunkt, ...]

    @property
    def kan_innvilges(self) -> bool:
        """Sann når hvert krav er oppfylt (kilderegler.md §3.3)."""
        return all(p.oppfylt is True for p in self.punkter if p.alvor == KRAV)

    @property
    def advarsler(self) -> tuple[Sjekkpunkt, ...]:
        """Advarsler som ikke er oppfylt; saksbehandler må begrunne unntaket (kilderegler.md §8 p. 6)."""
        return tuple(p for p in self.punkter if p.alvor == ADVARSEL and p.oppfylt is not True)

    @property
    def manglende_krav(self) -> tuple[Sjekkpunkt, ...]:
        """Krav som ikke er oppfylt eller ikke vurdert."""
        return tuple(p for p in self.punkter if p.alvor == KRAV and p.oppfylt is not True)


@dataclass(frozen=True)
class Kriteriefakta:
    """Fakta saksbehandler har registrert; None betyr «ikke vurdert»."""

    alder: int | None
    venter_barn: bool
    langvarig_behov: bool | None
    koordineringsbehov: bool | None
    antall_tjenester: int
    antall_tjenesteytere: int
    alvorlig_tilstand: bool | None
    behov_andre_velferdstjenester: bool | None
    samtykke_gyldig: bool
    onsker_tiltaket: bool


TILTAKSNAVN = {
    Tiltakstype.IP: "individuell plan",
    Tiltakstype.KOORDINATOR: "koordinator",
    Tiltakstype.BARNEKOORDINATOR: "barnekoordinator",
}


def _behov(fakta: Kriteriefakta) -> list[Sjekkpunkt]:
    return [
        Sjekkpunkt(
            "langvarig",
            "Behovet for tjenester er langvarig (en viss varighet, ikke nødvendigvis varig).",
            fakta.langvarig_behov,
            KRAV,
            "002_846d8582fcb76fa6.txt L327; 001_c5df1bb6b580be91.txt L855–857",
        ),
        Sjekkpunkt(
            "koordineringsbehov",
            "Tjenestene må ses i sammenheng (reelt koordineringsbehov).",
            fakta.koordineringsbehov,
            KRAV,
            "003_e8b2068bec45c70c.txt L1611; 001_c5df1bb6b580be91.txt L862",
        ),
    ]


def _felles(fakta: Kriteriefakta, tiltak: Tiltakstype, regelverk: Regelverk) -> list[Sjekkpunkt]:
    navn = TILTAKSNAVN[tiltak]
    flere = (
        fakta.antall_tjenester >= regelverk.kriterie_min_tjenester
        and fakta.antall_tjenesteytere >= regelverk.kriterie_min_tjenesteytere
    )
    tekst_flere = (
        f"Minst {regelverk.kriterie_min_tjenester} tjenester fra minst {regelverk.kriterie_min_tjenesteytere} "
        "forskjellige tjenesteytere. Mangler dette, må unntaket begrunnes; også få tjenester kan gi rett."
    )
    return [
        Sjekkpunkt(
            "samtykke",
            f"Gyldig samtykke til {navn} foreligger.",
            fakta.samtykke_gyldig,
            KRAV,
            "003_e8b2068bec45c70c.txt L1660–1663; pbrl § 2-5",
        ),
        Sjekkpunkt(
            "onsker",
            f"Personen (eller familien) ønsker {navn}.",
            fakta.onsker_tiltaket,
            KRAV,
            "002_846d8582fcb76fa6.txt L325, L382",
        ),
        *_behov(fakta),
        Sjekkpunkt(
            "flere_tjenester",
            tekst_flere,
            flere,
            ADVARSEL,
            "001_c5df1bb6b580be91.txt L859–860; 002_846d8582fcb76fa6.txt L327, L387",
        ),
    ]


def _barn_under_grensen(fakta: Kriteriefakta, regelverk: Regelverk) -> bool | None:
    if fakta.alder is None:
        return True if fakta.venter_barn else None
    return fakta.alder < regelverk.barnekoordinator_sluttalder


def _barnekoordinator(fakta: Kriteriefakta, regelverk: Regelverk) -> list[Sjekkpunkt]:
    grense = regelverk.barnekoordinator_sluttalder
    return [
        Sjekkpunkt(
            "barn_under_18",
            f"Familien har eller venter barn under {grense} år.",
            _barn_under_grensen(fakta, regelverk),
            KRAV,
            "001_c5df1bb6b580be91.txt L777, L785; pbrl § 2-5 c",
        ),
        Sjekkpunkt(
            "alvorlig_tilstand",
            "Barnet har alvorlig sykdom, skade eller nedsatt funksjonsevne.",
            fakta.alvorlig_tilstand,
            KRAV,
            "001_c5df1bb6b580be91.txt L777–780, L868",
        ),
        Sjekkpunkt(
            "andre_velferdstjenester",
            "Barnet trenger også andre velferdstjenester (for eksempel NAV, barnehage, skole).",
            fakta.behov_andre_velferdstjenester,
            KRAV,
            "001_c5df1bb6b580be91.txt L778–779, L873; pbrl § 2-5 c",
        ),
    ]


def vurder_kriterier(fakta: Kriteriefakta, tiltak: Tiltakstype, *, regelverk: Regelverk = STANDARD) -> Sjekkliste:
    """Sjekkliste for IP, koordinator eller barnekoordinator (001_c5df1bb6b580be91.txt L849–889)."""
    if tiltak is Tiltakstype.TJENESTE:
        raise ValueError("Sjekklisten gjelder bare individuell plan, koordinator og barnekoordinator.")
    punkter = _felles(fakta, tiltak, regelverk)
    if tiltak is Tiltakstype.BARNEKOORDINATOR:
        punkter.extend(_barnekoordinator(fakta, regelverk))
    return Sjekkliste(tiltak, tuple(punkter))


def koordinator_skal_tilbys(fakta: Kriteriefakta) -> bool:
    """Koordinator skal tilbys ved langvarig og koordinert behov, også når IP avslås (001 L806; 002 L299)."""
    return fakta.langvarig_behov is True and fakta.koordineringsbehov is True
