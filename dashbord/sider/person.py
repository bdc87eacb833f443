"""Person: oversikt, samtykke, vedtak og frister, koordinator, plan, grupper og møter, historikk og (for leder)
tilgangslogg. Personen velges med en ugjennomsiktig referanse i økten; hver visning logges av bruksområdet."""

from datetime import date

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from dashbord.sider import personskjema, planskjema
from modeller.regler.begreper import Rolle
from modeller.tjenester.dashbord_oppslag import person_id_for
from modeller.tjenester.dashbord_oversikt import tilgangslogg_for_person
from modeller.tjenester.dashbord_plan import hent_plandetaljer
from modeller.tjenester.personoversikt import Personoversikt, hent_personoversikt
from modeller.tjenester.tilgang import Aktor

HVORFOR = "åpnet personsiden i dashbordet"


def _last(aktor: Aktor, referanse: str) -> Personoversikt | None:
    avh = tilstand.avhengigheter()
    return k.utfor(lambda: hent_personoversikt(avh, aktor, person_id_for(avh, referanse), idag=tilstand.idag(),
                                               hvorfor=HVORFOR))


def _topp(o: Personoversikt) -> None:
    p = o.person
    st.title(k.ren(p.navn))
    nummer = (p.identitetsnummer[:6] + "*****") if p.identitetsnummer else "uten nummer"
    st.caption(f"Født {k.norsk_dato(p.fodselsdato)} · Fødselsnummer {nummer} · Referanse {p.referanse}")


def _oversikt(o: Personoversikt) -> None:
    idag = tilstand.idag()
    st.subheader("Åpne oppgaver")
    if not o.oppgaver:
        st.caption("Ingen åpne oppgaver.")
    for oppgave in o.oppgaver:
        venstre, hoyre = st.columns([1, 4])
        with venstre:
            k.fristmerke(oppgave.frist, idag)
        hoyre.markdown(k.ren(oppgave.tittel))
    st.subheader("Saker")
    for sak in o.saker:
        st.markdown(f"{sak.referanse}: mottatt {k.norsk_dato(sak.mottatt)}, status {k.statustekst(sak.status)[0]}"
                    + (f", foreløpig svar sendt {k.norsk_dato(sak.forelopig_svar_sendt)}"
                       if sak.forelopig_svar_sendt else ""))
    if o.relasjoner:
        st.subheader("Representanter og pårørende")
        for r in o.relasjoner:
            tillegg = ", ".join(t for t, ja in (("foreldreansvar", r.foreldreansvar),
                                                ("skriftlig fullmakt", r.skriftlig_fullmakt)) if ja)
            st.markdown(f"{k.ren(r.navn)} ({k.ren(r.relasjonstype)}{', ' + tillegg if tillegg else ''})")


def _samtykker(aktor: Aktor, o: Personoversikt) -> None:
    if not o.samtykker:
        st.warning("Ingen samtykke er registrert. Koordinator, plan og deling krever gyldig samtykke.")
    for linje in o.samtykker:
        s = linje.samtykke
        with st.container(border=True):
            if s.trukket:
                k.merke(f"Trukket {k.norsk_dato(s.trukket)}", "gray")
            else:
                gjelder = linje.gjelder_na
                k.merke("Gjelder" if gjelder else "Gjelder ikke i dag", "green" if gjelder else "orange")
            omfang = [t for t, ja in (("koordinator", s.omfang_koordinator), ("individuell plan", s.omfang_ip),
                                      ("deling", s.omfang_deling)) if ja]
            giver = k.tekst_for(k.GIVERTEKST, s.gitt_av)
            st.markdown(f"Gitt {k.norsk_dato(s.gitt)} av {k.ren(s.gitt_av_navn)} ({giver}). "
                        f"Omfatter: {', '.join(omfang) or 'ingenting'}."
                        + (f" Gyldig til {k.norsk_dato(s.gyldig_til)}." if s.gyldig_til else ""))
            if linje.delt_med:
                st.caption("Deles med: " + ", ".join(k.ren(n) for n in linje.delt_med))
    personskjema.samtykke_skjema(aktor, o)
    personskjema.trekk_skjema(aktor, o)


