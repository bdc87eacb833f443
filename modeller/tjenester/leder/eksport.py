"""Nedlasting av funn og nøkkeltall som CSV og Excel, nøytralisert mot formelinjeksjon (CWE-1236).

En tekstcelle som begynner med =, +, -, @, tabulator eller vognretur, får en apostrof foran, så regnearket
viser teksten i stedet for å kjøre den som formel (OWASP «CSV Injection»). Tall forblir tall. CSV-filene er
laget for norsk Excel: semikolon som skilletegn, UTF-8 med BOM, desimalkomma i desimaltall og CRLF.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from modeller.regler.nokkeltall import Sammendrag
from modeller.tjenester.leder.nokkeltall import Nokkeltall
from modeller.tjenester.leder.typer import Kvartalsrapport

FARLIGE_START = ("=", "+", "-", "@", "\t", "\r")
Rad = Mapping[str, object]


def noytraliser(verdi: object) -> object:
    """Tekst som kan tolkes som formel, får en apostrof foran; tall, datoer og tomme verdier står urørt."""
    if verdi is None or isinstance(verdi, bool):
        return "" if verdi is None else ("ja" if verdi else "nei")
    if isinstance(verdi, int | float | Decimal | date):
        return verdi
    tekst = str(verdi)
    return "'" + tekst if tekst.startswith(FARLIGE_START) else tekst


def _kolonner(rader: Sequence[Rad]) -> list[str]:
    kolonner: dict[str, None] = {}
    for rad in rader:
        kolonner.update(dict.fromkeys(rad))
    return list(kolonner)


def _csv_celle(verdi: object) -> str:
    trygg = noytraliser(verdi)
    if isinstance(trygg, float | Decimal):
        return str(trygg).replace(".", ",")
    if isinstance(trygg, datetime | date):
        return trygg.isoformat()
    return str(trygg)


def som_csv(rader: Sequence[Rad]) -> bytes:
    """Radene som CSV (semikolon, UTF-8 med BOM), med kolonnene i rekkefølgen de først dukker opp."""
    kolonner = _kolonner(rader)
    ut = io.StringIO(newline="")
    skriver = csv.writer(ut, delimiter=";", lineterminator="\r\n")
    skriver.writerow([_csv_celle(k) for k in kolonner])
    for rad in rader:
        skriver.writerow([_csv_celle(rad.get(k)) for k in kolonner])
    return ut.getvalue().encode("utf-8-sig")


def som_excel(rader: Sequence[Rad], *, ark: str = "Rapport") -> bytes:
    """Radene som Excel-arbeidsbok (.xlsx) med fet overskrift; tekst blir aldri formler."""
    bok = Workbook()
    blad = bok.active
    assert blad is not None
    blad.title = ark[:31]
    kolonner = _kolonner(rader)
    for nr, navn in enumerate(kolonner, start=1):
        celle = blad.cell(row=1, column=nr, value=str(noytraliser(navn)))
        celle.font = Font(bold=True)
    for radnr, rad in enumerate(rader, start=2):
        for nr, navn in enumerate(kolonner, start=1):
            verdi = noytraliser(rad.get(navn))
            if isinstance(verdi, datetime) and verdi.tzinfo is not None:
                verdi = verdi.replace(tzinfo=None)  # Excel kan ikke lagre tidssone; verdien er UTC
            celle = blad.cell(row=radnr, column=nr, value=verdi)
            if isinstance(verdi, str):
                celle.data_type = "s"  # aldri formel, uansett hva openpyxl gjetter
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def funn_som_rader(rapport: Kvartalsrapport) -> list[dict[str, object]]:
    """Én rad per funn (plikt): kode, tittel, status, antall, regel, kilde og merknader."""
    return [{"periode": rapport.periode, "dato": rapport.dato, "kode": f.kode, "tittel": f.tittel,
             "status": str(f.status), "antall": f.antall, "regel": f.regel, "kilde": f.kilde,
             "merknader": " ".join(f.merknader)} for f in rapport.funn]


def saker_som_rader(saker: Mapping[str, Sequence[str]]) -> list[dict[str, object]]:
    """Én rad per saksreferanse i hvert funn (fra `saker_i_funn`)."""
    return [{"funn": kode, "referanse": ref} for kode, refs in saker.items() for ref in refs]


def _flat(prefiks: str, verdi: Any) -> dict[str, object]:
    if isinstance(verdi, Sammendrag):
        return {f"{prefiks}_{f.name}": getattr(verdi, f.name) for f in fields(verdi)}
    return {prefiks: verdi}


def nokkeltall_som_rader(tall: Nokkeltall) -> list[dict[str, object]]:
    """Én rad per periode med alle nøkkeltallene (fordelinger som antall, median, p90, maks og snitt)."""
    rader = []
    for p in tall.perioder:
        assert is_dataclass(p)
        rad: dict[str, object] = {}
        for navn, verdi in asdict(p).items():
            rad.update(_flat(navn, Sammendrag(**verdi) if isinstance(verdi, dict) else verdi))
        rader.append(rad)
    return rader
