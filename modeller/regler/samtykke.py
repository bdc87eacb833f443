"""Samtykke: hvem kan samtykke, og når gjelder samtykket (kilderegler.md §3.2, §8 punkt 8; lovkrav K3–K6).

Tolkning som andre må kjenne til:

* Fra 16 år samtykker personen selv; en representant (foresatt, verge, hjelpeverge, pårørende) kan
  bare samtykke for en person over 16 når manglende samtykkekompetanse er begrunnet skriftlig
  (003_e8b2068bec45c70c.txt L180–182).
* En fullmektig handler etter personens egen skriftlige fullmakt (002_846d8582fcb76fa6.txt L325) og
  trenger derfor ingen begrunnelse for manglende samtykkekompetanse.
* Foreldreansvaret opphører ved myndighetsalder (18 år); deretter kan ikke foresatte samtykke.
"""

from dataclasses import dataclass
from datetime import date

from modeller.regler.begreper import SamtykkeGiver
from modeller.regler.identitet import alder
from modeller.regler.parametre import Regelverk

KILDE_ALDER = "002_846d8582fcb76fa6.txt L326, L383; pbrl § 4-3"
KILDE_KOMPETANSE = "003_e8b2068bec45c70c.txt L180–182"
KILDE_FULLMAKT = "002_846d8582fcb76fa6.txt L325, L382"
KILDE_REPRESENTANT = "003_e8b2068bec45c70c.txt L114–116"
NAVN = {
    SamtykkeGiver.SELV: "personen selv",
    SamtykkeGiver.FORESATT: "foresatt",
    SamtykkeGiver.VERGE: "verge",
    SamtykkeGiver.HJELPEVERGE: "hjelpeverge",
    SamtykkeGiver.FULLMEKTIG: "fullmektig",
    SamtykkeGiver.PARORENDE: "pårørende",
}


@dataclass(frozen=True)
class Vurdering:
    """Resultat av en samtykkevurdering; `grunner` forklarer grunnlaget eller feilene på norsk."""

    gyldig: bool
    grunner: tuple[str, ...]


def _har_tekst(tekst: str | None) -> bool:
    return tekst is not None and tekst.strip() != ""


def _vurder_selv(over_grensen: bool, kompetanse_mangler: bool, grense: int) -> list[str]:
    if not over_grensen:
        return [
            f"Barn under {grense} år kan ikke samtykke selv; foreldre eller andre med "
            f"foreldreansvar må samtykke ({KILDE_ALDER})."
        ]
    if kompetanse_mangler:
        return [
            f"Det er registrert manglende samtykkekompetanse; samtykket må gis av en representant ({KILDE_KOMPETANSE})."
        ]
    return []


def _vurder_representant(
    gitt_av: SamtykkeGiver, *, ar: int, foreldreansvar: bool, kompetanse_mangler: bool, regelverk: Regelverk
) -> list[str]:
    feil: list[str] = []
    grense = regelverk.samtykkealder
    if gitt_av is SamtykkeGiver.FORESATT:
        if ar >= regelverk.myndighetsalder:
            feil.append(
                f"Foreldreansvaret opphører ved {regelverk.myndighetsalder} år; voksne representeres "
                "av verge eller hjelpeverge (vergemålsloven § 2)."
            )
        elif not foreldreansvar:
            feil.append(f"Foresatt uten foreldreansvar kan ikke samtykke ({KILDE_ALDER}).")
    if gitt_av is SamtykkeGiver.PARORENDE and ar < grense:
        feil.append(
            f"For barn under {grense} år må foreldre eller andre med foreldreansvar samtykke, "
            f"ikke andre pårørende ({KILDE_ALDER})."
        )
    if ar >= grense and not kompetanse_mangler:
        feil.append(
            f"Personen er {grense} år eller eldre; en representant kan bare samtykke når manglende "
            f"samtykkekompetanse er begrunnet skriftlig ({KILDE_KOMPETANSE})."
        )
    return feil


def _grunnlag(gitt_av: SamtykkeGiver, over_grensen: bool, grense: int) -> str:
    if gitt_av is SamtykkeGiver.SELV:
        return f"Personen er {grense} år eller eldre og samtykker selv ({KILDE_ALDER})."
    if gitt_av is SamtykkeGiver.FULLMEKTIG:
        return f"Fullmektig med skriftlig fullmakt ({KILDE_FULLMAKT})."
    if over_grensen:
        return (
            f"Representant samtykker fordi manglende samtykkekompetanse er begrunnet skriftlig "
            f"({KILDE_KOMPETANSE}; {KILDE_REPRESENTANT})."
        )
    return f"Personen er under {grense} år; samtykke fra {NAVN[gitt_av]} ({KILDE_ALDER})."


def vurder_samtykkegiver(
    *,
    fodselsdato: date,
    idag: date,
    gitt_av: SamtykkeGiver,
    skriftlig_fullmakt: bool,
    foreldreansvar: bool,
    manglende_kompetanse_begrunnelse: str | None,
    regelverk: Regelverk,
) -> Vurdering:
    """Kan denne giveren samtykke? Eget samtykke fra 16 år (002_846d8582fcb76fa6.txt L326; pbrl § 4-3)."""
    ar = alder(fodselsdato, idag)
    grense = regelverk.samtykkealder
    over_grensen = ar >= grense
    kompetanse_mangler = _har_tekst(manglende_kompetanse_begrunnelse)
    if gitt_av is SamtykkeGiver.SELV:
        feil = _vurder_selv(over_grensen, kompetanse_mangler, grense)
    elif gitt_av is SamtykkeGiver.FULLMEKTIG:
        feil = [] if skriftlig_fullmakt else [f"Fullmektig må ha skriftlig fullmakt ({KILDE_FULLMAKT})."]
    else:
        feil = _vurder_representant(
            gitt_av,
            ar=ar,
            foreldreansvar=foreldreansvar,
            kompetanse_mangler=kompetanse_mangler,
            regelverk=regelverk,
        )
    if feil:
        return Vurdering(False, tuple(feil))
    return Vurdering(True, (_grunnlag(gitt_av, over_grensen, grense),))


def samtykke_gjelder(*, gitt: date, gyldig_til: date | None, trukket: date | None, idag: date) -> bool:
    """Gjelder samtykket `idag`? Fra gitt til og med gyldig_til, ikke fra og med trukket (lovkrav K6)."""
    if idag < gitt:
        return False
    if gyldig_til is not None and idag > gyldig_til:
        return False
    return trukket is None or idag < trukket
