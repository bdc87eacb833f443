"""Brukere og referansedata: systembrukere med roller, virksomheter, tjenesteytere og tjenestetyper.

Administrator forvalter tilganger og registre, men ser aldri saksinnhold (ingen personsider).
"""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from dashbord.innlogging import ROLLENAVN
from modeller.regler.begreper import Rolle, Sektor
from modeller.tjenester.dashbord_admin import (
    NyBruker,
    NyTjenesteyter,
    alle_tjenestetyper,
    endre_tilgang,
    endre_tjenestetype,
    list_brukere,
    opprett_bruker,
    opprett_tjenesteyter,
    opprett_virksomhet,
    sett_passord,
    virksomheter,
)
from modeller.tjenester.dashbord_oversikt import tjenesteytere
from modeller.tjenester.tilgang import Aktor

LISTE = "brukere"


def _lagret(melding: str, prefiks: str) -> None:
    k.tom_skjema(prefiks)
    k.flash(melding)
    st.rerun()


def _brukerliste(aktor: Aktor) -> dict[int, str]:
    sok = st.text_input("Søk etter brukernavn eller navn", key="bruker_sok", max_chars=100,
                        on_change=k.til_side, args=(LISTE, 1))
    side = k.gjeldende_side(LISTE)
    rader = list_brukere(tilstand.avhengigheter(), aktor, sok=sok, grense=side.grense, forskyvning=side.forskyvning)
    viste = k.sidevelger(LISTE, side, rader)
    st.dataframe([{"Brukernavn": b.brukernavn, "Navn": b.navn, "Rolle": ROLLENAVN.get(b.rolle, b.rolle),
                   "Status": "Aktiv" if b.aktiv else "Deaktivert", "Innlogging": ", ".join(
                       t for t, ja in (("passord", b.har_passord), ("OIDC", b.har_oidc)) if ja) or "e-post (OIDC)",
                   "Sist innlogget": k.norsk_tid(b.siste_innlogging)} for b in viste], hide_index=True)
    return {b.id: f"{b.brukernavn} ({b.navn})" for b in viste}


def _ny_bruker(aktor: Aktor, yterne: dict[int, str]) -> None:
    with st.form("bruker_ny"):
        st.markdown("**Ny bruker**")
        brukernavn = st.text_input("Brukernavn", key="nyb_brukernavn", max_chars=100)
        navn = st.text_input("Fullt navn", key="nyb_navn", max_chars=200)
        epost = st.text_input("E-post (brukes til å kjenne igjen OIDC-innlogging)", key="nyb_epost", max_chars=200)
        rolle = st.selectbox("Rolle", [r.value for r in Rolle], format_func=lambda r: ROLLENAVN[r], key="nyb_rolle")
        ty = st.selectbox("Tjenesteyter (påkrevd for koordinator)", [None, *yterne], key="nyb_ty",
                          format_func=lambda t: "Ingen" if t is None else yterne[t])
        passord = st.text_input("Passord for lokal konto (valgfritt, minst 12 tegn)", type="password",
                                key="nyb_passord", autocomplete="new-password")
        sendt = st.form_submit_button("Opprett bruker", type="primary")
    if sendt:
        skjema = NyBruker(brukernavn=brukernavn, navn=navn, rolle=rolle, epost=epost or None, passord=passord or None,
                          tjenesteyter_id=ty)
        if k.utfor(lambda: opprett_bruker(tilstand.avhengigheter(), aktor, skjema)):
            _lagret(f"Brukeren «{brukernavn}» er opprettet.", "nyb_")


def _endre_bruker(aktor: Aktor, brukere: dict[int, str], yterne: dict[int, str]) -> None:
    if not brukere:
        return
    with st.form("bruker_endre"):
        st.markdown("**Endre tilgang** (gjelder fra brukerens neste klikk)")
        bruker_id = st.selectbox("Bruker", list(brukere), format_func=lambda b: brukere[b], key="endb_id")
        rolle = st.selectbox("Rolle", [r.value for r in Rolle], format_func=lambda r: ROLLENAVN[r], key="endb_rolle")
        ty = st.selectbox("Tjenesteyter", [None, *yterne], key="endb_ty",
                          format_func=lambda t: "Ingen" if t is None else yterne[t])
        aktiv = st.checkbox("Aktiv", value=True, key="endb_aktiv")
        sendt = st.form_submit_button("Lagre tilgangen")
    if sendt and bruker_id is not None:
        if k.utfor(lambda: endre_tilgang(tilstand.avhengigheter(), aktor, bruker_id, rolle=rolle, aktiv=aktiv,
                                         tjenesteyter_id=ty)):
            _lagret(f"Tilgangen til {brukere[bruker_id]} er endret.", "endb_")
    with st.form("bruker_passord"):
        st.markdown("**Nytt passord**")
        bruker_id = st.selectbox("Bruker", list(brukere), format_func=lambda b: brukere[b], key="pwb_id")
        passord = st.text_input("Nytt passord (minst 12 tegn)", type="password", key="pwb_passord",
                                autocomplete="new-password")
        sendt = st.form_submit_button("Sett passord")
    if sendt and bruker_id is not None:
        def _sett() -> bool:
            sett_passord(tilstand.avhengigheter(), aktor, bruker_id, passord)
            return True

        if k.utfor(_sett):
            _lagret(f"Passordet til {brukere[bruker_id]} er endret.", "pwb_")


