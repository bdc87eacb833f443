"""Første trinn: sjekk formen på hver rad i hver liste og oversett feilene til norsk med JSON-sti."""

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from modeller.importer.resultat import Importproblem
from modeller.importer.skjema import FORMATVERSJON, LISTER, TOPPNIVA, Hode, Nokkel, Rad


@dataclass
class Struktur:
    """Radene som har riktig form, nøklene til rader med formfeil, og problemene så langt."""

    hode: Hode
    rader: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    formfeil_nokler: dict[str, dict[Any, int]] = field(default_factory=dict)
    problemer: list[Importproblem] = field(default_factory=list)


def nokkel(liste: str, rad: Any) -> Any:
    """Den naturlige nøkkelen til en rad (eller nøkkelklasse) i filens egne termer."""
    if liste == "virksomheter":
        return rad.navn
    if liste == "tjenesteytere":
        return rad.epost
    if liste == "personer":
        return rad.identitetsnummer
    if liste == "samtykker":
        return rad.person
    if liste == "relasjoner":
        return (rad.person, rad.relasjonstype, rad.navn)
    if liste == "planer":
        return (rad.person, rad.periode_fra)
    if liste == "mal":
        return (rad.person, rad.plan_fra, rad.beskrivelse)
    if liste == "grupper":
        return (rad.gruppetype, rad.navn, rad.person)
    raise KeyError(liste)


def sti(*deler: str | int) -> str:
    """`("personer", 3, "identitetsnummer")` → `personer[3].identitetsnummer`."""
    tekst = ""
    for del_ in deler:
        tekst += f"[{del_}]" if isinstance(del_, int) else (f".{del_}" if tekst else del_)
    return tekst


def _forslag(navn: str, kandidater: Iterable[str]) -> str:
    treff = difflib.get_close_matches(navn, list(kandidater), n=1, cutoff=0.6)
    return f" Mente du «{treff[0]}»?" if treff else ""


def _oversett(feil: Mapping[str, Any], modell: type[BaseModel]) -> str:
    """Pydantic-feil → norsk melding (egne feil fra felttypene har allerede norsk tekst)."""
    type_, ctx, verdi = feil["type"], feil.get("ctx") or {}, feil.get("input")
    if type_ == "import":
        return str(feil["msg"])
    if type_ == "missing":
        return "Feltet mangler (påkrevd)."
    if type_ == "extra_forbidden":
        navn = str(feil["loc"][-1])
        return (f"Ukjent felt «{navn}».{_forslag(navn, modell.model_fields)} "
                f"Tillatte felt: {', '.join(modell.model_fields)}.")
    if type_ in ("model_type", "dict_type", "model_attributes_type"):
        return "Raden må være et JSON-objekt med felt og verdier ({ … })."
    if verdi is None:
        return "Feltet må ha en verdi."
    meldinger = {
        "string_type": "Verdien må være tekst.",
        "string_too_short": "Feltet kan ikke være tomt.",
        "int_type": "Verdien må være et heltall.",
        "int_parsing": "Verdien må være et heltall.",
        "int_from_float": "Verdien må være et heltall.",
        "tuple_type": "Verdien må være en liste [ … ] eller tekst delt med semikolon.",
        "list_type": "Verdien må være en liste [ … ] eller tekst delt med semikolon.",
    }
    if type_ in meldinger:
        return meldinger[type_]
    if type_ in ("string_too_long", "too_long"):
        return f"Teksten er for lang: høyst {ctx.get('max_length')} tegn."
    if type_ == "greater_than_equal":
        return f"Verdien må være minst {ctx.get('ge')}."
    if type_ == "less_than_equal":
        return f"Verdien kan være høyst {ctx.get('le')}."
    return f"Ugyldig verdi ({feil['msg']})."


def _les_liste(struktur: Struktur, liste: str, verdi: Any) -> None:
    radklasse, nokkelklasse = LISTER[liste]
    if not isinstance(verdi, list):
        struktur.problemer.append(Importproblem(liste, "Må være en liste [ … ] med rader (JSON-objekter)."))
        return
    gode: list[tuple[int, Any]] = []
    for i, raa in enumerate(verdi):
        try:
            gode.append((i, radklasse.model_validate(raa)))
        except ValidationError as feil:
            for f in feil.errors():
                struktur.problemer.append(Importproblem(sti(liste, i, *f["loc"]), _oversett(f, radklasse)))
            _husk_nokkel(struktur, liste, i, nokkelklasse, raa)
    struktur.rader[liste] = gode


def _husk_nokkel(struktur: Struktur, liste: str, i: int, nokkelklasse: type[Nokkel] | None, raa: Any) -> None:
    """Husk nøkkelen (og indeksen) til en rad med formfeil, så referanser til den ikke gir en feil til."""
    if nokkelklasse is None:
        return
    try:
        struktur.formfeil_nokler.setdefault(liste, {}).setdefault(nokkel(liste, nokkelklasse.model_validate(raa)), i)
    except ValidationError:
        pass


def _les_hode(data: Mapping[str, Any], problemer: list[Importproblem]) -> Hode:
    try:
        hode = Hode.model_validate({k: data[k] for k in ("merknad", "formatversjon") if k in data})
    except ValidationError as feil:
        problemer.extend(Importproblem(sti(*f["loc"]), _oversett(f, Hode)) for f in feil.errors())
        return Hode()
    if hode.formatversjon != FORMATVERSJON:
        problemer.append(Importproblem("formatversjon", f"Ukjent formatversjon «{hode.formatversjon}»; denne "
                                                        f"versjonen av enheten leser formatversjon {FORMATVERSJON}."))
    return hode


def les_struktur(data: Any) -> Struktur:
    """Valider formen på hele dokumentet; samler alle formfeil i stedet for å stoppe ved den første."""
    if not isinstance(data, Mapping):
        return Struktur(Hode(), problemer=[Importproblem(
            "", "Filen må inneholde ett JSON-objekt { … } med listene (personer, tjenesteytere, …) på øverste nivå.")])
    problemer: list[Importproblem] = []
    for navn in data:
        if navn not in TOPPNIVA:
            problemer.append(Importproblem(str(navn), f"Ukjent liste «{navn}».{_forslag(str(navn), TOPPNIVA)} "
                                                      f"Tillatte navn: {', '.join(TOPPNIVA)}."))
    struktur = Struktur(_les_hode(data, problemer), problemer=problemer)
    for liste in LISTER:
        verdi = data.get(liste)
        _les_liste(struktur, liste, [] if verdi is None else verdi)
    return struktur


__all__ = ["Rad", "Struktur", "les_struktur", "nokkel", "sti"]
