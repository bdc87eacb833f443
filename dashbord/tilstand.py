"""Dashbordets tilstand: delte avhengigheter, klokka for kjøringen, innlogget aktør, valgt person og sidene.

* Avhengighetene (motor, innstillinger, regelverk) bygges én gang per prosess (`st.cache_resource`).
* Klokka leses én gang per kjøring i `ny_kjoring()`; sidene bruker `na()` og `idag()` (Europe/Oslo).
* Personen som vises, ligger i `st.session_state` som en ugjennomsiktig referanse, aldri i adressen.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import streamlit as st

from modeller import oppsett
from modeller.kalender import lokal_dato
from modeller.regler.begreper import Rolle
from modeller.tjenester.dashbord_oversikt import tjenesteytere
from modeller.tjenester.tilgang import Aktor

NA = "_na"
FAST_NA = "fast_na"  # låst klokke (tester og demo); settes aldri av en widget
AKTOR = "_aktor"
PERSON = "person_ref"
LENKE = "lenke_ref"
GA_TIL = "_ga_til"
_REFERANSE = re.compile(r"^[A-Z]{1,2}-[0-9A-Z]{1,12}$")

K, S, L, A = Rolle.KOORDINATOR, Rolle.SAKSBEHANDLER, Rolle.LEDER, Rolle.ADMIN


@dataclass(frozen=True)
class Side:
    """En side i dashbordet og rollene som har tjenstlig behov for den."""

    navn: str
    tittel: str
    ikon: str
    roller: frozenset[Rolle]
    skjult: bool = False

    @property
    def fil(self) -> str:
        """Sidefilen, relativt til app.py."""
        return f"sider/{self.navn}.py"


SIDER: tuple[Side, ...] = (
    Side("mine_oppgaver", "Mine oppgaver", ":material/task_alt:", frozenset({K, S, L})),
    Side("personer", "Personer", ":material/search:", frozenset({K, S, L})),
    Side("person", "Person", ":material/person:", frozenset({K, S, L}), skjult=True),
    Side("ny_melding", "Ny melding", ":material/mail:", frozenset({S, L})),
    Side("plan", "Individuell plan", ":material/checklist:", frozenset({K, S, L})),
    Side("moter", "Ansvarsgrupper og møter", ":material/groups:", frozenset({K, S, L})),
    Side("koordinatorer", "Koordinatorer", ":material/diversity_3:", frozenset({K, S, L})),
    Side("admin", "Brukere og referansedata", ":material/admin_panel_settings:", frozenset({A})),
    Side("varsler", "Varsler og e-post", ":material/outgoing_mail:", frozenset({S, L, A})),
    Side("leder", "Lederoversikt", ":material/monitoring:", frozenset({L})),
    Side("drift", "Drift", ":material/monitor_heart:", frozenset({L, A})),
)
SIDE = {s.navn: s for s in SIDER}


@st.cache_resource(show_spinner=False)
def avhengigheter() -> oppsett.Avhengigheter:
    """Motor, innstillinger og regelverk, delt av alle økter i prosessen."""
    return oppsett.avhengigheter()


@st.cache_resource(ttl=120, show_spinner=False)
def _tjenesteytere() -> dict[int, tuple[str, str, bool]]:
    """Alle aktive tjenesteytere som (visningsnavn, søketekst, kan være koordinator); referansedata, delt av øktene."""
    return {t.id: (f"{t.navn} – {t.virksomhet}", f"{t.navn} {t.virksomhet}".lower(), t.kan_vaere_koordinator)
            for t in tjenesteytere(avhengigheter(), grense=1_000_000)}


def tjenesteytervalg(sok: str = "", beholde: Iterable[int] = (), *, bare_koordinatorer: bool = False,
                     grense: int = 100) -> dict[int, str]:
    """Tjenesteytere til en nedtrekksliste: treff på søket (alle ord), pluss de som allerede er valgt."""
    alle = _tjenesteytere()
    ord_ = sok.lower().split()
    treff = [i for i, (_, tekst, koord) in alle.items()
             if all(o in tekst for o in ord_) and (koord or not bare_koordinatorer)][:grense]
    return {i: alle[i][0] for i in dict.fromkeys([*beholde, *treff]) if i in alle}


def glem_tjenesteytere() -> None:
    """Tøm listen etter at registeret er endret."""
    _tjenesteytere.clear()


def ny_kjoring() -> datetime:
    """Les klokka én gang for denne kjøringen (UTC) og glem forrige kjørings aktør."""
    fast = st.session_state.get(FAST_NA)
    na_ = fast if isinstance(fast, datetime) and fast.tzinfo is not None else datetime.now(UTC)
    st.session_state[NA] = na_
    st.session_state.pop(AKTOR, None)
    return na_


def na() -> datetime:
    """Tidspunktet for denne kjøringen (UTC)."""
    verdi = st.session_state.get(NA)
    return verdi if isinstance(verdi, datetime) else ny_kjoring()


def idag() -> date:
    """Dagens dato i Europe/Oslo for denne kjøringen."""
    return lokal_dato(na())


def sett_aktor(aktor: Aktor) -> None:
    """Aktøren som er innlogget i denne kjøringen (satt av app.py etter innloggingskontrollen)."""
    st.session_state[AKTOR] = aktor


def aktor() -> Aktor | None:
    """Innlogget aktør for denne kjøringen, eller None."""
    verdi = st.session_state.get(AKTOR)
    return verdi if isinstance(verdi, Aktor) else None


def sider_for(rolle: Rolle) -> list[Side]:
    """Sidene rollen får se, i menyrekkefølge (nekt som standard: en side uten rollen finnes ikke for brukeren)."""
    return [s for s in SIDER if rolle in s.roller]


def krev_side(navn: str) -> Aktor:
    """Stopp siden med en melding hvis ingen er innlogget eller rollen ikke har tilgang til siden."""
    gjeldende = aktor()
    if gjeldende is None:
        st.error("Du er ikke logget inn.")
        st.stop()
    if gjeldende.rolle not in SIDE[navn].roller:
        st.error("Du har ikke tilgang til denne siden.")
        st.stop()
    return gjeldende


def gyldig_referanse(tekst: str | None) -> str | None:
    """Referansen hvis den har riktig form (f.eks. P-7F3A9C2K), ellers None."""
    renset = (tekst or "").strip().upper()
    return renset if _REFERANSE.fullmatch(renset) else None


def ta_imot_lenke() -> None:
    """Flytt `?ref=` fra en e-postlenke over i økten og fjern den fra adressen."""
    if "ref" in st.query_params:
        ref = gyldig_referanse(st.query_params.get("ref"))
        st.query_params.clear()
        if ref:
            st.session_state[LENKE] = ref


def valgt_person() -> str | None:
    """Referansen til personen som er valgt i økten."""
    verdi = st.session_state.get(PERSON)
    return verdi if isinstance(verdi, str) else None


def velg_person(referanse: str, side: str = "person") -> None:
    """Velg en person og be om personsiden (eller planen); brukes som `on_click`, så appen bytter side
    før noe annet kjøres. Referansen legges i økten, ikke i adressen."""
    st.session_state[PERSON] = referanse
    ga_til(side)


def ga_til(side: str) -> None:
    """Be appen bytte til siden ved neste kjøring (kan brukes i `on_click`)."""
    st.session_state[GA_TIL] = side


def hent_ga_til() -> str | None:
    """Siden som er bedt om, og glem forespørselen."""
    verdi = st.session_state.pop(GA_TIL, None)
    return verdi if isinstance(verdi, str) and verdi in SIDE else None