def _register(aktor: Aktor) -> None:
    avh = tilstand.avhengigheter()
    virk = {v.id: v.navn for v in virksomheter(avh) if v.id is not None}
    st.caption("De 200 første tjenesteyterne etter navn.")
    st.dataframe([{"Tjenesteyter": t.navn, "Virksomhet": t.virksomhet, "Kan være koordinator":
                   "Ja" if t.kan_vaere_koordinator else "Nei"} for t in tjenesteytere(avh, grense=200)],
                 hide_index=True)
    with st.form("ty_ny"):
        st.markdown("**Ny tjenesteyter**")
        navn = st.text_input("Navn", key="nyty_navn", max_chars=200)
        epost = st.text_input("Jobb-e-post (påminnelser sendes hit)", key="nyty_epost", max_chars=200)
        virksomhet = st.selectbox("Virksomhet", list(virk), format_func=lambda v: virk[v], key="nyty_virk")
        stilling = st.text_input("Stilling (valgfritt)", key="nyty_stilling", max_chars=100)
        koord = st.checkbox("Kan være koordinator", key="nyty_koord")
        if st.form_submit_button("Legg til tjenesteyter") and virksomhet is not None:
            skjema = NyTjenesteyter(navn=navn, epost=epost, virksomhet_id=virksomhet, stilling=stilling or None,
                                    kan_vaere_koordinator=koord)
            if k.utfor(lambda: opprett_tjenesteyter(avh, aktor, skjema)):
                tilstand.glem_tjenesteytere()
                _lagret(f"{navn} er lagt til.", "nyty_")
    with st.form("virk_ny"):
        st.markdown("**Ny virksomhet**")
        navn = st.text_input("Navn", key="nyv_navn", max_chars=200)
        sektor = st.selectbox("Sektor", [s.value for s in Sektor], key="nyv_sektor",
                              format_func=lambda s: s.replace("_", " ").capitalize())
        if st.form_submit_button("Legg til virksomhet"):
            if k.utfor(lambda: opprett_virksomhet(avh, aktor, navn, sektor)):
                _lagret(f"{navn} er lagt til.", "nyv_")


def _tjenestetyper(aktor: Aktor) -> None:
    typer = alle_tjenestetyper(tilstand.avhengigheter())
    st.dataframe([{"Kategori": t.kategori, "Tjeneste": t.navn, "Lovpålagt": "Ja" if t.lovpalagt else "Nei",
                   "Kan påklages": "Ja" if t.kan_paklages else "Nei"} for t in typer], hide_index=True)
    valg = {t.id: t for t in typer if t.id is not None}
    if not valg:
        return
    with st.form("tt_endre"):
        st.markdown("**Endre flagg for en tjenestetype** (styrer klageruten for nye vedtak)")
        tt = st.selectbox("Tjenestetype", list(valg), format_func=lambda t: valg[t].navn, key="tt_id")
        lovpalagt = st.checkbox("Lovpålagt helse- og omsorgstjeneste", key="tt_lov")
        klage = st.checkbox("Kan påklages", value=True, key="tt_klage")
        tidsbegrenset = st.checkbox("Vanligvis tidsbegrenset", key="tt_tid")
        if st.form_submit_button("Lagre flaggene") and tt is not None:
            if k.utfor(lambda: endre_tjenestetype(tilstand.avhengigheter(), aktor, tt, lovpalagt=lovpalagt,
                                                  kan_paklages=klage, typisk_tidsbegrenset=tidsbegrenset)):
                _lagret(f"Flaggene for «{valg[tt].navn}» er lagret.", "tt_")


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("admin")
    st.title("Brukere og referansedata")
    st.caption("Administrator forvalter tilganger og registre. Saksinnhold og personopplysninger vises ikke her.")
    faner = st.tabs(["Brukere", "Tjenesteytere og virksomheter", "Tjenestetyper"])
    with faner[0]:
        brukere = _brukerliste(aktor)
        sok = st.text_input("Finn tjenesteyter å koble til en bruker", key="adm_ty_sok", max_chars=100)
        yterne = tilstand.tjenesteytervalg(sok, [v for n in ("nyb_ty", "endb_ty")
                                                 if isinstance(v := st.session_state.get(n), int)])
        _ny_bruker(aktor, yterne)
        _endre_bruker(aktor, brukere, yterne)
    with faner[1]:
        _register(aktor)
    with faner[2]:
        _tjenestetyper(aktor)


vis()
