"""Drift: går flytene, tømmes utboksen, og har Prefect-serveren feil? For leder og administrator.

Siden regner ingenting selv: alt kommer fra bruksområdet `driftsstatus`. Tekst fra Prefect og loggen er data,
ikke markdown: den vises i tabeller (ren tekst) eller gjennom `komponenter.ren` (markdowntegnene escapet).
"""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.tjenester.drift import Driftsstatus, driftsstatus


def _varsler(status: Driftsstatus) -> None:
    if not status.varsler:
        st.success("Ingen driftsvarsler: flytene går, og utboksen tømmes.")
    for v in status.varsler:
        st.error(f"**{v.tekst}**  \n{k.ren(v.detalj)}", icon=":material/warning:")


def _utrullinger(status: Driftsstatus) -> None:
    st.subheader("Utrullinger")
    if status.prefect_feil:
        st.caption("Prefect svarer ikke, så utrullingene kan ikke vises.")
        return
    if not status.utrullinger:
        st.info("Prefect kjenner ingen utrullinger. Kjører flyttjeneren («enheten start»)?")
        return
    feilende = [u for u in status.utrullinger if u.feiler]
    for u in feilende:
        st.warning(k.ren(f"{u.flyt}/{u.navn}: {u.problem} {u.siste_melding or ''}".strip()), icon=":material/error:")
    st.dataframe([{
        "Flyt": u.flyt, "Utrulling": u.navn, "Tidsplan": u.tidsplan, "Siste kjøring": k.norsk_tid(u.siste_tid),
        "Tilstand": u.siste_tilstand or "–", "Melding": u.siste_melding or "", "Siste vellykkede":
        k.norsk_tid(u.siste_vellykkede), "Neste kjøring": k.norsk_tid(u.neste), "Feiler": "Ja" if u.feiler else "Nei",
    } for u in status.utrullinger], hide_index=True)


def _utboks(status: Driftsstatus) -> None:
    st.subheader("Utboks")
    u = status.utboks
    minutter = u.eldste_minutter_i_arbeidstid
    venstre, midten, hoyre = st.columns(3)
    venstre.metric("Venter", u.ventende)
    midten.metric("Eldste forfalte venter (i arbeidstiden)",
                  "–" if minutter is None else f"{minutter // 60} t {minutter % 60} min")
    hoyre.metric("Kunne ikke sendes", u.dode)
    if u.eldste_forfalt is not None:
        st.caption(f"Eldste forfalte e-post har ventet siden {k.norsk_tid(u.eldste_forfalt)}.")


def _logg(status: Driftsstatus) -> None:
    st.subheader("Feil i Prefect-loggen")
    logg = status.logg
    if not logg.finnes:
        st.caption("Fant ingen Prefect-logg i datamappen.")
        return
    st.caption(f"{logg.antall} feil siden Prefect-serveren sist startet; de {len(logg.feil)} siste vises.")
    if logg.feil:
        st.dataframe([{"Tid": f.tid or "–", "Kilde": f.kilde, "Planleggeren": "Ja" if f.planlegger else "Nei",
                       "Melding": f.melding} for f in reversed(logg.feil)], hide_index=True)


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("drift")
    st.title("Drift")
    status = k.utfor(lambda: driftsstatus(tilstand.avhengigheter(), aktor, na=tilstand.na()))
    if status is None:
        return
    st.caption(f"Per {k.norsk_tid(status.na)}. Prefect-API: {k.ren(status.prefect_adresse)}.")
    st.button("Hent på nytt", key="drift_hent")
    _varsler(status)
    _utrullinger(status)
    _utboks(status)
    _logg(status)


vis()