def _vedtak(aktor: Aktor, o: Personoversikt) -> None:
    idag = tilstand.idag()
    if not o.vedtak:
        st.caption("Ingen vedtak ennå.")
    for linje in o.vedtak:
        v = linje.vedtak
        with st.container(border=True):
            k.merke(*k.statustekst(v.utfall))
            tjeneste = f": {k.ren(linje.tjeneste)}" if linje.tjeneste else ""
            st.markdown(f"**{k.tekst_for(k.TILTAKSTEKST, v.tiltak)}**{tjeneste}"
                        + f" – fattet {k.norsk_dato(v.fattet_dato)} av {k.ren(v.fattet_av)}"
                        + (" (erstattet av nyere vedtak)" if v.erstattet_av_id else ""))
            st.caption(k.tekst_for(k.KLAGERUTETEKST, v.klagerute))
            for tekst, dato in (("Klagefrist", v.klagefrist), ("Revurdering", v.revurdering_dato),
                                ("Tidsbegrenset til", v.tidsbegrenset_til)):
                if dato is not None and v.erstattet_av_id is None:
                    k.datomerke(tekst, dato, idag)
            for klage in linje.klager:
                st.markdown(f"Klage mottatt {k.norsk_dato(klage.mottatt)} – {k.statustekst(klage.status)[0]}"
                            + (" – kom etter fristen" if klage.for_sent else ""))
    personskjema.vedtak_skjema(aktor, o)
    personskjema.klage_skjema(aktor, o)


def _koordinator(o: Personoversikt) -> None:
    idag = tilstand.idag()
    if not o.koordinatorer:
        st.info("Personen har ingen koordinator.")
    for oppdrag, navn in o.koordinatorer:
        aktiv = oppdrag.fra <= idag and (oppdrag.til is None or oppdrag.til >= idag)
        with st.container(border=True):
            k.merke("Aktiv" if aktiv else "Avsluttet", "green" if aktiv else "gray")
            st.markdown(f"**{k.ren(navn)}** – {k.tekst_for(k.TILTAKSTEKST, oppdrag.rolle)} "
                        f"fra {k.norsk_dato(oppdrag.fra)}"
                        + (f" til {k.norsk_dato(oppdrag.til)}" if oppdrag.til else "")
                        + (f", planlagt slutt {k.norsk_dato(oppdrag.planlagt_slutt)}"
                           if oppdrag.planlagt_slutt else ""))
            if oppdrag.begrunnelse:
                st.caption(f"Begrunnelse: {k.ren(oppdrag.begrunnelse)}")
    st.button("Foreslå og oppnevn koordinator", on_click=tilstand.ga_til, args=("koordinatorer",),
              key="til_koordinatorer")


def _plan(aktor: Aktor, o: Personoversikt) -> None:
    idag = tilstand.idag()
    if not o.planer:
        st.info("Personen har ingen individuell plan.")
    for s in o.planer:
        with st.container(border=True):
            k.statusmerke(s.plan.status)
            st.markdown(f"**{s.plan.referanse}** – {s.antall_mal} mål, {s.antall_tiltak} tiltak")
            if s.plan.neste_revisjon:
                k.datomerke("Neste revisjon", s.plan.neste_revisjon, idag)
            if s.neste_evaluering:
                k.datomerke("Neste evaluering", s.neste_evaluering, idag)
    st.button("Åpne individuell plan", on_click=tilstand.ga_til, args=("plan",), key="til_plan", type="primary")
    if any(s.plan.status != "avsluttet" for s in o.planer):
        detaljer = k.utfor(lambda: hent_plandetaljer(tilstand.avhengigheter(), aktor, o.person.referanse,
                                                     idag=idag))
        if detaljer is not None:
            planskjema.vis_mal_og_tiltak(detaljer)


