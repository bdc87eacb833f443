"""Lederoversikt: kvartalskontrollen som trafikklys med regelen bak hvert funn, sakene bak et funn, nøkkeltall med
trend, nedlasting, lagrede kvartalsrapporter, KPR-eksport og forfalt arbeid i dag (lovkrav K2, K23, K28).

Siden regner ingenting selv: alt kommer fra `modeller.tjenester.leder` og dashbordets bruksområder, som sjekker
at brukeren er leder og logger oppslagene. Rapporten og nøkkeltallene hentes én gang per valgt kvartal og dag
i økten (se `leder_data`); «Hent tallene på nytt» henter dem igjen. Øverst står et driftsvarsel med vei til siden
«Drift» når flytene eller utboksen ikke går (fra `driftsstatus`, hentet høyst én gang i minuttet per økt).
"""

from datetime import date, timedelta

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from dashbord.sider import leder_arkiv, leder_data, leder_kvartal, leder_tall
from modeller.regler.nokkeltall import Periode, kvartal_for, periode, perioder_bakover, tolk_periode
from modeller.tjenester.drift import Driftsvarsel, driftsstatus
from modeller.tjenester.leder import LagretRapport, lagrede_kvartalsrapporter
from modeller.tjenester.tilgang import Aktor

PERIODE = "leder_periode"
KVARTALER_I_LISTEN = 12
DRIFT = "_leder_driftsvarsler"
DRIFT_GYLDIG = timedelta(minutes=1)


def _periodetekst(navn: str, idag: date) -> str:
    p = tolk_periode(navn)
    return f"{p.kvartal}. kvartal {p.ar}" + (" (pågår)" if p.fra <= idag <= p.til else "")


def _velg_periode(lagrede: tuple[LagretRapport, ...]) -> Periode:
    """Kvartalet som vises: de siste tolv kvartalene og alle lagrede, nyeste først (standard: inneværende)."""
    idag = tilstand.idag()
    siste = perioder_bakover(periode(idag.year, kvartal_for(idag)), KVARTALER_I_LISTEN - 1)
    navn = {p.navn: p for p in (*siste, *(tolk_periode(r.periode) for r in lagrede))}
    valg = sorted(navn, key=lambda n: (navn[n].ar, navn[n].kvartal or 0), reverse=True)
    venstre, hoyre = st.columns([3, 1], vertical_alignment="bottom")
    valgt = venstre.selectbox("Kvartal", valg, format_func=lambda n: _periodetekst(n, idag), key=PERIODE)
    hoyre.button("Hent tallene på nytt", key="leder_hent_igjen", on_click=leder_data.glem,
                 help="Regner ut et pågående kvartal på nytt. Et lagret kvartal endrer seg ikke.")
    return navn[valgt or valg[0]]


def _driftsvarsler(aktor: Aktor) -> tuple[Driftsvarsel, ...]:
    """Driftsvarslene, hentet høyst én gang i minuttet per økt (de kommer fra Prefect, utboksen og loggen)."""
    na = tilstand.na()
    lagret = st.session_state.get(DRIFT)
    if isinstance(lagret, tuple) and len(lagret) == 2 and abs(na - lagret[0]) < DRIFT_GYLDIG:
        return tuple(lagret[1])
    status = k.utfor(lambda: driftsstatus(tilstand.avhengigheter(), aktor, na=na))
    varsler = status.varsler if status else ()
    st.session_state[DRIFT] = (na, varsler)
    return varsler


def _driftsbanner(aktor: Aktor) -> None:
    """Et varsel øverst når flytene eller utboksen ikke går, med vei til Drift-siden."""
    varsler = _driftsvarsler(aktor)
    if not varsler:
        return
    tekst = "; ".join(v.tekst for v in varsler)
    st.warning(f"**Driftsvarsel:** {tekst}. Påminnelser og oppgaver kan mangle til dette er rettet.",
               icon=":material/monitor_heart:")
    st.button("Åpne Drift", key="leder_til_drift", on_click=tilstand.ga_til, args=("drift",))


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("leder")
    st.title("Lederoversikt")
    _driftsbanner(aktor)
    st.caption(f"Per {k.norsk_dato(tilstand.idag())}. Innsyn i tilgangsloggen for én person finner du på personsiden.")
    lagrede = k.utfor(lambda: lagrede_kvartalsrapporter(tilstand.avhengigheter(), aktor))
    if lagrede is None:
        return
    p = _velg_periode(lagrede)
    data = leder_data.hent(aktor, p)
    if data is None:
        return
    st.caption(f"Tallene ble hentet {k.norsk_tid(data.hentet)}.")
    if data.rapport.ferdig and data.rapport.periode not in {r.periode for r in lagrede}:
        lagrede = k.utfor(lambda: lagrede_kvartalsrapporter(tilstand.avhengigheter(), aktor)) or lagrede
    kvartalet, tallene, arkiv, forfalt = st.tabs(["Kvartalskontroll", "Nøkkeltall", "Lagrede rapporter og KPR",
                                                 "Forfalt arbeid i dag"])
    with kvartalet:
        leder_kvartal.sammendrag(data.rapport)
        leder_kvartal.funnliste(aktor, data.rapport)
        leder_kvartal.nedlasting_funn(data.rapport)
    with tallene:
        leder_tall.nokkeltall(data.tall, data.koordinatorer, leder_data.KOORDINATORER)
    with arkiv:
        leder_arkiv.lagrede(lagrede)
        leder_arkiv.kpr(aktor)
    with forfalt:
        leder_arkiv.forfalt_arbeid(aktor)


vis()
