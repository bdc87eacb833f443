"""Mine oppgaver: køen brukeren eier eller deler med rollen, forfalte først; fullfør med notat."""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.begreper import Oppgavestatus
from modeller.tjenester.dashbord_oppslag import Oppgaverad, fullfor, mine_oppgaver
from modeller.tjenester.tilgang import Aktor

LISTE = "oppgaver"
EIERVALG = {"alle": "Mine og rollens felles kø", "meg": "Bare mine egne"}
STATUSVALG = {Oppgavestatus.APEN: "Åpne", Oppgavestatus.FULLFORT: "Fullførte", Oppgavestatus.AVBRUTT: "Avbrutte"}


def _filter() -> tuple[Oppgavestatus, str | None]:
    venstre, hoyre = st.columns(2)
    status = venstre.selectbox("Status", list(STATUSVALG), format_func=lambda s: STATUSVALG[s], key="oppg_status",
                               on_change=k.til_side, args=(LISTE, 1))
    eier = hoyre.selectbox("Vis", list(EIERVALG), format_func=lambda e: EIERVALG[e], key="oppg_eier",
                           on_change=k.til_side, args=(LISTE, 1))
    return status, (None if eier == "alle" else eier)


def _rad(o: Oppgaverad) -> None:
    with st.container(border=True):
        tekst, knapp = st.columns([5, 1])
        with tekst:
            if o.status == "apen":
                k.fristmerke(o.frist, tilstand.idag())
            else:
                k.statusmerke(o.status)
            st.markdown(f"**{k.ren(o.tittel)}**")
            if o.person_navn:
                gjelder = f"{k.ren(o.person_navn)} ({o.person_referanse})"
            else:
                gjelder = "en person du ikke har tilgang til" if o.gjelder_person else "ingen enkeltperson"
            st.caption(f"Gjelder: {gjelder} · {'Felles kø for rollen' if o.felles_ko else 'Tildelt deg'}")
        if o.person_referanse:
            knapp.button("Åpne person", key=f"apne_{o.id}", on_click=tilstand.velg_person,
                         args=(o.person_referanse,))


def _fullfor_skjema(aktor: Aktor, apne: list[Oppgaverad]) -> None:
    if not apne:
        return
    st.subheader("Fullfør en oppgave")
    valg = {o.id: f"{k.norsk_dato(o.frist)} – {o.tittel}" + (f" – {o.person_referanse}" if o.person_referanse else "")
            for o in apne}
    with st.form("fullfor_oppgave"):
        oppgave_id = st.selectbox("Oppgave", list(valg), format_func=lambda i: valg[i], key="fullfor_id")
        notat = st.text_area("Notat (valgfritt)", key="fullfor_notat", max_chars=2000,
                             help="Hva ble gjort? Notatet lagres på oppgaven.")
        sendt = st.form_submit_button("Marker som fullført", type="primary")
    if sendt and oppgave_id is not None:
        if k.utfor(lambda: fullfor(tilstand.avhengigheter(), aktor, oppgave_id, na=tilstand.na(), notat=notat)):
            k.flash(f"Oppgaven «{valg[oppgave_id]}» er fullført.")
            k.tom_skjema("fullfor_")
            st.rerun()


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("mine_oppgaver")
    st.title("Mine oppgaver")
    status, eier = _filter()
    side = k.gjeldende_side(LISTE)
    rader = mine_oppgaver(tilstand.avhengigheter(), aktor, idag=tilstand.idag(), status=status, eier=eier,
                          grense=side.grense, forskyvning=side.forskyvning)
    viste = k.sidevelger(LISTE, side, rader) if rader or side.nummer > 1 else []
    if not viste:
        st.info("Ingen oppgaver her. Godt jobbet!" if status == Oppgavestatus.APEN else "Ingen oppgaver å vise.")
    for o in viste:
        _rad(o)
    if status == Oppgavestatus.APEN:
        _fullfor_skjema(aktor, viste)


vis()
