"""Skjemaene på plansiden: opprette plan, mål, tiltak, evaluering, endring, revisjon og avslutning.

Hjelpemodul, ikke en egen side. Endringer sender planens `versjon` slik brukeren så den før endringen
(`sett_versjon`), så to som endrer samtidig får en tydelig konfliktmelding i stedet for å overskrive.
"""

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.begreper import Planslutt
from modeller.tabeller import IndividuellPlan
from modeller.tjenester.dashbord_plan import Plandetaljer
from modeller.tjenester.feil import Valideringsfeil
from modeller.tjenester.plan import (
    NyEvaluering,
    NyPlan,
    NyttMal,
    NyttTiltak,
    Planendring,
    avslutt_plan,
    endre_plan,
    evaluer_tiltak,
    legg_til_mal,
    legg_til_tiltak,
    opprett_plan,
    revider_plan,
)
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.tiltak import MALOPPNAELSE

SLUTTEKST = {"behov_opphort": "Behovet har opphørt", "brukers_onske": "Personen ønsker det", "annet": "Annet"}


def sett_versjon(plan: IndividuellPlan) -> int:
    """Versjonen brukeren har sett (fra forrige visning); første gang den som nettopp ble lest."""
    return int(st.session_state.get(f"plan_versjon_{plan.id}", plan.versjon))


def husk_versjon(plan: IndividuellPlan) -> None:
    """Husk versjonen som vises nå, til neste innsending."""
    st.session_state[f"plan_versjon_{plan.id}"] = plan.versjon


def lagret(melding: str, plan: IndividuellPlan | None = None, prefiks: str | None = None) -> None:
    """Bekreft lagringen, tøm skjemaet og last siden på nytt med planens nye versjon."""
    if prefiks:
        k.tom_skjema(prefiks)
    if plan is not None:
        st.session_state.pop(f"plan_versjon_{plan.id}", None)
    k.flash(melding)
    st.rerun()


def vis_mal_og_tiltak(d: Plandetaljer) -> None:
    """Målene og tiltakene i planen, med ansvarlig, evalueringsdato og de siste evalueringene."""
    idag = tilstand.idag()
    st.subheader("Mål")
    if not d.mal:
        st.caption("Ingen mål ennå.")
    for m in d.mal:
        innrykk = "    - " if m.hovedmal_id else "- "
        st.markdown(f"{innrykk}{k.ren(m.beskrivelse)}" + (f" *({k.ren(m.livsomrade)})*" if m.livsomrade else ""))
    st.subheader("Tiltak")
    if not d.tiltak:
        st.caption("Ingen tiltak ennå.")
    for linje in d.tiltak:
        t = linje.tiltak
        with st.container(border=True):
            if t.status == "aktiv":
                k.datomerke("Evaluering", t.evalueringsdato, idag)
            else:
                k.statusmerke(t.status)
            st.markdown(f"**{k.ren(t.beskrivelse)}**")
            st.caption(f"Ansvarlig: {k.ren(linje.ansvarlig)} · Start {k.norsk_dato(t.start)}"
                       + (f" · Omfang: {k.ren(t.omfang)}" if t.omfang else ""))
            if t.gjennomforing:
                st.markdown(k.ren(t.gjennomforing))
            for e in linje.evalueringer[:3]:
                st.caption(f"Evaluert {k.norsk_dato(e.dato)} av {k.ren(e.evaluert_av)}: "
                           f"{k.tekst_for(k.MALOPPNAELSETEKST, e.maloppnaelse)}. {k.ren(e.vurdering)}")


def opprett(aktor: Aktor, d: Plandetaljer) -> None:
    """Skjema for ny plan (krever samtykke til individuell plan)."""
    idag = tilstand.idag()
    with st.form("plan_ny"):
        st.markdown("**Opprett individuell plan**")
        fra = st.date_input("Planperiode fra", value=idag, format="DD.MM.YYYY", key="plan_ny_fra")
        til = st.date_input("Planperiode til (valgfritt)", value=None, format="DD.MM.YYYY", key="plan_ny_til")
        behov = st.text_area("Ressurser og behov", key="plan_ny_behov")
        bidrag = st.text_area("Personens eget bidrag", key="plan_ny_bidrag")
        sendt = st.form_submit_button("Opprett planutkast", type="primary")
    if sendt:
        skjema = NyPlan(periode_fra=k.dato_eller(fra, idag), periode_til=k.dato_eller(til, None),
                        ressurser_og_behov=behov, bidrag=bidrag)
        if k.utfor(lambda: opprett_plan(tilstand.avhengigheter(), aktor, d.person_id, skjema, idag=idag)):
            lagret("Planutkastet er opprettet.", None, "plan_ny_")


