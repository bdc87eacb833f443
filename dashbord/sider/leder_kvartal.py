"""Lederens kvartalskontroll i dashbordet: funnene som trafikklys med tekst, regelen bak, sakene bak et funn og
nedlasting. Bare visning: tallene og saksreferansene kommer fra `modeller.tjenester.leder`, som sjekker at
brukeren er leder og logger hvert oppslag av saksreferanser (også hver nedlasting av en saksliste).
"""

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.oppsett import Avhengigheter
from modeller.tjenester.dashbord_oppslag import person_for_referanse
from modeller.tjenester.leder import Funn, Kvartalsrapport, funn_som_rader, saker_i_funn, som_csv, som_excel
from modeller.tjenester.leder.eksport import saker_som_rader
from modeller.tjenester.tilgang import Aktor

FUNNMERKE: dict[str, tuple[str, k.Farge]] = {"ok": ("OK", "green"), "advarsel": ("Advarsel", "orange"),
                                             "brudd": ("Brudd", "red")}
CSV, EXCEL = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALGT = "leder_valgt_funn"       # (periode, kode) for funnet lederen har bedt om sakene bak
SAKER = "_leder_saker"           # (periode, kode, referanser) etter det loggede oppslaget
ADVARSEL = "_leder_advarsel"     # melding når en referanse ikke lenger peker til en person
VISTE_SAKER = 60                 # flere enn dette: last ned listen


def funnmerke(status: str) -> tuple[str, k.Farge]:
    """Merketekst og farge for funnstatusen; teksten alene sier hva statusen er."""
    return FUNNMERKE.get(str(status), (str(status).capitalize(), "gray"))


def sammendrag(rapport: Kvartalsrapport) -> None:
    """Antall brudd, advarsler og funn uten avvik, og hvilken dato tallene gjelder per."""
    ant = {s: sum(1 for f in rapport.funn if str(f.status) == s) for s in FUNNMERKE}
    kolonner = st.columns(3)
    kolonner[0].metric("Brudd", ant["brudd"])
    kolonner[1].metric("Advarsler", ant["advarsel"])
    kolonner[2].metric("OK", ant["ok"])
    if rapport.fra_lager:
        st.caption(f"Lagret øyeblikksbilde per {k.norsk_dato(rapport.dato)}, laget {k.norsk_tid(rapport.laget)}. "
                   "Et avsluttet kvartal endrer seg ikke når data endres senere.")
    elif rapport.ferdig:
        st.caption(f"Per {k.norsk_dato(rapport.dato)} (kvartalets siste dag).")
    else:
        st.caption(f"Kvartalet pågår: tallene gjelder per {k.norsk_dato(rapport.dato)} og lagres som øyeblikksbilde "
                   "når kvartalet er over.")


def _velg_funn(periode: str, kode: str) -> None:
    st.session_state[VALGT] = (periode, kode)
    st.session_state.pop(SAKER, None)
    st.session_state.pop(ADVARSEL, None)


def _lukk() -> None:
    for nokkel in (VALGT, SAKER, ADVARSEL):
        st.session_state.pop(nokkel, None)


def _funnrad(aktor: Aktor, rapport: Kvartalsrapport, f: Funn) -> None:
    with st.container(border=True):
        merke, tekst, knapp = st.columns([0.9, 6, 1.3], vertical_alignment="center")
        with merke:
            k.merke(*funnmerke(f.status))
        tekst.markdown(f"**{f.tittel}**: {f.antall}")
        if str(f.status) != "ok":
            knapp.button("Vis saker", key=f"leder_vis_{f.kode}", on_click=_velg_funn, args=(rapport.periode, f.kode),
                         help="Viser referansene til sakene bak funnet. Oppslaget logges.")
        for merknad in f.merknader:
            st.caption(merknad)
        with st.expander("Hvorfor – regelen og kilden"):
            st.markdown(f.regel)
            st.caption(f"Kilde: {f.kilde}")
            if f.fordeling:
                st.dataframe([{"Gruppert etter": d.gruppe, "Navn": d.navn, "Antall": d.antall} for d in f.fordeling],
                             hide_index=True)
        if st.session_state.get(VALGT) == (rapport.periode, f.kode):
            _saker_bak_funn(aktor, rapport, f)


def funnliste(aktor: Aktor, rapport: Kvartalsrapport) -> None:
    """Hvert funn som én rad: merke med tekst (OK / Advarsel / Brudd), tittel, antall og regelen bak; under
    funnet lederen har valgt, står sakene bak det."""
    for f in rapport.funn:
        _funnrad(aktor, rapport, f)


