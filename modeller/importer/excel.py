"""Fra Excel til importformatet: ett ark per liste, første rad er feltnavnene (docs/importformat.md).

Bruk: `python -m modeller.importer.excel lister.xlsx > import.json`, eller `les_excel(sti)` direkte.
Ark som begynner med «_» (for eksempel «_Veiledning») hoppes over. Tomme celler utelates, slik at
feltet ikke endrer det som finnes fra før. Excel lagrer tall uten null foran; identitetsnummer og
kommunenummer fylles derfor ut med null foran igjen, og andre tall i tekstfelt blir tekst.
"""

import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from modeller.importer.resultat import Importfeil, Importproblem

NULLFYLT = {"identitetsnummer": 11, "person": 11, "kommunenummer": 4}
HELTALL = frozenset({"intervall_uker", "formatversjon"})


def _celle(kolonne: str, verdi: Any) -> Any:
    """Én celleverdi i JSON-form; None betyr at feltet utelates."""
    if isinstance(verdi, str):
        return verdi.strip() or None
    if isinstance(verdi, bool) or verdi is None:
        return verdi
    if isinstance(verdi, datetime):
        return verdi.date().isoformat() if verdi.time() == time(0) else verdi.strftime("%Y-%m-%dT%H:%M")
    if isinstance(verdi, date | time):
        return verdi.isoformat()
    if isinstance(verdi, int | float):
        if kolonne in HELTALL:
            return int(verdi)
        tekst = str(int(verdi)) if float(verdi).is_integer() else str(verdi)
        return tekst.zfill(NULLFYLT[kolonne]) if kolonne in NULLFYLT else tekst
    return str(verdi)


def _ark(rader: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    if not rader:
        return []
    overskrifter = [str(o).strip().lower() if o is not None else "" for o in rader[0]]
    ut = []
    for rad in rader[1:]:
        verdier = {k: _celle(k, v) for k, v in zip(overskrifter, rad, strict=False) if k}
        verdier = {k: v for k, v in verdier.items() if v is not None}
        if verdier:
            ut.append(verdier)
    return ut


def les_excel(sti: Path) -> dict[str, Any]:
    """Les en arbeidsbok til et importdokument (listenavn → rader); gir `Importfeil` når filen ikke kan leses."""
    try:
        bok = load_workbook(sti, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as feil:
        raise Importfeil([Importproblem("", f"Kan ikke lese Excel-filen {sti.name}: {feil}")]) from None
    try:
        return {ark.title.strip().lower(): _ark(list(ark.iter_rows(values_only=True)))
                for ark in bok.worksheets if not ark.title.startswith("_")}
    finally:
        bok.close()


def main(argumenter: list[str]) -> int:
    """Skriv importdokumentet som JSON til standard ut."""
    if len(argumenter) != 1:
        sys.stderr.write("Bruk: python -m modeller.importer.excel lister.xlsx > import.json\n")
        return 2
    try:
        dokument = les_excel(Path(argumenter[0]))
    except Importfeil as feil:
        sys.stderr.write(feil.rapport() + "\n")
        return 1
    sys.stdout.write(json.dumps(dokument, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