def nytt_mal(aktor: Aktor, d: Plandetaljer, plan: IndividuellPlan) -> None:
    """Legg til et mål eller delmål."""
    hovedmal = {m.id: m.beskrivelse[:80] for m in d.mal if m.hovedmal_id is None and m.id is not None}
    with st.form("plan_mal"):
        st.markdown("**Nytt mål**")
        beskrivelse = st.text_area("Målet, med personens egne ord", key="mal_beskrivelse")
        livsomrade = st.text_input("Livsområde (f.eks. skole, bolig, fritid)", key="mal_livsomrade", max_chars=60)
        under = st.selectbox("Delmål under", [None, *hovedmal], key="mal_hovedmal",
                             format_func=lambda m: "Ingen (hovedmål)" if m is None else hovedmal[m])
        sendt = st.form_submit_button("Legg til mål")
    if sendt:
        skjema = NyttMal(beskrivelse=beskrivelse, livsomrade=livsomrade, hovedmal_id=under)
        if k.utfor(lambda: legg_til_mal(tilstand.avhengigheter(), aktor, plan.id or 0, skjema,
                                        versjon=sett_versjon(plan), idag=tilstand.idag())):
            lagret("Målet er lagt til.", plan, "mal_")


def nytt_tiltak(aktor: Aktor, d: Plandetaljer, plan: IndividuellPlan) -> None:
    """Legg til et tiltak med ansvarlig og evalueringsdato."""
    idag = tilstand.idag()
    mal = {m.id: m.beskrivelse[:80] for m in d.mal if m.id is not None}
    sok = st.text_input("Finn ansvarlig tjenesteyter (navn eller virksomhet)", key="tiltak_ty_sok", max_chars=100)
    valgt = st.session_state.get("tiltak_ansvarlig")
    yterne = tilstand.tjenesteytervalg(sok, [valgt] if isinstance(valgt, int) else [])
    with st.form("plan_tiltak"):
        st.markdown("**Nytt tiltak**")
        beskrivelse = st.text_area("Tiltaket", key="tiltak_beskrivelse")
        mal_id = st.selectbox("Mål", [None, *mal], key="tiltak_mal", format_func=lambda m: "Ingen" if m is None
                              else mal[m])
        ansvarlig = st.selectbox("Ansvarlig tjenesteyter", [None, *yterne], key="tiltak_ansvarlig",
                                 format_func=lambda t: "Velg …" if t is None else yterne[t])
        start = st.date_input("Start", value=idag, format="DD.MM.YYYY", key="tiltak_start")
        evaluering = st.date_input("Evalueringsdato", value=None, format="DD.MM.YYYY", key="tiltak_evaluering")
        omfang = st.text_input("Omfang (f.eks. 2 timer i uka)", key="tiltak_omfang", max_chars=200)
        gjennomforing = st.text_area("Hvordan tiltaket gjennomføres", key="tiltak_gjennomforing")
        sendt = st.form_submit_button("Legg til tiltak")
    if sendt:
        start_ = k.dato_eller(start, idag) or idag
        skjema = NyttTiltak(beskrivelse=beskrivelse, ansvarlig_id=ansvarlig, start=start_,
                            evalueringsdato=k.dato_eller(evaluering, start_) or start_, mal_id=mal_id, omfang=omfang,
                            gjennomforing=gjennomforing)
        if evaluering is None:
            k.vis_feltfeil(Valideringsfeil.en("evalueringsdato", "Velg en evalueringsdato."))
            return
        if k.utfor(lambda: legg_til_tiltak(tilstand.avhengigheter(), aktor, plan.id or 0, skjema,
                                           versjon=sett_versjon(plan), idag=idag)):
            lagret("Tiltaket er lagt til.", plan, "tiltak_")