def nedlasting_funn(rapport: Kvartalsrapport) -> None:
    """Funnlisten som CSV og Excel (uten saksreferanser)."""
    rader = funn_som_rader(rapport)
    venstre, hoyre = st.columns(2)
    venstre.download_button("Last ned funnene (CSV)", som_csv(rader), mime=CSV,
                            file_name=f"kvartalskontroll-{rapport.periode}.csv", key="leder_funn_csv",
                            on_click="ignore")
    hoyre.download_button("Last ned funnene (Excel)", som_excel(rader, ark=rapport.periode), mime=EXCEL,
                          file_name=f"kvartalskontroll-{rapport.periode}.xlsx", key="leder_funn_excel",
                          on_click="ignore")


def saksliste(avh: Avhengigheter, aktor: Aktor, *, ar: int, kvartal: int, na: datetime, kode: str,
              excel: bool = False) -> bytes:
    """Referansene bak ett funn som CSV eller Excel; hentes gjennom `saker_i_funn`, så hver nedlasting logges."""
    rader = saker_som_rader(saker_i_funn(avh, aktor, ar=ar, kvartal=kvartal, na=na, kode=kode))
    return som_excel(rader, ark="Saker") if excel else som_csv(rader)


def _apne_sak(referanse: str) -> None:
    """Åpne personen bak en P-, S- eller IP-referanse på personsiden (tilgangen sjekkes og logges der)."""
    person = person_for_referanse(tilstand.avhengigheter(), referanse)
    if person is None:
        st.session_state[ADVARSEL] = f"Fant ingen person bak {referanse}; saken kan være slettet."
        return
    tilstand.velg_person(person)


def _hent_saker(aktor: Aktor, rapport: Kvartalsrapport, kode: str) -> tuple[str, ...] | None:
    lagret = st.session_state.get(SAKER)
    if isinstance(lagret, tuple) and lagret[:2] == (rapport.periode, kode):
        return tuple(lagret[2])
    svar = k.utfor(lambda: saker_i_funn(tilstand.avhengigheter(), aktor, ar=rapport.ar, kvartal=rapport.kvartal,
                                        na=tilstand.na(), kode=kode))
    if svar is None:
        return None
    st.session_state[SAKER] = (rapport.periode, kode, svar.get(kode, ()))
    return svar.get(kode, ())


def _nedlasting_saker(aktor: Aktor, rapport: Kvartalsrapport, kode: str) -> None:
    avh, na = tilstand.avhengigheter(), tilstand.na()

    def data(excel: bool) -> Callable[[], bytes]:
        return lambda: saksliste(avh, aktor, ar=rapport.ar, kvartal=rapport.kvartal, na=na, kode=kode, excel=excel)

    navn = f"saker-{rapport.periode}-{kode}"
    venstre, hoyre = st.columns(2)
    venstre.download_button("Last ned sakslisten (CSV)", data(False), file_name=f"{navn}.csv", mime=CSV,
                            key="leder_saker_csv", on_click="ignore")
    hoyre.download_button("Last ned sakslisten (Excel)", data(True), file_name=f"{navn}.xlsx", mime=EXCEL,
                          key="leder_saker_excel", on_click="ignore")


def _saker_bak_funn(aktor: Aktor, rapport: Kvartalsrapport, f: Funn) -> None:
    """Sakene bak funnet lederen valgte: én knapp per referanse som åpner personen, og nedlasting av listen."""
    st.subheader(f"Saker bak «{f.tittel}»")
    if advarsel := st.session_state.pop(ADVARSEL, None):
        st.warning(advarsel)
    saker = _hent_saker(aktor, rapport, f.kode)
    if saker is None:
        return
    if not saker:
        st.info("Ingen enkeltsaker ligger bak dette funnet (det gjelder møter eller oppgaver uten person).")
    else:
        st.caption(f"{len(saker)} ulike referanser. Knappen åpner personen saken gjelder; oppslaget er logget.")
        kolonner = st.columns(4)
        for i, ref in enumerate(saker[:VISTE_SAKER]):
            kolonner[i % 4].button(ref, key=f"leder_sak_{f.kode}_{ref}", on_click=_apne_sak, args=(ref,),
                                   help=f"Åpne personen bak {ref}", width="stretch")
        if len(saker) > VISTE_SAKER:
            st.caption(f"Viser de første {VISTE_SAKER}. Last ned listen for å se alle.")
        _nedlasting_saker(aktor, rapport, f.kode)
    st.button("Lukk sakslisten", key="leder_lukk_saker", on_click=_lukk)
