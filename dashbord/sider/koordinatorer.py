"""Koordinatorer: caseload og opplæring, og forslag til koordinator for valgt person med forklart rangering."""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.begreper import Koordinatorrolle, Rolle
from modeller.tjenester.dashbord_oppslag import person_id_for
from modeller.tjenester.dashbord_oversikt import caseload, koordinatoroversikt
from modeller.tjenester.koordinator import NyKoordinator, foresla_koordinator, oppnevn_koordinator, registrer_opplaering
from modeller.tjenester.tilgang import Aktor

OVERSIKT, CASELOAD = "koordinatoroversikt", "caseload"
ROLLETEKST = {"koordinator": "Koordinator", "barnekoordinator": "Barnekoordinator"}


def _oversikt(aktor: Aktor) -> None:
    side = k.gjeldende_side(OVERSIKT)
    rader = k.utfor(lambda: koordinatoroversikt(tilstand.avhengigheter(), aktor, idag=tilstand.idag(),
                                                grense=side.grense, forskyvning=side.forskyvning))
    if rader is None:
        return
    for linje in k.sidevelger(OVERSIKT, side, rader):
        with st.container(border=True):
            if linje.opplaering_dato:
                k.merke(f"Opplært {k.norsk_dato(linje.opplaering_dato)}", "green")
            else:
                k.merke("Mangler opplæring", "orange")
            st.markdown(f"**{k.ren(linje.navn)}** – {k.ren(linje.virksomhet)}")
            st.caption(f"{linje.aktive_oppdrag} aktive koordinatoroppdrag")
    if aktor.rolle in (Rolle.LEDER, Rolle.SAKSBEHANDLER) and rader:
        valg = {r.tjenesteyter_id: r.navn for r in rader}
        with st.form("opplaering"):
            st.markdown("**Registrer koordinatoropplæring**")
            ty = st.selectbox("Koordinator", list(valg), format_func=lambda t: valg[t], key="oppl_ty")
            dato = st.date_input("Dato for opplæringen", value=tilstand.idag(), format="DD.MM.YYYY", key="oppl_dato")
            if st.form_submit_button("Registrer opplæring") and ty is not None:
                if k.utfor(lambda: registrer_opplaering(tilstand.avhengigheter(), aktor, ty, na=tilstand.na(),
                                                        dato=k.dato_eller(dato, tilstand.idag()) or tilstand.idag())):
                    k.flash(f"Opplæringen er registrert for {valg[ty]}.")
                    st.rerun()


def _caseload(aktor: Aktor) -> None:
    ty = aktor.tjenesteyter_id
    if aktor.rolle == Rolle.LEDER:
        sok = st.text_input("Finn koordinator", key="caseload_sok", max_chars=100)
        valgt = st.session_state.get("caseload_ty")
        valg = tilstand.tjenesteytervalg(sok, [valgt] if isinstance(valgt, int) else [], bare_koordinatorer=True)
        ty = st.selectbox("Vis personene til", [None, *valg], key="caseload_ty",
                          format_func=lambda t: "Velg koordinator …" if t is None else valg[t])
    if ty is None:
        return
    side = k.gjeldende_side(CASELOAD)
    rader = k.utfor(lambda: caseload(tilstand.avhengigheter(), aktor, idag=tilstand.idag(), tjenesteyter_id=ty,
                                     grense=side.grense, forskyvning=side.forskyvning))
    if rader is None:
        return
    viste = k.sidevelger(CASELOAD, side, rader)
    if not viste:
        st.info("Ingen aktive koordinatoroppdrag.")
    for r in viste:
        tekst, knapp = st.columns([5, 1])
        slutt = f", planlagt slutt {k.norsk_dato(r.planlagt_slutt)}" if r.planlagt_slutt else ""
        tekst.markdown(f"**{k.ren(r.person_navn)}** ({r.person_referanse}) – {ROLLETEKST.get(r.rolle, r.rolle)} fra "
                       f"{k.norsk_dato(r.fra)}{slutt}")
        knapp.button("Åpne", key=f"cl_{r.person_referanse}", on_click=tilstand.velg_person, args=(r.person_referanse,))


def _forslag(aktor: Aktor, referanse: str) -> None:
    avh, idag = tilstand.avhengigheter(), tilstand.idag()
    person_id = k.utfor(lambda: person_id_for(avh, referanse))
    if person_id is None:
        return
    st.markdown(f"Forslag for {referanse}. KE bestemmer; rangeringen er et forslag.")
    rangert = k.utfor(lambda: foresla_koordinator(avh, aktor, person_id, idag=idag))
    if not rangert:
        return
    for r in rangert[:10]:
        with st.expander(f"{r.plass}. {k.ren(r.kandidat.navn)}", expanded=r.plass == 1):
            for linje in r.forklaring:
                st.markdown(f"- {linje}")
    navn = {r.kandidat.id: f"{r.plass}. {r.kandidat.navn}" for r in rangert}
    with st.form("oppnevn"):
        st.markdown("**Oppnevn koordinator**")
        ty = st.selectbox("Koordinator", list(navn), format_func=lambda t: navn[t], key="opp_ty")
        rolle = st.selectbox("Rolle", [r.value for r in Koordinatorrolle], key="opp_rolle",
                             format_func=lambda r: ROLLETEKST[r])
        fra = st.date_input("Fra", value=idag, format="DD.MM.YYYY", key="opp_fra")
        onske = st.text_input("Personens eget ønske (valgfritt)", key="opp_onske", max_chars=300)
        onsket = st.selectbox("Ønsket koordinator (valgfritt)", [None, *navn], key="opp_onsket",
                              format_func=lambda t: "Ingen" if t is None else navn[t])
        begrunnelse = st.text_area("Begrunnelse (påkrevd når du ikke velger nr. 1 eller personens ønske)",
                                   key="opp_begrunnelse")
        sendt = st.form_submit_button("Oppnevn", type="primary")
    if sendt and ty is not None:
        skjema = NyKoordinator(person_id=person_id, tjenesteyter_id=ty, rolle=Koordinatorrolle(rolle),
                               fra=k.dato_eller(fra, idag), brukers_onske=onske or None, onsket_tjenesteyter_id=onsket,
                               begrunnelse=begrunnelse)
        if k.utfor(lambda: oppnevn_koordinator(avh, aktor, skjema, idag=idag, na=tilstand.na())):
            k.tom_skjema("opp_")
            k.flash("Koordinatoren er oppnevnt og får beskjed på e-post.")
            st.rerun()


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("koordinatorer")
    st.title("Koordinatorer")
    referanse = tilstand.valgt_person()
    faner = st.tabs(["Forslag for valgt person", "Koordinatorer og opplæring", "Personer per koordinator"])
    with faner[0]:
        if referanse:
            _forslag(aktor, referanse)
        else:
            st.info("Velg en person først (fra «Personer»), så foreslås koordinatorer med begrunnelse.")
    with faner[1]:
        _oversikt(aktor)
    with faner[2]:
        if aktor.rolle in (Rolle.KOORDINATOR, Rolle.LEDER):
            _caseload(aktor)
        else:
            st.caption("Koordinatorene ser sine egne personer her; lederen ser alle.")


vis()
