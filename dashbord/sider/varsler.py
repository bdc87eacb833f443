"""Varsler og e-post: utboksen med tilstander, døde varsler som kan sendes på nytt, og den lokale e-posten.

Utboksen viser ingen personopplysninger (type, mottakerens jobbadresse, forfall, tilstand). Et dødt
varsel sendes aldri automatisk igjen; «Send på nytt» er det manuelle steget, og det logges.
"""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.lokal_smtp import les_maildir
from modeller.regler.begreper import Rolle, Varselstatus
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.varsler import KAN_SENDE_PA_NYTT, Varselrad, list_varsler, send_pa_nytt, tell_varsler

LISTE = "utboks"
STATUSVALG: dict[str | None, str] = {
    Varselstatus.DOD.value: "Kunne ikke sendes", None: "Alle", Varselstatus.VENTER.value: "Venter",
    Varselstatus.SENDT.value: "Sendt", Varselstatus.KANSELLERT.value: "Kansellert",
    Varselstatus.SENDER.value: "Sendes nå",
}


def _tall() -> None:
    antall = tell_varsler(tilstand.avhengigheter())
    kolonner = st.columns(5)
    for kolonne, status in zip(kolonner, ("dod", "venter", "sender", "sendt", "kansellert"), strict=True):
        kolonne.metric(k.statustekst(status)[0], antall.get(status, 0))


def _rad(aktor: Aktor, v: Varselrad) -> None:
    with st.container(border=True):
        venstre, hoyre = st.columns([5, 1])
        with venstre:
            k.statusmerke(v.status)
            st.markdown(f"**{v.varseltype.replace('_', ' ').capitalize()}** til {k.ren(v.mottaker_epost)}")
            detaljer = [f"Forfall {k.norsk_dato(v.forfallsdato)}", f"{v.forsok} forsøk"]
            if v.sendt:
                detaljer.append(f"sendt {k.norsk_tid(v.sendt)}")
            st.caption(" · ".join(detaljer))
            if v.siste_feil:
                st.caption(f"Siste feil: {k.ren(v.siste_feil)}")
        kan = aktor.rolle in KAN_SENDE_PA_NYTT and v.status in (Varselstatus.DOD, Varselstatus.KANSELLERT)
        if kan and hoyre.button("Send på nytt", key=f"igjen_{v.id}"):
            if k.utfor(lambda: send_pa_nytt(tilstand.avhengigheter(), aktor, v.id, na=tilstand.na())):
                k.flash(f"Varselet til {v.mottaker_epost} sendes ved neste utsending.")
                st.rerun()


def _utboks(aktor: Aktor) -> None:
    status = st.selectbox("Vis", list(STATUSVALG), format_func=lambda s: STATUSVALG[s], key="utboks_status",
                          on_change=k.til_side, args=(LISTE, 1))
    side = k.gjeldende_side(LISTE)
    rader = k.utfor(lambda: list_varsler(tilstand.avhengigheter(), status=status, grense=side.grense,
                                         forskyvning=side.forskyvning))
    if rader is None:
        return
    viste = k.sidevelger(LISTE, side, rader)
    if not viste:
        st.info("Ingen varsler her.")
    for v in viste:
        _rad(aktor, v)


def _lokal_epost() -> None:
    innst = tilstand.avhengigheter().innstillinger
    if innst.smtp_host:
        st.caption(f"E-post sendes via {innst.smtp_host}; den lokale postkassen brukes ikke.")
        return
    eposter = les_maildir(innst.maildir, grense=20)
    st.caption(f"E-post som er «sendt» til den lokale mottakeren ({innst.maildir}), nyeste først.")
    if not eposter:
        st.info("Ingen e-post ennå.")
    for e in eposter:
        with st.expander(f"{k.norsk_tid(e.tidspunkt)} – {k.ren(e.emne)} – til {k.ren(e.til)}"):
            st.text(e.tekst)


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("varsler")
    st.title("Varsler og e-post")
    _tall()
    if aktor.rolle == Rolle.ADMIN:
        st.caption("Du kan se utboksen. Leder og saksbehandler i KE kan sende varsler på nytt.")
    faner = st.tabs(["Utboks", "Lokal e-post"])
    with faner[0]:
        _utboks(aktor)
    with faner[1]:
        _lokal_epost()


vis()