def evaluer(aktor: Aktor, d: Plandetaljer, plan: IndividuellPlan) -> None:
    """Registrer en evaluering av et aktivt tiltak."""
    idag = tilstand.idag()
    aktive = {t.tiltak.id: f"{t.tiltak.beskrivelse[:60]} (evaluering {k.norsk_dato(t.tiltak.evalueringsdato)})"
              for t in d.tiltak if t.tiltak.status == "aktiv" and t.tiltak.id is not None}
    if not aktive:
        return
    with st.form("plan_evaluering"):
        st.markdown("**Evaluer tiltak**")
        tiltak_id = st.selectbox("Tiltak", list(aktive), format_func=lambda i: aktive[i], key="eval_tiltak")
        vurdering = st.text_area("Vurdering", key="eval_vurdering")
        maloppnaelse = st.selectbox("Måloppnåelse", list(MALOPPNAELSE), index=1, key="eval_maloppnaelse",
                                    format_func=lambda v: k.tekst_for(k.MALOPPNAELSETEKST, v))
        neste = st.date_input("Neste evalueringsdato", value=None, format="DD.MM.YYYY", key="eval_neste")
        avslutt = st.checkbox("Avslutt tiltaket (ingen ny evaluering)", key="eval_avslutt")
        sendt = st.form_submit_button("Lagre evalueringen", type="primary")
    if sendt and tiltak_id is not None:
        skjema = NyEvaluering(vurdering=vurdering, maloppnaelse=maloppnaelse, neste_evalueringsdato=k.dato_eller(
            neste, None), avslutt_tiltak=avslutt, dato=idag)
        if k.utfor(lambda: evaluer_tiltak(tilstand.avhengigheter(), aktor, tiltak_id, skjema, idag=idag,
                                          na=tilstand.na(), versjon=sett_versjon(plan))):
            lagret("Evalueringen er lagret.", plan, "eval_")


def endre(aktor: Aktor, plan: IndividuellPlan) -> None:
    """Endre planperiode og tekstene i planen."""
    with st.form("plan_endre"):
        st.markdown("**Endre planen**")
        til = st.date_input("Planperiode til", value=plan.periode_til, format="DD.MM.YYYY", key="endre_til")
        behov = st.text_area("Ressurser og behov", value=plan.ressurser_og_behov, key="endre_behov")
        bidrag = st.text_area("Personens eget bidrag", value=plan.bidrag, key="endre_bidrag")
        samarbeid = st.text_area("Samarbeid med andre", value=plan.samarbeid, key="endre_samarbeid")
        sendt = st.form_submit_button("Lagre endringene")
    if sendt:
        endring = Planendring(periode_til=k.dato_eller(til, None), ressurser_og_behov=behov, bidrag=bidrag,
                              samarbeid=samarbeid)
        if k.utfor(lambda: endre_plan(tilstand.avhengigheter(), aktor, plan.id or 0, endring,
                                      versjon=sett_versjon(plan), idag=tilstand.idag())):
            lagret("Planen er endret.", plan, "endre_")


def revider_og_avslutt(aktor: Aktor, plan: IndividuellPlan) -> None:
    """Registrer revisjon (ny dato) eller avslutt planen."""
    idag = tilstand.idag()
    with st.form("plan_revider"):
        st.markdown("**Planen er revidert**")
        neste = st.date_input("Neste revisjon", value=None, format="DD.MM.YYYY", key="revider_neste")
        sendt = st.form_submit_button("Registrer revisjon")
    if sendt:
        if neste is None:
            k.vis_feltfeil(Valideringsfeil.en("neste revisjon", "Velg en dato."))
        elif k.utfor(lambda: revider_plan(tilstand.avhengigheter(), aktor, plan.id or 0, neste_revisjon=neste,
                                          versjon=sett_versjon(plan), idag=idag, na=tilstand.na())):
            lagret("Revisjonen er registrert.", plan, "revider_")
    with st.form("plan_avslutt"):
        st.markdown("**Avslutt planen**")
        grunn = st.selectbox("Grunn", [g.value for g in Planslutt], key="avslutt_grunn",
                             format_func=lambda g: SLUTTEKST.get(g, g))
        dato = st.date_input("Avsluttet dato", value=idag, format="DD.MM.YYYY", key="avslutt_dato")
        merknad = st.text_input("Merknad (påkrevd ved «Annet»)", key="avslutt_merknad", max_chars=500)
        sendt = st.form_submit_button("Avslutt planen")
    if sendt:
        if k.utfor(lambda: avslutt_plan(tilstand.avhengigheter(), aktor, plan.id or 0, grunn=Planslutt(grunn),
                                        dato=k.dato_eller(dato, idag) or idag, merknad=merknad or None,
                                        versjon=sett_versjon(plan), idag=idag)):
            lagret("Planen er avsluttet. Påminnelser og oppgaver for planen er stoppet.", plan, "avslutt_")
