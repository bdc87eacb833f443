"""Valideringen: formen først, så reglene; samler hvert problem med JSON-sti og lager skriveplanen.

Sjekkene står i tre moduler etter emne: `validering_aktorer` (virksomheter, tjenesteytere, personer,
relasjoner, tjenester, samtykker), `validering_planer` (vedtak, koordinatorer, planer, mål, tiltak, saker) og
`validering_grupper` (grupper, medlemmer, møter). Ingenting skrives her.
"""

from collections.abc import Callable
from datetime import date

from modeller.importer.kontekst import Kontroll
from modeller.importer.oppslag import Register
from modeller.importer.struktur import Struktur
from modeller.importer.validering_aktorer import sjekk_aktorer
from modeller.importer.validering_grupper import sjekk_grupper
from modeller.importer.validering_planer import sjekk_planer
from modeller.regler.parametre import Regelverk


def identer_i(struktur: Struktur) -> set[str]:
    """Alle identitetsnummer filen nevner (personer og referanser), så registeret kan hente dem i bulk."""
    identer: set[str] = set()
    for rader in struktur.rader.values():
        for _i, rad in rader:
            for felt in ("identitetsnummer", "person"):
                verdi = getattr(rad, felt, None)
                if verdi:
                    identer.add(verdi)
    return identer


def valider(
    struktur: Struktur,
    register: Register,
    *,
    regelverk: Regelverk,
    fridager: Callable[[date], frozenset[date]],
    idag: date,
    kommunenummer: str,
) -> Kontroll:
    """Kjør alle regelsjekkene; `problemer` i svaret er tom når filen kan skrives."""
    kontroll = Kontroll(struktur, register, regelverk, fridager, idag, kommunenummer,
                        problemer=list(struktur.problemer))
    sjekk_aktorer(kontroll)
    sjekk_planer(kontroll)
    sjekk_grupper(kontroll)
    return kontroll
