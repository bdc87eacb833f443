"""Ansvarsgrupper og møter: kalenderliste, innkalling, gjennomført møte, referat og avlysning.

Møtene vises for grupper brukeren har tjenstlig behov for; ansvarsgrupper opprettes for valgt person.
"""

from datetime import time, timedelta

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.begreper import Motestatus
from modeller.tjenester.dashbord_oppslag import person_id_for
from modeller.tjenester.dashbord_oversikt import Moterad, grupper_for, motekalender
from modeller.tjenester.gruppe import NyAnsvarsgruppe, NyttMedlem, opprett_ansvarsgruppe
from modeller.tjenester.mote import avlys_mote, innkall_ansvarsgruppe, registrer_mote_gjennomfort, registrer_referat
from modeller.tjenester.tilgang import Aktor

LISTE = "motekalender"
STATUSVALG = {None: "Alle", Motestatus.PLANLAGT: "Planlagte", Motestatus.GJENNOMFORT: "Gjennomførte",
              Motestatus.AVLYST: "Avlyste"}


def _lagret(melding: str, prefiks: str) -> None:
    k.tom_skjema(prefiks)
    k.flash(melding)
    st.rerun()


def _kalender(aktor: Aktor) -> list[Moterad]:
    idag = tilstand.idag()
    venstre, midt, hoyre = st.columns(3)
    fra = venstre.date_input("Fra", value=idag - timedelta(days=14), format="DD.MM.YYYY", key="kal_fra",
                             on_change=k.til_side, args=(LISTE, 1))
    til = midt.date_input("Til", value=idag + timedelta(days=60), format="DD.MM.YYYY", key="kal_til",
                          on_change=k.til_side, args=(LISTE, 1))
    status = hoyre.selectbox("Status", list(STATUSVALG), format_func=lambda s: STATUSVALG[s], key="kal_status",
                             on_change=k.til_side, args=(LISTE, 1))
    side = k.gjeldende_side(LISTE)
    fra_, til_ = k.dato_eller(fra, idag) or idag, k.dato_eller(til, idag) or idag
    rader = k.utfor(lambda: motekalender(tilstand.avhengigheter(), aktor, idag=idag, fra=fra_, til=til_,
                                         status=status, grense=side.grense, forskyvning=side.forskyvning))
    if rader is None:
        return []
    viste = k.sidevelger(LISTE, side, rader)
    if not viste:
        st.info("Ingen møter i perioden.")
    for m in viste:
        with st.container(border=True):
            k.statusmerke(m.status)
            if m.status == "gjennomfort" and not m.har_referat:
                k.merke("Referat mangler", "orange")
            person = f" – {k.ren(m.person_navn)} ({m.person_referanse})" if m.person_navn else ""
            st.markdown(f"**{k.norsk_tid(m.start)}** · {k.tekst_for(k.GRUPPETEKST, m.gruppetype)}{person}")
            st.caption(f"{k.ren(m.gruppenavn)} · {k.ren(m.sted)}")
    return viste


def _innkall(aktor: Aktor, person_id: int | None) -> None:
    grupper = {g.id: f"{g.navn} ({k.tekst_for(k.GRUPPETEKST, g.gruppetype)})"
               + (f" – {g.person_referanse}" if g.person_referanse else "")
               for g in grupper_for(tilstand.avhengigheter(), aktor, idag=tilstand.idag(), person_id=person_id)}
    if not grupper:
        st.caption("Ingen grupper å kalle inn. Velg en person med ansvarsgruppe, eller opprett en gruppe.")
        return
    with st.form("mote_innkall"):
        st.markdown("**Kall inn til møte**")
        gruppe_id = st.selectbox("Gruppe", list(grupper), format_func=lambda g: grupper[g], key="innk_gruppe")
        dato = st.date_input("Ønsket dato (flyttes til neste virkedag ved behov)", value=None, format="DD.MM.YYYY",
                             key="innk_dato")
        klokkeslett = st.time_input("Klokkeslett", value=time(10, 0), key="innk_kl", step=timedelta(minutes=15))
        varighet = st.number_input("Varighet i minutter", min_value=15, max_value=480, value=90, step=15,
                                   key="innk_varighet")
        sted = st.text_input("Sted (valgfritt)", key="innk_sted", max_chars=200)
        sendt = st.form_submit_button("Kall inn", type="primary")
    if sendt and gruppe_id is not None:
        mote = k.utfor(lambda: innkall_ansvarsgruppe(
            tilstand.avhengigheter(), aktor, gruppe_id, idag=tilstand.idag(), na=tilstand.na(),
            onsket_dato=k.dato_eller(dato, None), klokkeslett=klokkeslett or time(10, 0), varighet_min=int(varighet),
            sted=sted or None))
        if mote:
            _lagret(f"Møtet er satt opp {k.norsk_tid(mote.start)}. Innkallinger med kalenderfil er lagt i utboksen.",
                    "innk_")


