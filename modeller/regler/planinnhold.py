"""Fullstendighet for individuell plan etter forskrift § 19 a–i (lovkrav-og-forbilder.md B.2, K11, K12, K15).

Paragrafnummeret er fra forskrift om habilitering og rehabilitering, individuell plan og koordinator
(2011); etter 2022 står innholdskravene i forskrift om individuell plan ved ytelse av velferdstjenester
(lovkrav-og-forbilder.md B.1: verifiser paragrafnummer på Lovdata). Innholdet samsvarer med
002_846d8582fcb76fa6.txt L355.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Planfakta:
    """Hva planen inneholder, talt opp fra plandata."""

    har_mal: bool
    har_ressurser_og_behov: bool
    antall_deltakere: int
    har_koordinator: bool
    har_bidrag: bool
    antall_tiltak: int
    tiltak_uten_ansvarlig: int
    tiltak_uten_gjennomforing: int
    har_periode: bool
    har_neste_revisjon: bool
    samtykke_plan: bool
    samtykke_deling: bool
    har_samarbeid: bool


@dataclass(frozen=True)
class Mangel:
    """En mangel i planen med bokstaven i § 19."""

    bokstav: str
    tekst: str


def _tiltak(fakta: Planfakta) -> list[Mangel]:
    mangler = []
    if fakta.antall_tiltak < 1:
        mangler.append(Mangel("e", "Planen har ingen tiltak."))
    if fakta.tiltak_uten_ansvarlig > 0:
        mangler.append(Mangel("e", f"{fakta.tiltak_uten_ansvarlig} tiltak mangler ansvarlig (lovkrav K15)."))
    if fakta.tiltak_uten_gjennomforing > 0:
        mangler.append(
            Mangel(
                "f", f"{fakta.tiltak_uten_gjennomforing} tiltak mangler beskrivelse av hvordan de skal gjennomføres."
            )
        )
    return mangler


def sjekk_planinnhold(fakta: Planfakta) -> tuple[Mangel, ...]:
    """Mangler i planen målt mot forskrift § 19 a–i (lovkrav-og-forbilder.md B.2; 002 L355)."""
    kontroller: list[tuple[bool, str, str]] = [
        (fakta.har_mal, "a", "Planen mangler mål."),
        (fakta.har_ressurser_og_behov, "a", "Planen beskriver ikke ressurser og tjenestebehov."),
        (fakta.antall_deltakere >= 1, "b", "Planen viser ikke hvem som deltar i planarbeidet."),
        (fakta.har_koordinator, "c", "Planen viser ikke hvem som er koordinator."),
        (
            fakta.har_bidrag,
            "d",
            "Planen viser ikke hva bruker, tjenesteytere, bidragsytere og pårørende skal bidra med.",
        ),
    ]
    mangler = [Mangel(b, t) for ok, b, t in kontroller if not ok]
    mangler.extend(_tiltak(fakta))
    resten: list[tuple[bool, str, str]] = [
        (fakta.har_periode, "g", "Planen mangler planperiode."),
        (fakta.har_neste_revisjon, "g", "Planen mangler tidspunkt for neste justering og revisjon (lovkrav K12)."),
        (fakta.samtykke_plan, "h", "Samtykke til planen er ikke registrert."),
        (
            fakta.samtykke_deling,
            "h",
            "Samtykke til å dele taushetsbelagte opplysninger med deltakerne er ikke registrert (lovkrav K5).",
        ),
        (
            fakta.har_samarbeid,
            "i",
            "Planen beskriver ikke nødvendig eller ønsket samarbeid med andre tjenesteytere, institusjoner og etater.",
        ),
    ]
    mangler.extend(Mangel(b, t) for ok, b, t in resten if not ok)
    return tuple(mangler)