def _grupper(o: Personoversikt) -> None:
    if not o.grupper:
        st.info("Personen har ingen ansvarsgruppe.")
    for g in o.grupper:
        st.markdown(f"**{k.ren(g.navn)}** ({k.tekst_for(k.GRUPPETEKST, g.gruppetype)}), "
                    f"møte hver {g.intervall_uker}. uke"
                    + (f", avsluttet {k.norsk_dato(g.avsluttet_dato)}" if g.avsluttet_dato else ""))
    if o.neste_mote:
        st.markdown(f"Neste møte: {k.norsk_tid(o.neste_mote.start)}, {k.ren(o.neste_mote.sted)}")
    st.button("Gå til ansvarsgrupper og møter", on_click=tilstand.ga_til, args=("moter",), key="til_moter")


def _historikk(o: Personoversikt) -> None:
    hendelser: list[tuple[date, str]] = []
    hendelser += [(m.mottatt, f"Melding fra {k.tekst_for(k.KILDETEKST, m.kilde)} om "
                              f"{k.tekst_for(k.TILTAKSTEKST, m.gjelder).lower()}") for m in o.meldinger]
    hendelser += [(s.samtykke.gitt, "Samtykke gitt") for s in o.samtykker]
    hendelser += [(s.samtykke.trukket, "Samtykke trukket") for s in o.samtykker if s.samtykke.trukket]
    hendelser += [(v.vedtak.fattet_dato, f"Vedtak: {k.tekst_for(k.TILTAKSTEKST, v.vedtak.tiltak)} – "
                                         f"{k.tekst_for(k.UTFALLSTEKST, v.vedtak.utfall).lower()}") for v in o.vedtak]
    hendelser += [(kl.mottatt, "Klage mottatt") for v in o.vedtak for kl in v.klager]
    hendelser += [(op.fra, f"Koordinator oppnevnt: {k.ren(navn)}") for op, navn in o.koordinatorer]
    hendelser += [(op.til, f"Koordinatoroppdrag avsluttet: {k.ren(navn)}") for op, navn in o.koordinatorer if op.til]
    hendelser += [(p.plan.avsluttet_dato, "Individuell plan avsluttet") for p in o.planer if p.plan.avsluttet_dato]
    for dato, tekst in sorted(hendelser, key=lambda h: h[0], reverse=True):
        st.markdown(f"- {k.norsk_dato(dato)}: {tekst}")
    if not hendelser:
        st.caption("Ingen hendelser.")


def _tilgangslogg(aktor: Aktor, o: Personoversikt) -> None:
    st.caption("Innsyn i logg: hvem har lest eller endret opplysninger om personen. Visningen logges selv.")
    if not st.toggle("Vis tilgangsloggen", key="vis_logg"):
        return
    side = k.gjeldende_side("tilgangslogg", 50)
    rader = k.utfor(lambda: tilgangslogg_for_person(tilstand.avhengigheter(), aktor, o.person.id or 0,
                                                    grense=side.grense, forskyvning=side.forskyvning))
    if rader is None:
        return
    viste = k.sidevelger("tilgangslogg", side, rader)
    st.dataframe([{"Tidspunkt": k.norsk_tid(r.tidspunkt), "Hvem": r.aktor, "Rolle": r.rolle, "Handling": r.handling,
                   "Hva": r.hva, "Hvorfor": r.hvorfor} for r in viste], hide_index=True)


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("person")
    referanse = tilstand.valgt_person()
    if referanse is None:
        st.title("Person")
        st.info("Velg en person fra «Personer» eller «Mine oppgaver».")
        st.button("Gå til personsøk", on_click=tilstand.ga_til, args=("personer",), key="til_sok")
        return
    o = _last(aktor, referanse)
    if o is None:
        return
    _topp(o)
    faner = ["Oversikt", "Samtykke", "Vedtak og frister", "Koordinator", "Plan", "Grupper og møter", "Historikk"]
    if aktor.rolle == Rolle.LEDER:
        faner.append("Tilgangslogg")
    fane = st.tabs(faner)
    with fane[0]:
        _oversikt(o)
    with fane[1]:
        _samtykker(aktor, o)
    with fane[2]:
        _vedtak(aktor, o)
    with fane[3]:
        _koordinator(o)
    with fane[4]:
        _plan(aktor, o)
    with fane[5]:
        _grupper(o)
    with fane[6]:
        _historikk(o)
    if aktor.rolle == Rolle.LEDER:
        with fane[7]:
            _tilgangslogg(aktor, o)


vis()
