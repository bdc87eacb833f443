"""Det lederens side viser for ett kvartal, hentet fra bruksområdene én gang per kvartal og dag i økten.

Klassen ligger her og ikke i sidefilen, fordi Streamlit kjører sidefilen på nytt ved hver kjøring (en klasse
definert der ville være en ny klasse hver gang, og det lagrede objektet ville aldri bli kjent igjen).
"""

from dataclasses import dataclass
from datetime import date, datetime

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.nokkeltall import Periode
from modeller.tjenester.dashbord_oversikt import Koordinatorlinje, koordinatoroversikt
from modeller.tjenester.leder import Kvartalsrapport, Nokkeltall, kvartalskontroll, nokkeltall
from modeller.tjenester.tilgang import Aktor

DATA = "_leder_data"
TIDLIGERE = 4        # trenden viser kvartalet og de fire før
KOORDINATORER = 200  # største side koordinatoroversikten gir


@dataclass(frozen=True)
class Lederdata:
    """Kvartalsrapporten, nøkkeltallene og koordinatorene for ett kvartal, og når de ble hentet."""

    nokkel: tuple[str, date]
    hentet: datetime
    rapport: Kvartalsrapport
    tall: Nokkeltall
    koordinatorer: tuple[Koordinatorlinje, ...]


def glem() -> None:
    """Hent tallene på nytt ved neste kjøring (brukes som `on_click`)."""
    st.session_state.pop(DATA, None)


def hent(aktor: Aktor, p: Periode) -> Lederdata | None:
    """Fra økten når kvartalet og dagen er de samme, ellers fra bruksområdene (som sjekker tilgang og logger).

    Slik gir ikke hvert klikk på siden en ny utregning og en ny rad i tilgangsloggen.
    """
    nokkel = (p.navn, tilstand.idag())
    data = st.session_state.get(DATA)
    if isinstance(data, Lederdata) and data.nokkel == nokkel:
        return data
    avh, ar, kvartal, idag = tilstand.avhengigheter(), p.ar, p.kvartal or 1, tilstand.idag()
    rapport = k.utfor(lambda: kvartalskontroll(avh, ar=ar, kvartal=kvartal, na=tilstand.na(), aktor=aktor))
    tall = k.utfor(lambda: nokkeltall(avh, aktor, ar=ar, kvartal=kvartal, idag=idag, tidligere=TIDLIGERE))
    koordinatorer = k.utfor(lambda: koordinatoroversikt(avh, aktor, idag=idag, grense=KOORDINATORER))
    if rapport is None or tall is None or koordinatorer is None:
        return None
    data = Lederdata(nokkel, tilstand.na(), rapport, tall, tuple(koordinatorer))
    st.session_state[DATA] = data
    return data
