"""Individuell plan for valgt person: mål, tiltak med ansvarlig og evaluering, mangler etter forskriften."""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from dashbord.sider import planskjema as skjema
from modeller.tabeller import IndividuellPlan
from modeller.tjenester.dashbord_plan import Plandetaljer, hent_plandetaljer
from modeller.tjenester.plan import aktiver_plan, sjekk_planinnhold_for
from modeller.tjenester.tilgang import Aktor


def _hode(aktor: Aktor, d: Plandetaljer, plan: IndividuellPlan) -> None:
    idag = tilstand.idag()
    st.title(f"Individuell plan – {k.ren(d.person_navn)}")
    k.statusmerke(plan.status)
    periode = f"{k.norsk_dato(plan.periode_fra)} – {k.norsk_dato(plan.periode_til, 'løpende')}"
    st.caption(f"Plan {plan.referanse} · Planperiode {periode}")
    if plan.neste_revisjon:
        k.datomerke("Neste revisjon", plan.neste_revisjon, idag)
    if plan.status == "utkast" and st.button("Aktiver planen", key="aktiver_plan", type="primary"):
        if k.utfor(lambda: aktiver_plan(tilstand.avhengigheter(), aktor, plan.id or 0,
                                        versjon=skjema.sett_versjon(plan), idag=idag, na=tilstand.na())):
            skjema.lagret("Planen er aktivert.", plan)
    for tittel, tekst in (("Ressurser og behov", plan.ressurser_og_behov), ("Personens eget bidrag", plan.bidrag),
                          ("Samarbeid", plan.samarbeid)):
        if tekst:
            st.markdown(f"**{tittel}:** {k.ren(tekst)}")


def _mangler(aktor: Aktor, plan: IndividuellPlan) -> None:
    if not st.toggle("Sjekk planen mot innholdskravene i forskriften", key="vis_mangler"):
        return
    mangler = k.utfor(lambda: sjekk_planinnhold_for(tilstand.avhengigheter(), aktor, plan.id or 0,
                                                    idag=tilstand.idag()))
    if mangler is None:
        return
    if not mangler:
        st.success("Planen har alt forskriften krever.")
    for m in mangler:
        st.warning(f"§ 19 {m.bokstav}: {m.tekst}")


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("plan")
    referanse = tilstand.valgt_person()
    if referanse is None:
        st.title("Individuell plan")
        st.info("Velg en person først, fra «Personer» eller «Mine oppgaver».")
        st.button("Gå til personsøk", on_click=tilstand.ga_til, args=("personer",), key="plan_til_sok")
        return
    d = k.utfor(lambda: hent_plandetaljer(tilstand.avhengigheter(), aktor, referanse, idag=tilstand.idag()))
    if d is None:
        return
    st.button("← Tilbake til personen", on_click=tilstand.ga_til, args=("person",), key="plan_til_person")
    plan = d.plan
    if plan is None or plan.status == "avsluttet":
        st.title(f"Individuell plan – {k.ren(d.person_navn)}")
        if plan is not None:
            st.info(f"Siste plan ({plan.referanse}) ble avsluttet {k.norsk_dato(plan.avsluttet_dato)}.")
        skjema.opprett(aktor, d)
        return
    _hode(aktor, d, plan)
    _mangler(aktor, plan)
    skjema.vis_mal_og_tiltak(d)
    faner = st.tabs(["Evaluer tiltak", "Nytt tiltak", "Nytt mål", "Endre planen", "Revisjon og avslutning"])
    with faner[0]:
        skjema.evaluer(aktor, d, plan)
    with faner[1]:
        skjema.nytt_tiltak(aktor, d, plan)
    with faner[2]:
        skjema.nytt_mal(aktor, d, plan)
    with faner[3]:
        skjema.endre(aktor, plan)
    with faner[4]:
        skjema.revider_og_avslutt(aktor, plan)
    skjema.husk_versjon(plan)


vis()
