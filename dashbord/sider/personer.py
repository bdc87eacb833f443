"""Personer: søk på navn eller nummer blant personene brukeren har tjenstlig behov for."""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.tjenester.personoversikt import Personrad, sok_personer
from modeller.tjenester.tilgang import Aktor

LISTE = "personsok"


def _sok(aktor: Aktor, tekst: str) -> list[Personrad] | None:
    side = k.gjeldende_side(LISTE, 20)
    return k.utfor(lambda: sok_personer(tilstand.avhengigheter(), aktor, tekst, idag=tilstand.idag(),
                                        grense=side.grense, forskyvning=side.forskyvning))


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("personer")
    st.title("Personer")
    st.caption("Du finner bare personer du har tjenstlig behov for. Hvert søketreff logges.")
    with st.form("personsok_skjema"):
        tekst = st.text_input("Navn, fødselsdato (ddmmåå) eller fødselsnummer", key="sok_tekst", max_chars=100,
                              help="Skriv minst to tegn. Flere ord søker i fornavn og etternavn.")
        sendt = st.form_submit_button("Søk", type="primary")
    if sendt:
        k.til_side(LISTE, 1)
        st.session_state["sok_aktiv"] = tekst
    aktiv = st.session_state.get("sok_aktiv")
    if not aktiv:
        return
    rader = _sok(aktor, aktiv)
    if rader is None:
        return
    side = k.gjeldende_side(LISTE, 20)
    viste = k.sidevelger(LISTE, side, rader)
    if not viste:
        st.info("Ingen treff blant personene du har tilgang til.")
    for p in viste:
        with st.container(border=True):
            tekst_, knapp = st.columns([5, 1])
            tekst_.markdown(f"**{k.ren(p.navn)}**")
            tekst_.caption(f"Født {k.norsk_dato(p.fodselsdato)} · {p.identitetsnummer_maskert or 'uten nummer'}"
                           f" · {p.referanse}")
            knapp.button("Åpne", key=f"apne_person_{p.id}", on_click=tilstand.velg_person, args=(p.referanse,))


vis()
