"""Sjekkliste for IP, koordinator og barnekoordinator (kilderegler.md §3.3, §3.6, §8 punkt 6; lovkrav K3, K7, K10).

Tolkning som andre må kjenne til:

* Koordinator (fra 1.8.2022): behov for «komplekse eller langvarige og koordinerte tjenester», uavhengig av om
  personen ønsker individuell plan (pbrl § 2-5 b; hol § 7-2; Helsedirektoratets rundskriv til § 2-5 b, R06).
  Behovskravet for koordinator er derfor ett punkt: komplekst behov, eller langvarig og koordinert behov.
* Individuell plan: behov for «langvarige og koordinerte tjenester» (pbrl § 2-5; hol § 7-1). Et komplekst,
  men kortvarig behov gir ikke rett til IP.
* Barnekoordinator (pbrl § 2-5 c) bruker fortsatt kravene langvarig og koordinert; ordlyden i § 2-5 c er ikke
  kontrollert mot primærkilden her og er ikke endret.
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
    komplekst_behov: bool | None = None


TILTAKSNAVN = {
    Tiltakstype.IP: "individuell plan",
    Tiltakstype.KOORDINATOR: "koordinator",
    Tiltakstype.BARNEKOORDINATOR: "barnekoordinator",
}


KILDE_KOORDINATOR = "pbrl § 2-5 b; hol § 7-2 (fra 1.8.2022); Helsedirektoratets rundskriv til pbrl § 2-5 b"


def _eller(*verdier: bool | None) -> bool | None:
    """Treverdig «eller»: sann hvis ett ledd er sant, usann hvis alle er usanne, ellers ikke vurdert."""
    if any(v is True for v in verdier):
        return True
    return False if all(v is False for v in verdier) else None


def _og(*verdier: bool | None) -> bool | None:
    """Treverdig «og»: usann hvis ett ledd er usant, sann hvis alle er sanne, ellers ikke vurdert."""
    if any(v is False for v in verdier):
        return False
    return True if all(v is True for v in verdier) else None


def rett_til_ip(fakta: Kriteriefakta) -> bool | None:
    """Behov for «langvarige og koordinerte tjenester» (pbrl § 2-5; hol § 7-1); None når ikke vurdert."""
    return _og(fakta.langvarig_behov, fakta.koordineringsbehov)


def rett_til_koordinator(fakta: Kriteriefakta) -> bool | None:
    """Behov for «komplekse eller langvarige og koordinerte tjenester», uavhengig av IP (pbrl § 2-5 b; hol § 7-2)."""
    return _eller(fakta.komplekst_behov, rett_til_ip(fakta))


def _behov_koordinator(fakta: Kriteriefakta) -> list[Sjekkpunkt]:
    return [
        Sjekkpunkt(
            "kompleks_eller_langvarig_koordinert",
            "Behovet for tjenester er komplekst, eller langvarig og koordinert (gjelder også uten individuell plan).",
            rett_til_koordinator(fakta),
            KRAV,
            KILDE_KOORDINATOR,
        ),
    ]


def _behov(fakta: Kriteriefakta) -> list[Sjekkpunkt]:
    return [
        Sjekkpunkt(
            "langvarig",
            "Behovet for tjenester er langvarig (en viss varighet, ikke nødvendigvis varig).",
            fakta.langvarig_behov,
            KRAV,
            "pbrl § 2-5; hol § 7-1; 002_846d8582fcb76fa6.txt L327; 001_c5df1bb6b580be91.txt L855–857",
        ),
        Sjekkpunkt(
            "koordineringsbehov",
            "Tjenestene må ses i sammenheng (reelt koordineringsbehov).",
            fakta.koordineringsbehov,
            KRAV,
            "pbrl § 2-5; hol § 7-1; 003_e8b2068bec45c70c.txt L1611; 001_c5df1bb6b580be91.txt L862",
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
        *(_behov_koordinator(fakta) if tiltak is Tiltakstype.KOORDINATOR else _behov(fakta)),
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
    """Koordinator tilbys ved komplekst, eller langvarig og koordinert, behov, også uten IP (pbrl § 2-5 b)."""
    return rett_til_koordinator(fakta) is True
