"""E-postmaler (Jinja2) på bokmål og nynorsk: bare tillatte, ikke-personlige felt slipper inn i malene.

Malene ligger i maler/epost/{nb,nn}/{varseltype}.{emne.txt,txt,html}. Kontekst fra utboksen (JSON) kan
ha datoer som ISO-tekst; de gjøres om til date/datetime her. Felt som en mal trenger men ikke får,
gir jinja2.UndefinedError (StrictUndefined); felt som ikke står i TILLATTE_FELT, gir ValueError.
Fritekst slipper aldri inn (møtestedet kan være «Hjemme hos …»); tekstfeltene er referanser, lenker og faste
tekster, og elleve sifre avvises også når de er skrevet i grupper («010190 12345», «010190-12345»).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from modeller.kalender import OSLO
from modeller.regler.begreper import Driftsvarselkode, Malform

MAPPE = Path(__file__).resolve().parents[1] / "maler"

VARSELTYPER: tuple[str, ...] = (
    "tiltak_evaluering_snart",
    "tiltak_evaluering_forfalt",
    "plan_revisjon",
    "vedtak_revurdering",
    "mote_innkalling",
    "mote_avlyst",
    "referat_mangler",
    "koordinator_oppnevnt",
    "opplaering_mangler",
    "klagefrist_nar",
    "forelopig_svar_nar",
    "barnekoordinator_overgang",
    "oppgave_forfalt",
    "oppgave_eskalert",
    "kvartalsrapport",
    "driftsvarsel",
)

_DATOFELT = frozenset({"frist", "dato"})
_HELTALLSFELT = frozenset({"antall", "dager"})
_TEKSTFELT = frozenset({"referanse", "lenke", "kommunenavn", "ke_navn", "mottakerrolle", "oppgavetype_tekst"})
# Utboksrader lagt inn før møtestedet ble tatt ut av e-posten, har feltet ennå; det slippes aldri inn i malen.
_UTGATTE_FELT = frozenset({"motested"})
# Slaget av driftsvarsel: malen velger teksten ut fra koden, så bare kjente koder slipper inn.
_KODEFELT = {"varselkode": frozenset(k.value for k in Driftsvarselkode)}
TILLATTE_FELT: frozenset[str] = _DATOFELT | _HELTALLSFELT | _TEKSTFELT | {"motestart"} | set(_KODEFELT)

_FELLES = frozenset({"ke_navn", "kommunenavn", "lenke", "mottakerrolle"})
_SAK_FRIST = frozenset({"referanse", "frist"})
# Feltene hver varseltype bruker; en test sjekker at malene trenger akkurat disse.
PAKREVDE_FELT: Mapping[str, frozenset[str]] = {
    "tiltak_evaluering_snart": _FELLES | _SAK_FRIST | {"dager"},
    "tiltak_evaluering_forfalt": _FELLES | _SAK_FRIST | {"dager"},
    "plan_revisjon": _FELLES | _SAK_FRIST,
    "vedtak_revurdering": _FELLES | _SAK_FRIST,
    "mote_innkalling": _FELLES | {"referanse", "motestart"},
    "mote_avlyst": _FELLES | {"referanse", "motestart"},
    "referat_mangler": _FELLES | _SAK_FRIST | {"dato"},
    "koordinator_oppnevnt": _FELLES | {"referanse", "dato"},
    "opplaering_mangler": _FELLES | _SAK_FRIST,
    "klagefrist_nar": _FELLES | _SAK_FRIST,
    "forelopig_svar_nar": _FELLES | _SAK_FRIST,
    "barnekoordinator_overgang": _FELLES | _SAK_FRIST,
    "oppgave_forfalt": _FELLES | _SAK_FRIST | {"dager", "oppgavetype_tekst"},
    "oppgave_eskalert": _FELLES | _SAK_FRIST | {"dager", "oppgavetype_tekst"},
    "kvartalsrapport": _FELLES | {"referanse", "dato", "antall"},
    "driftsvarsel": _FELLES | {"varselkode", "dato"},
}

_MANEDER = "januar februar mars april mai juni juli august september oktober november desember".split()
_UKEDAGER = {
    Malform.BOKMAL: "mandag tirsdag onsdag torsdag fredag lørdag søndag".split(),
    Malform.NYNORSK: "måndag tysdag onsdag torsdag fredag laurdag sundag".split(),
}
_ROLLER_NN = {
    "ansvarlig for tiltak": "ansvarleg for tiltak",
    "ansvarlig for oppgaven": "ansvarleg for oppgåva",
    "medlem av ansvarsgruppen": "medlem av ansvarsgruppa",
    "leder": "leiar",
    "leder for koordinerende enhet": "leiar for koordinerande eining",
    "saksbehandler": "sakshandsamar",
    "saksbehandler i koordinerende enhet": "sakshandsamar i koordinerande eining",
    "mottaker av driftsvarsler": "mottakar av driftsvarsel",
}
# Elleve sifre (fødsels- eller D-nummer), også i grupper med inntil tre skilletegn mellom sifrene: mellomrom,
# bindestrek/tankestrek, punktum eller skråstrek («010190 12345», «01.01.90 123 45»). I lenken regnes bare
# mellomrom og streker som skille, så en IP-adresse med punktum («10.120.130.140») ikke avvises.
_ELLEVE_SIFFER = re.compile(r"\d(?:[\s.\-\u2010-\u2015/]{0,3}\d){10}")
_ELLEVE_SIFFER_I_LENKE = re.compile(r"\d(?:[\s\-\u2010-\u2015]{0,3}\d){10}")
_KONTROLLTEGN = re.compile(r"[\x00-\x1f\x7f]")
_REFERANSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")


@dataclass(frozen=True)
class Epostinnhold:
    """Ferdig utfylt emne, ren tekst og HTML for én e-post."""

    emne: str
    tekst: str
    html: str


def _malform(kontekst: Context) -> Malform:
    """Målformen som lag_epost la i konteksten."""
    return Malform(kontekst.get("malform", Malform.BOKMAL))


def _som_oslo(verdi: date) -> date:
    """Et tidspunkt blir til datoen i Oslo; en dato er seg selv."""
    if isinstance(verdi, datetime):
        if verdi.tzinfo is None:
            raise ValueError("Tidspunktet må ha tidssone.")
        return verdi.astimezone(OSLO).date()
    return verdi


@pass_context
def dato(kontekst: Context, verdi: date, ukedag: bool = False) -> str:
    """«1. mars 2027», eventuelt med ukedag først («måndag 1. mars 2027» på nynorsk)."""
    d = _som_oslo(verdi)
    tekst = f"{d.day}. {_MANEDER[d.month - 1]} {d.year}"
    return f"{_UKEDAGER[_malform(kontekst)][d.weekday()]} {tekst}" if ukedag else tekst


def klokkeslett(verdi: datetime) -> str:
    """Klokkeslett i Oslo på norsk form «09.00»."""
    if verdi.tzinfo is None:
        raise ValueError("Tidspunktet må ha tidssone.")
    return verdi.astimezone(OSLO).strftime("%H.%M")


def tall_med(tall: int, entall: str, flertall: str) -> str:
    """«1 dag» / «3 dager»: tall med riktig bøyd ord."""
    return f"{tall} {entall if tall == 1 else flertall}"


@pass_context
def rolle(kontekst: Context, tekst: str) -> str:
    """Kjente rolletekster på bokmål blir til nynorsk i nynorskmaler; annen tekst står urørt."""
    if _malform(kontekst) is Malform.NYNORSK:
        return _ROLLER_NN.get(tekst.strip().lower(), tekst)
    return tekst


def _lag_miljo() -> Environment:
    """Jinja2-miljøet: StrictUndefined og autoescape for .html."""
    miljo = Environment(
        loader=FileSystemLoader(MAPPE),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    miljo.filters.update(dato=dato, klokkeslett=klokkeslett, tall_med=tall_med, rolle=rolle)
    return miljo


MILJO = _lag_miljo()


def _gjor_om(felt: str, verdi: object) -> object:
    """Sjekker typen til ett felt og gjør ISO-tekst fra JSON om til dato eller tidspunkt."""
    if isinstance(verdi, str) and (felt in _DATOFELT or felt == "motestart"):
        try:
            verdi = date.fromisoformat(verdi) if felt in _DATOFELT else datetime.fromisoformat(verdi)
        except ValueError as feil:
            raise ValueError(f"Feltet «{felt}» har ugyldig datoformat (ventet ISO 8601).") from feil
    if felt in _DATOFELT and (not isinstance(verdi, date) or isinstance(verdi, datetime)):
        raise ValueError(f"Feltet «{felt}» må være en dato.")
    if felt == "motestart" and (not isinstance(verdi, datetime) or verdi.tzinfo is None):
        raise ValueError("Feltet «motestart» må være et tidspunkt med tidssone.")
    if felt in _HELTALLSFELT and (not isinstance(verdi, int) or isinstance(verdi, bool)):
        raise ValueError(f"Feltet «{felt}» må være et heltall.")
    if felt in _TEKSTFELT:
        if not isinstance(verdi, str) or not verdi.strip() or _KONTROLLTEGN.search(verdi):
            raise ValueError(f"Feltet «{felt}» må være en ikke-tom tekst på én linje.")
        if (_ELLEVE_SIFFER_I_LENKE if felt == "lenke" else _ELLEVE_SIFFER).search(verdi):
            raise ValueError(f"Feltet «{felt}» inneholder elleve sifre (mulig fødselsnummer, også med mellomrom, "
                             "bindestrek eller punktum mellom sifrene).")
    if felt == "referanse" and not _REFERANSE.fullmatch(str(verdi)):
        raise ValueError("Feltet «referanse» må være en kort, anonym saksreferanse (bokstaver, tall, -).")
    if felt in _KODEFELT and (not isinstance(verdi, str) or verdi not in _KODEFELT[felt]):
        raise ValueError(f"Feltet «{felt}» må være en av {', '.join(sorted(_KODEFELT[felt]))}.")
    if felt == "lenke" and not str(verdi).startswith(("https://", "http://")):
        raise ValueError("Feltet «lenke» må være en nettadresse (https://…).")
    return verdi


def _sjekk_kontekst(kontekst: Mapping[str, object]) -> dict[str, Any]:
    """Avviser felt som ikke er tillatt, sjekker typene til resten og lar utgåtte felt ligge igjen ubrukt."""
    for felt in kontekst:
        if felt not in TILLATTE_FELT and felt not in _UTGATTE_FELT:
            raise ValueError(
                f"Feltet «{felt}» er ikke tillatt i e-post; bare disse kan brukes: {', '.join(sorted(TILLATTE_FELT))}."
            )
    return {felt: _gjor_om(felt, verdi) for felt, verdi in kontekst.items() if felt not in _UTGATTE_FELT}


def lag_epost(varseltype: str, malform: Malform, kontekst: Mapping[str, object]) -> Epostinnhold:
    """Fyller ut emne, tekst og HTML for en varseltype på valgt målform."""
    if varseltype not in VARSELTYPER:
        raise ValueError(f"Ukjent varseltype «{varseltype}».")
    verdier = _sjekk_kontekst(kontekst)
    verdier["malform"] = Malform(malform).value
    sti = f"epost/{Malform(malform).value}/{varseltype}"
    emne = MILJO.get_template(f"{sti}.emne.txt").render(verdier).strip()
    if not emne or "\n" in emne or "\r" in emne:
        raise ValueError(f"Emnet for «{varseltype}» må være én linje.")
    tekst = MILJO.get_template(f"{sti}.txt").render(verdier).strip() + "\n"
    html = MILJO.get_template(f"{sti}.html").render(verdier)
    return Epostinnhold(emne=emne, tekst=tekst, html=html)
