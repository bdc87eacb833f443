"""Import fra fil (`enheten importer FIL.json`): kommunens Excel-lister inn i enheten (docs/importformat.md).

Tre trinn: formen på hver rad (`struktur`), reglene (`validering`), og skriving som upsert på naturlige
nøkler (`skriving`). Alt skjer i én arbeidsenhet; finnes det ett eneste problem, skrives ingenting, og
`Importfeil` lister hvert problem med JSON-sti. Samme fil to ganger endrer ingenting.
"""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from modeller.db import arbeidsenhet
from modeller.importer.fil import les_importfil
from modeller.importer.oppslag import last_register
from modeller.importer.resultat import Importfeil, Importproblem, Importresultat
from modeller.importer.skjema import TOPPNIVA
from modeller.importer.skriving import skriv
from modeller.importer.struktur import les_struktur
from modeller.importer.validering import identer_i, valider
from modeller.katalog import sikre_katalog
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.tjenester.feil import IngenTilgang
from modeller.tjenester.tilgang import Aktor, logg

__all__ = ["Importfeil", "Importproblem", "Importresultat", "importer", "les_importfil"]

HVORFOR_MAKS = 300  # Lengden på `hvorfor` i tilgangsloggen.


def _krev_leder(avh: Avhengigheter, aktor: Aktor) -> None:
    """Bare KE-lederen (eller systemet på lederens vegne) kan importere personopplysninger i bulk."""
    if aktor.rolle == Rolle.LEDER:
        return
    with arbeidsenhet(avh.motor) as okt:
        logg(okt, aktor, None, "nektet", "import", "Import fra fil krever rollen leder.")
    raise IngenTilgang("Bare KE-lederen kan importere fra fil.")


def _dokumentrekkefolge(problem: Importproblem) -> tuple[int, int]:
    """Problemene i filens rekkefølge: liste for liste, rad for rad (stabil sortering beholder resten)."""
    treff = re.match(r"(\w*)(?:\[(\d+)\])?", problem.sti)
    liste, indeks = (treff.group(1), treff.group(2)) if treff else ("", None)
    plass = TOPPNIVA.index(liste) if liste in TOPPNIVA else -1
    return plass, int(indeks) if indeks is not None else -1


def importer(avh: Avhengigheter, aktor: Aktor, data: Mapping[str, Any], *, idag: date) -> Importresultat:
    """Valider hele dokumentet og skriv det som upsert i én transaksjon; kaster `Importfeil` med alle problemene."""
    _krev_leder(avh, aktor)
    struktur = les_struktur(data)
    with arbeidsenhet(avh.motor) as okt:
        sikre_katalog(okt)
        register = last_register(okt, identer_i(struktur))
        kontroll = valider(struktur, register, regelverk=avh.regelverk, fridager=avh.fridager_rundt, idag=idag,
                           kommunenummer=avh.innstillinger.kommunenummer)
        if kontroll.problemer:
            raise Importfeil(sorted(kontroll.problemer, key=_dokumentrekkefolge))
        resultat = skriv(okt, register, kontroll.skriv)
        # Tilgangsloggen får antall, aldri innhold (ingen navn eller identitetsnummer).
        logg(okt, aktor, None, "endre", "import", f"Import fra fil: {resultat.sammendrag()}"[:HVORFOR_MAKS])
    return resultat