def _registrer(aktor: Aktor, viste: list[Moterad]) -> None:
    na = tilstand.na()
    planlagte = {m.mote_id: f"{k.norsk_tid(m.start)} – {m.gruppenavn}" for m in viste if m.status == "planlagt"}
    holdt = {i: t for i, t in planlagte.items() if next(m for m in viste if m.mote_id == i).start <= na}
    uten_referat = {m.mote_id: f"{k.norsk_tid(m.start)} – {m.gruppenavn}" for m in viste
                    if m.status == "gjennomfort" and not m.har_referat}
    avh, idag = tilstand.avhengigheter(), tilstand.idag()
    if holdt:
        with st.form("mote_holdt"):
            st.markdown("**Registrer møte som gjennomført**")
            mote_id = st.selectbox("Møte", list(holdt), format_func=lambda i: holdt[i], key="holdt_mote")
            if st.form_submit_button("Møtet er holdt") and mote_id is not None:
                if k.utfor(lambda: registrer_mote_gjennomfort(avh, aktor, mote_id, idag=idag, na=na)):
                    _lagret("Møtet er registrert som gjennomført. Neste møte er satt opp.", "holdt_")
    if uten_referat:
        with st.form("mote_referat"):
            st.markdown("**Skriv referat**")
            mote_id = st.selectbox("Møte", list(uten_referat), format_func=lambda i: uten_referat[i], key="ref_mote")
            referat = st.text_area("Referat (ansvarsgruppen fatter ikke vedtak)", key="ref_tekst")
            if st.form_submit_button("Lagre referatet") and mote_id is not None:
                if k.utfor(lambda: registrer_referat(avh, aktor, mote_id, referat, idag=idag, na=na)):
                    _lagret("Referatet er lagret.", "ref_")
    if planlagte:
        with st.form("mote_avlys"):
            st.markdown("**Avlys møte**")
            mote_id = st.selectbox("Møte", list(planlagte), format_func=lambda i: planlagte[i], key="avlys_mote")
            if st.form_submit_button("Avlys møtet") and mote_id is not None:
                if k.utfor(lambda: avlys_mote(avh, aktor, mote_id, idag=idag, na=na)):
                    _lagret("Møtet er avlyst. De som hadde fått innkalling, får avlysning.", "avlys_")


def _ny_gruppe(aktor: Aktor, person_id: int) -> None:
    sok = st.text_input("Finn medlemmer (navn eller virksomhet)", key="grp_ty_sok", max_chars=100)
    yterne = tilstand.tjenesteytervalg(sok, st.session_state.get("grp_medlemmer", []))
    with st.form("gruppe_ny"):
        st.markdown("**Opprett ansvarsgruppe for valgt person**")
        onske = st.checkbox("Personen ønsker ansvarsgruppe", key="grp_onske")
        navn = st.text_input("Navn", value="Ansvarsgruppe", key="grp_navn", max_chars=200)
        intervall = st.number_input("Møte hver … uke", min_value=1, max_value=52, value=12, key="grp_intervall")
        sted = st.text_input("Fast møtested (valgfritt)", key="grp_sted", max_chars=200)
        medlemmer = st.multiselect("Medlemmer", list(yterne), format_func=lambda t: yterne[t], key="grp_medlemmer")
        bruker = st.checkbox("Personen selv er medlem", value=True, key="grp_bruker")
        sendt = st.form_submit_button("Opprett gruppen")
    if sendt:
        alle = tuple(NyttMedlem(tjenesteyter_id=t) for t in medlemmer)
        if bruker:
            alle += (NyttMedlem(er_bruker=True),)
        skjema = NyAnsvarsgruppe(brukers_onske=onske, navn=navn, intervall_uker=int(intervall), sted=sted,
                                 medlemmer=alle)
        if k.utfor(lambda: opprett_ansvarsgruppe(tilstand.avhengigheter(), aktor, person_id, skjema,
                                                 idag=tilstand.idag())):
            _lagret("Ansvarsgruppen er opprettet.", "grp_")


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("moter")
    st.title("Ansvarsgrupper og møter")
    referanse = tilstand.valgt_person()
    person_id = None
    if referanse:
        person_id = k.utfor(lambda: person_id_for(tilstand.avhengigheter(), referanse))
        st.caption(f"Valgt person: {referanse}. Innkalling og ny ansvarsgruppe gjelder denne personen.")
    viste = _kalender(aktor)
    st.divider()
    faner = st.tabs(["Kall inn", "Registrer og referat", "Ny ansvarsgruppe"])
    with faner[0]:
        _innkall(aktor, person_id)
    with faner[1]:
        _registrer(aktor, viste)
    with faner[2]:
        if person_id is None:
            st.caption("Velg en person (fra «Personer») for å opprette en ansvarsgruppe.")
        else:
            _ny_gruppe(aktor, person_id)


vis()
