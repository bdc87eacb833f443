"""Lederoversikt: kvartalskontrollen som trafikklys med regelen bak hvert funn, sakene bak et funn, nøkkeltall med
trend, nedlasting, lagrede kvartalsrapporter, KPR-eksport og forfalt arbeid i dag (lovkrav K2, K23, K28).

Siden regner ingenting selv: alt kommer fra `modeller.tjenester.leder` og dashbordets bruksområder, som sjekker
at brukeren er leder og logger oppslagene. Rapporten og nøkkeltallene hentes én gang per valgt kvartal og dag
i økten (se `leder_data`); «Hent tallene på nytt» henter dem igjen.
"""

from datetime import date

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from dashbord.sider import leder_arkiv, leder_data, leder_kvartal, leder_tall
from modeller.regler.nokkeltall import Periode, kvartal_for, periode, perioder_bakover, tolk_periode
from modeller.tjenester.leder import LagretRapport, lagrede_kvartalsrapporter

PERIODE = "leder_periode"
KVARTALER_I_LISTEN = 12


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


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("leder")
    st.title("Lederoversikt")
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
