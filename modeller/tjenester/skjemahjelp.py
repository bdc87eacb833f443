"""Felles hjelpere for skjemaene i bruksområdene: tolke og rense felt, samle feltfeil, avvise og hente rader.

Bruksområdene samler alle feltfeilene i en liste og kaller `avvis` før noe er skrevet, så brukeren får
alle feilene samtidig og ingenting blir halvskrevet.
"""

from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sqlmodel import Session

from modeller.tjenester.feil import Feltfeil, IkkeFunnet, Valideringsfeil

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


def tolk_enum(feil: list[Feltfeil], felt: str, klasse: type[E], verdi: Any) -> E | None:
    """Gjør tekst om til en enum-verdi; ukjent verdi gir en feltfeil som lister de gyldige verdiene."""
    try:
        return klasse(verdi)
    except ValueError:
        gyldige = ", ".join(v.value for v in klasse)
        feil.append(Feltfeil(felt, f"Ukjent verdi «{verdi}». Gyldige verdier: {gyldige}."))
        return None


def tekst(feil: list[Feltfeil], felt: str, verdi: str | None, maks: int, *, pakrevd: bool = True) -> str | None:
    """Trim teksten; tom påkrevd tekst eller for lang tekst gir en feltfeil."""
    renset = (verdi or "").strip()
    if pakrevd and not renset:
        feil.append(Feltfeil(felt, "Må fylles ut."))
    elif len(renset) > maks:
        feil.append(Feltfeil(felt, f"Kan ikke være lengre enn {maks} tegn."))
    return renset or None


def ikke_fram_i_tid(feil: list[Feltfeil], felt: str, dato: date | None, idag: date) -> None:
    """Datoer for noe som har skjedd kan ikke ligge i framtiden."""
    if dato is not None and dato > idag:
        feil.append(Feltfeil(felt, "Datoen kan ikke være i framtiden."))


def avvis(feil: list[Feltfeil]) -> None:
    """Kast `Valideringsfeil` med alle feltfeilene, før noe er skrevet."""
    if feil:
        raise Valideringsfeil(feil)


def hent(okt: Session, klasse: type[T], id_: int, navn: str) -> T:
    """Hent en rad eller kast `IkkeFunnet` med en norsk melding."""
    rad = okt.get(klasse, id_)
    if rad is None:
        raise IkkeFunnet(f"Fant ingen {navn} med id {id_}.")
    return rad
