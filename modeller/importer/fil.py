"""Les importfilen: UTF-8 (med eller uten BOM), ett JSON-objekt, norske feilmeldinger med linje og kolonne."""

import json
from pathlib import Path
from typing import Any

from modeller.importer.resultat import Importfeil, Importproblem

# Meldingene fra json-modulen, oversatt (den første som passer, brukes).
_JSON_FEIL = (
    ("Expecting property name enclosed in double quotes", "forventet et feltnavn i doble anførselstegn "
     "(komma etter siste element, eller enkle anførselstegn?)"),
    ("Expecting ',' delimiter", "forventet komma mellom elementene"),
    ("Expecting ':' delimiter", "forventet kolon etter feltnavnet"),
    ("Expecting value", "forventet en verdi (tekst i anførselstegn, tall, true/false, null, [ … ] eller { … })"),
    ("Unterminated string", "teksten mangler avsluttende anførselstegn"),
    ("Invalid control character", "ulovlig kontrolltegn (linjeskift eller tabulator) inne i en tekst"),
    ("Invalid \\escape", "ugyldig skråstrek-sekvens i en tekst (skriv \\\\ for én skråstrek)"),
    ("Extra data", "mer innhold etter at JSON-dokumentet er slutt"),
)


def _oversett(melding: str) -> str:
    return next((norsk for engelsk, norsk in _JSON_FEIL if melding.startswith(engelsk)), melding)


def les_importfil(sti: Path) -> dict[str, Any]:
    """Les og tolk en importfil; gir `Importfeil` med en norsk forklaring (og linje/kolonne) når det ikke går."""
    try:
        tekst = sti.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise Importfeil([Importproblem("", f"Finner ikke filen {sti}.")]) from None
    except UnicodeDecodeError as feil:
        raise Importfeil([Importproblem("", f"Filen er ikke UTF-8 (ugyldig byte ved posisjon {feil.start}). "
                                            "Lagre den som UTF-8 og prøv igjen.")]) from None
    try:
        data = json.loads(tekst)
    except json.JSONDecodeError as feil:
        raise Importfeil([Importproblem("", f"Filen er ikke gyldig JSON: linje {feil.lineno}, kolonne {feil.colno}: "
                                            f"{_oversett(feil.msg)}.")]) from None
    if not isinstance(data, dict):
        raise Importfeil([Importproblem("", "Filen må inneholde ett JSON-objekt { … } med listene (personer, "
                                            "tjenesteytere, …) på øverste nivå.")])
    return data
