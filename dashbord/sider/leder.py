"""Lederoversikt: forfalt arbeid i hele KE, talt opp i SQL (bare antall, ingen personopplysninger).

Plassholder for ledersaken: tallene her er grunnlaget for kvartalskontroll og oppfølging.
"""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.tjenester.dashbord_leder import ledertall


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("leder")
    st.title("Lederoversikt")
    st.caption(f"Per {k.norsk_dato(tilstand.idag())}. Innsyn i tilgangsloggen for én person finner du på personsiden.")
    tall = k.utfor(lambda: ledertall(tilstand.avhengigheter(), aktor, idag=tilstand.idag()))
    if tall is None:
        return
    rad1 = st.columns(4)
    rad1[0].metric("Åpne oppgaver", tall.apne_oppgaver)
    rad1[1].metric("Forfalte oppgaver", tall.forfalte_oppgaver)
    rad1[2].metric("Forfalte evalueringer av tiltak", tall.forfalte_evalueringer)
    rad1[3].metric("Planer som skulle vært revidert", tall.forfalte_planrevisjoner)
    rad2 = st.columns(4)
    rad2[0].metric("Vedtak som skulle vært revurdert", tall.forfalte_revurderinger)
    rad2[1].metric("Referater som mangler", tall.referat_mangler)
    rad2[2].metric("Klager til behandling", tall.klager_til_behandling)
    rad2[3].metric("E-post som ikke kunne sendes", tall.dode_varsler)
    st.subheader("Forfalte oppgaver per type")
    if tall.forfalte_per_type:
        st.dataframe([{"Oppgave": navn, "Antall forfalte": antall} for navn, antall in tall.forfalte_per_type],
                     hide_index=True)
    else:
        st.success("Ingen forfalte oppgaver.")
    if tall.dode_varsler:
        st.button("Gå til varsler som ikke kunne sendes", on_click=tilstand.ga_til, args=("varsler",),
                  key="leder_til_varsler")


vis()
