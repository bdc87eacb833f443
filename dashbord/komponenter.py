"""Små visningshjelpere: norske datoer, statusmerker med tekst, sidedeling og feilmeldinger ved skjema.

Ingen regler og ingen SQL her: bare formatering og Streamlit-elementer. Status vises alltid med tekst,
aldri med farge alene (WCAG 1.4.1). Data (navn, notater, titler, e-postadresser, feilmeldinger) er tekst, ikke
markdown: den går gjennom `ren()` før den havner i et element som tolker markdown (st.markdown, st.title,
st.caption, varsler, etiketter på knapper og ekspandere), så ingen lenke, bilde eller formatering i dataene virker.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, TypeVar

import streamlit as st

from modeller.kalender import OSLO
from modeller.tjenester.feil import IkkeFunnet, IngenTilgang, Konflikt, ManglerSamtykke, Valideringsfeil

T = TypeVar("T")
Farge = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray"]

MANEDER = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember")

STATUSTEKST: dict[str, tuple[str, Farge]] = {
    "apen": ("Åpen", "blue"),
    "fullfort": ("Fullført", "green"),
    "avbrutt": ("Avbrutt", "gray"),
    "utkast": ("Utkast", "gray"),
    "aktiv": ("Aktiv", "green"),
    "avsluttet": ("Avsluttet", "gray"),
    "vedtatt": ("Vedtatt", "green"),
    "planlagt": ("Planlagt", "blue"),
    "gjennomfort": ("Gjennomført", "green"),
    "avlyst": ("Avlyst", "gray"),
    "venter": ("Venter", "blue"),
    "sender": ("Sendes nå", "violet"),
    "sendt": ("Sendt", "green"),
    "dod": ("Kunne ikke sendes", "red"),
    "kansellert": ("Kansellert", "gray"),
    "mottatt": ("Mottatt", "blue"),
    "omgjort": ("Omgjort", "green"),
    "oversendt": ("Oversendt", "violet"),
    "avgjort": ("Avgjort", "gray"),
    "innvilget": ("Innvilget", "green"),
    "delvis": ("Delvis innvilget", "orange"),
    "avslag": ("Avslag", "red"),
}


# Visningsnavn for lagrede verdier (bare tekst; reglene ligger i modeller/regler).
GIVERTEKST = {"selv": "Personen selv", "foresatt": "Foresatt", "verge": "Verge", "hjelpeverge": "Hjelpeverge",
              "fullmektig": "Fullmektig", "parorende": "Pårørende"}
TILTAKSTEKST = {"ip": "Individuell plan", "koordinator": "Koordinator", "barnekoordinator": "Barnekoordinator",
                "tjeneste": "Tjeneste"}
UTFALLSTEKST = {"innvilget": "Innvilget", "delvis": "Delvis innvilget", "avslag": "Avslag"}
KILDETEKST = {"helsepersonell_38a": "Helsepersonell (meldeplikt, hpl. § 38 a)", "ansatt": "Ansatt i kommunen",
              "bruker": "Personen selv", "parorende": "Pårørende", "spesialist_ke": "KE i spesialisthelsetjenesten",
              "annen": "Annen"}
KANALTEKST = {"skriftlig": "Skriftlig", "muntlig": "Muntlig", "digital": "Digitalt skjema",
              "elektronisk_melding": "Elektronisk melding"}
GRUPPETEKST = {"ansvarsgruppe": "Ansvarsgruppe", "ke_gruppe": "KE-gruppen", "samhandlingsforum": "Samhandlingsforum"}
MALOPPNAELSETEKST = {"oppnadd": "Oppnådd", "delvis": "Delvis oppnådd", "ikke_oppnadd": "Ikke oppnådd"}
KLAGERUTETEKST = {"pbrl_7_5": "Pasient- og brukerrettighetsloven § 7-5 (4 uker)",
                  "fvl_29": "Forvaltningsloven § 29 (3 uker)", "ikke_klagbar": "Kan ikke påklages"}


# Tegnene markdown, GFM (tabeller, gjennomstreking, autolenker) og Streamlit (matte, :farge[…], :ikon:) tolker.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")
# GFM gjør nettadresser og www.-navn om til lenker også når skilletegnene er escapet; et usynlig mellomrom
# (U+200B) etter protokollen eller «www» hindrer det, så data aldri blir en lenke eller et bilde.
_AUTOLENKE = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=[:.])")


def ren(verdi: object) -> str:
    """Data som vises bokstavelig der Streamlit tolker markdown (tegnene escapes, linjeskift blir mellomrom)."""
    if verdi is None:
        return ""
    # Markdown viser et linjeskift som et mellomrom; uten linjeskift kan ingen linje starte med #, >, - eller 1.
    return _MARKDOWN.sub(r"\\\1", _AUTOLENKE.sub("\\1\u200b", " ".join(str(verdi).split())))


def tekst_for(tabell: dict[str, str], verdi: object) -> str:
    """Visningsnavnet for en lagret verdi, eller verdien selv."""
    return tabell.get(str(verdi), str(verdi))


def norsk_dato(d: date | None, tom: str = "–") -> str:
    """«1. mars 2027»; None gir `tom`."""
    if d is None:
        return tom
    if isinstance(d, datetime):
        d = d.astimezone(OSLO).date()
    return f"{d.day}. {MANEDER[d.month - 1]} {d.year}"


def norsk_tid(t: datetime | None, tom: str = "–") -> str:
    """«1. mars 2027 kl. 09.30» i Europe/Oslo."""
    if t is None:
        return tom
    lokal = t.astimezone(OSLO)
    return f"{norsk_dato(lokal.date())} kl. {lokal.hour:02d}.{lokal.minute:02d}"


def statustekst(status: str | None) -> tuple[str, Farge]:
    """Norsk tekst og farge for en lagret statusverdi (ukjente verdier vises som de er, i grått)."""
    if not status:
        return ("Ukjent", "gray")
    return STATUSTEKST.get(str(status), (str(status).replace("_", " ").capitalize(), "gray"))


def fristtekst(frist: date | None, idag: date) -> tuple[str, Farge]:
    """Merket for en frist: forfalt, i dag, snart (7 dager) eller dato."""
    if frist is None:
        return ("Ingen frist", "gray")
    dager = (frist - idag).days
    if dager < 0:
        return (f"Forfalt {norsk_dato(frist)}", "red")
    if dager == 0:
        return ("Frist i dag", "orange")
    if dager <= 7:
        return (f"Frist {norsk_dato(frist)}", "yellow")
    return (f"Frist {norsk_dato(frist)}", "blue")


def datomerke(tekst: str, dato: date, idag: date) -> None:
    """Et merke som «Neste revisjon 1. mars 2027», farget etter hvor nær datoen er (teksten sier det samme)."""
    merke(f"{tekst} {norsk_dato(dato)}" + (" (passert)" if dato < idag else ""), fristtekst(dato, idag)[1])


def dato_eller(verdi: object, standard: date | None) -> date | None:
    """Verdien fra et datofelt, eller `standard` når feltet er tomt."""
    return verdi if isinstance(verdi, date) else standard


def merke(tekst: str, farge: Farge = "blue") -> None:
    """Et statusmerke; teksten bærer betydningen, fargen er bare en ekstra hjelp."""
    st.badge(tekst, color=farge)


def statusmerke(status: str | None) -> None:
    """Statusmerke for en lagret statusverdi."""
    merke(*statustekst(status))


def fristmerke(frist: date | None, idag: date) -> None:
    """Fristmerke: forfalt (rød), i dag (oransje), snart (gul) eller senere (blå); alltid med tekst."""
    merke(*fristtekst(frist, idag))


@dataclass(frozen=True)
class Side:
    """Hvilken side av en sidedelt liste som vises."""

    nummer: int
    storrelse: int

    @property
    def forskyvning(self) -> int:
        """Antall rader å hoppe over i SQL."""
        return (self.nummer - 1) * self.storrelse

    @property
    def grense(self) -> int:
        """Én rad mer enn vist, så vi vet om det finnes en neste side uten å telle alt."""
        return self.storrelse + 1


def gjeldende_side(nokkel: str, storrelse: int = 25) -> Side:
    """Sidenummeret som er lagret for listen (starter på 1)."""
    return Side(max(1, int(st.session_state.get(f"{nokkel}_side", 1))), storrelse)


def til_side(nokkel: str, nummer: int) -> None:
    """Gå til en side (brukes også når et filter endres: da starter listen på side 1)."""
    st.session_state[f"{nokkel}_side"] = max(1, nummer)


def sidevelger(nokkel: str, side: Side, rader: Sequence[T]) -> list[T]:
    """Vis «Forrige»/«Neste» under listen og gi radene som skal vises (uten den ekstra raden)."""
    har_neste = len(rader) > side.storrelse
    venstre, midt, hoyre = st.columns([1, 2, 1])
    venstre.button("← Forrige side", key=f"{nokkel}_forrige", disabled=side.nummer <= 1,
                   on_click=til_side, args=(nokkel, side.nummer - 1))
    midt.caption(f"Side {side.nummer}")
    hoyre.button("Neste side →", key=f"{nokkel}_neste", disabled=not har_neste,
                 on_click=til_side, args=(nokkel, side.nummer + 1))
    return list(rader[: side.storrelse])


def vis_feltfeil(feil: Valideringsfeil) -> None:
    """Vis hver feltfeil ved skjemaet; det brukeren skrev står igjen i feltene."""
    linjer = "\n".join(f"- **{ren(f.felt)}**: {ren(f.melding)}" for f in feil.feil)
    st.error(f"Skjemaet ble ikke lagret. Rett opp dette og prøv igjen:\n\n{linjer}")


def utfor(handling: Callable[[], T], *, lykkes: str | None = None) -> T | None:
    """Kjør et bruksområde og vis domenefeil som klare norske meldinger; gir resultatet eller None."""
    try:
        resultat = handling()
    except Valideringsfeil as feil:
        vis_feltfeil(feil)
        return None
    except Konflikt as feil:
        st.error(f"Ingenting ble lagret: {ren(feil)} Det du skrev, står igjen i skjemaet; siden viser nå den "
                 "nyeste versjonen.")
        return None
    except ManglerSamtykke as feil:
        st.error(f"Mangler gyldig samtykke: {ren(feil)}")
        return None
    except IngenTilgang as feil:
        st.error(f"Ingen tilgang: {ren(feil)}")
        return None
    except IkkeFunnet as feil:
        st.error(f"Fant ikke det du ba om: {ren(feil)}")
        return None
    if lykkes:
        st.success(lykkes)
    return resultat


def tom_skjema(prefiks: str) -> None:
    """Glem verdiene i et skjema etter en vellykket lagring (nøklene starter med `prefiks`)."""
    for nokkel in [n for n in st.session_state if str(n).startswith(prefiks)]:
        del st.session_state[nokkel]


def flash(tekst: str) -> None:
    """Husk en bekreftelse til neste kjøring (etter `st.rerun()`); den vises som ren tekst."""
    st.session_state["_flash"] = tekst


def vis_flash() -> None:
    """Vis og glem bekreftelsen fra forrige kjøring."""
    tekst = st.session_state.pop("_flash", None)
    if tekst:
        st.success(ren(tekst))
