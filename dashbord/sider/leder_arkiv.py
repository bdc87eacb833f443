"""Lederens lagrede kvartalsrapporter, KPR-eksporten og forfalt arbeid i dag (bare visning og knapper; tallene,
filen og loggingen lages av bruksområdene i `modeller.tjenester`)."""

from collections.abc import Sequence

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.tjenester.dashbord_leder import ledertall
from modeller.tjenester.leder import Kpreksport, LagretRapport, kpr_eksport
from modeller.tjenester.tilgang import Aktor

KPR = "_leder_kpr"
PERSONVERN = ("**Filen inneholder fødselsnummer.** Den lastes ikke ned her, men skrives til mappen «eksport» i "
              "datamappen på serveren, der bare tjenestekontoen kan lese den. Hver person i filen føres i "
              "tilgangsloggen. Send filen til KPR på kommunens sikre måte innen fristen (2.–15. januar) og slett "
              "den etterpå.")


def lagrede(rapporter: Sequence[LagretRapport]) -> None:
    """Oversikten over lagrede kvartalsrapporter (øyeblikksbildene), nyeste først."""
    st.subheader("Lagrede kvartalsrapporter")
    if not rapporter:
        st.info("Ingen kvartalsrapporter er lagret ennå. Rapporten lagres når et kvartal er over.")
        return
    st.dataframe([{"Kvartal": r.periode, "Per dato": k.norsk_dato(r.dato), "Laget": k.norsk_tid(r.laget),
                   "Funn med avvik": r.avvik, "Brudd": r.brudd} for r in rapporter], hide_index=True)
    st.caption("Velg kvartalet øverst på siden for å se hele rapporten. Et lagret kvartal endrer seg ikke.")


def _vis_kpr(eksport: Kpreksport) -> None:
    st.success(f"KPR-filen for {eksport.ar} er skrevet til {eksport.sti}")
    kolonner = st.columns(4)
    kolonner[0].metric("Personer i filen", eksport.antall)
    kolonner[1].metric("Med individuell plan", eksport.med_ip)
    kolonner[2].metric("Med koordinator", eksport.med_koordinator)
    kolonner[3].metric("Med barnekoordinator", eksport.med_barnekoordinator)
    if eksport.uten_identitetsnummer:
        st.warning(f"{eksport.uten_identitetsnummer} personer har ikke fødselsnummer og kunne ikke tas med i filen.")


def kpr(aktor: Aktor) -> None:
    """Lag KPR-filen for et år (status per 31. desember); viser stien og antallene."""
    st.subheader("Rapportering til KPR")
    st.markdown(PERSONVERN)
    idag = tilstand.idag()
    ar = st.selectbox("År (status per 31. desember)", list(range(idag.year, idag.year - 7, -1)), index=1,
                      key="leder_kpr_ar")
    if st.button(f"Lag KPR-fil for {ar}", key="leder_kpr_lag") and ar is not None:
        eksport = k.utfor(lambda: kpr_eksport(tilstand.avhengigheter(), aktor, ar=ar, na=tilstand.na()))
        if eksport is not None:
            st.session_state[KPR] = eksport
    lagret = st.session_state.get(KPR)
    if isinstance(lagret, Kpreksport) and lagret.ar == ar:
        _vis_kpr(lagret)


def forfalt_arbeid(aktor: Aktor) -> None:
    """Forfalt og ventende arbeid i hele KE i dag (bare antall)."""
    tall = k.utfor(lambda: ledertall(tilstand.avhengigheter(), aktor, idag=tilstand.idag()))
    if tall is None:
        return
    st.caption(f"Tallene gjelder i dag, {k.norsk_dato(tilstand.idag())}, uansett hvilket kvartal som er valgt.")
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
    if tall.forfalte_per_type:
        st.dataframe([{"Oppgave": navn, "Antall forfalte": antall} for navn, antall in tall.forfalte_per_type],
                     hide_index=True)
    else:
        st.success("Ingen forfalte oppgaver.")
    if tall.dode_varsler:
        st.button("Gå til varsler som ikke kunne sendes", on_click=tilstand.ga_til, args=("varsler",),
                  key="leder_til_varsler")
