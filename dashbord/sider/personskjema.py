"""Skjemaene på personsiden: samtykke (gi og trekke), vedtak og klage. Hjelpemodul, ikke en egen side.

Hvert skjema kaller ett bruksområde (én transaksjon). Ved feil står det brukeren skrev igjen, og hver
feltfeil vises ved skjemaet.
"""

from datetime import date

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.begreper import Rolle, SamtykkeGiver, Tiltakstype, Utfall
from modeller.tjenester.dashbord_oversikt import tjenestetyper
from modeller.tjenester.klage import registrer_klage
from modeller.tjenester.personoversikt import Personoversikt
from modeller.tjenester.samtykke import NyttSamtykke, registrer_samtykke, trekk_samtykke
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.vedtak import NyttVedtak, fatt_vedtak

VEDTAKSROLLER = (Rolle.SAKSBEHANDLER, Rolle.LEDER)


def _etter_lagring(melding: str, prefiks: str) -> None:
    k.tom_skjema(prefiks)
    k.flash(melding)
    st.rerun()


def samtykke_skjema(aktor: Aktor, o: Personoversikt) -> None:
    """Registrer et nytt samtykke."""
    avh, person_id, idag = tilstand.avhengigheter(), o.person.id or 0, tilstand.idag()
    relasjoner = {r.id: f"{r.navn} ({r.relasjonstype})" for r in o.relasjoner if r.id is not None}
    sok = st.text_input("Finn tjenesteyter å dele opplysninger med (navn eller virksomhet)", key="sam_ty_sok",
                        max_chars=100)
    yterne = tilstand.tjenesteytervalg(sok, st.session_state.get("sam_deling", []))
    with st.form("samtykke_ny"):
        st.markdown("**Registrer samtykke**")
        giver = st.selectbox("Gitt av", [g.value for g in SamtykkeGiver],
                             format_func=lambda g: k.tekst_for(k.GIVERTEKST, g), key="sam_giver")
        navn = st.text_input("Navn på den som ga samtykket (tomt = personen eller representanten)", key="sam_navn")
        relasjon = st.selectbox("Representant (foresatt, verge, fullmektig …)", [None, *relasjoner],
                                format_func=lambda r: "Ingen" if r is None else relasjoner[r], key="sam_rel")
        gitt = st.date_input("Dato gitt", value=tilstand.idag(), format="DD.MM.YYYY", key="sam_gitt")
        gyldig_til = st.date_input("Gyldig til (valgfritt)", value=None, format="DD.MM.YYYY", key="sam_til")
        koord = st.checkbox("Omfatter koordinator", key="sam_koord")
        ip = st.checkbox("Omfatter individuell plan", key="sam_ip")
        deling = st.multiselect("Deling av opplysninger med", list(yterne), format_func=lambda t: yterne[t],
                                key="sam_deling")
        skriftlig = st.checkbox("Skriftlig samtykke", value=True, key="sam_skriftlig")
        begrunnelse = st.text_area("Begrunnelse hvis personen mangler samtykkekompetanse (valgfritt)",
                                   key="sam_kompetanse")
        sendt = st.form_submit_button("Lagre samtykke", type="primary")
    if sendt:
        skjema = NyttSamtykke(person_id=person_id, gitt_av=giver, gitt=k.dato_eller(gitt, tilstand.idag()) or idag,
                              omfang_koordinator=koord, omfang_ip=ip, deling_med=tuple(deling), relasjon_id=relasjon,
                              gitt_av_navn=navn or None, skriftlig=skriftlig,
                              manglende_kompetanse_begrunnelse=begrunnelse or None,
                              gyldig_til=gyldig_til if isinstance(gyldig_til, date) else None)
        if k.utfor(lambda: registrer_samtykke(avh, aktor, skjema, idag=tilstand.idag(), na=tilstand.na())):
            _etter_lagring("Samtykket er lagret.", "sam_")


def trekk_skjema(aktor: Aktor, o: Personoversikt) -> None:
    """Trekk et samtykke som gjelder (stopper deling, oppgaver og påminnelser med en gang)."""
    aktive = {s.samtykke.id: f"{k.norsk_dato(s.samtykke.gitt)} – {k.tekst_for(k.GIVERTEKST, s.samtykke.gitt_av)}"
              for s in o.samtykker if s.samtykke.trukket is None and s.samtykke.id is not None}
    if not aktive:
        return
    with st.form("samtykke_trekk"):
        st.markdown("**Trekk samtykke**")
        valgt = st.selectbox("Samtykke", list(aktive), format_func=lambda i: aktive[i], key="trekk_id")
        dato = st.date_input("Trukket dato", value=tilstand.idag(), format="DD.MM.YYYY", key="trekk_dato")
        grunn = st.text_input("Grunn (valgfritt)", key="trekk_grunn", max_chars=300)
        sendt = st.form_submit_button("Trekk samtykket")
    if sendt and valgt is not None:
        if k.utfor(lambda: trekk_samtykke(tilstand.avhengigheter(), aktor, valgt,
                                          trukket=dato if isinstance(dato, date) else tilstand.idag(),
                                          grunn=grunn or None, idag=tilstand.idag(), na=tilstand.na())):
            _etter_lagring("Samtykket er trukket. Oppgaver og påminnelser som bygger på det, er stoppet; "
                           "saksbehandlingsfristene gjelder fortsatt.", "trekk_")


def vedtak_skjema(aktor: Aktor, o: Personoversikt) -> None:
    """Fatt vedtak i en av personens saker (saksbehandler og leder)."""
    if aktor.rolle not in VEDTAKSROLLER:
        return
    saker = {s.id: f"{s.referanse} (mottatt {k.norsk_dato(s.mottatt)})" for s in o.saker
             if s.id is not None and s.avsluttet is None}
    if not saker:
        st.caption("Personen har ingen åpen sak å fatte vedtak i.")
        return
    typer = dict(tjenestetyper(tilstand.avhengigheter()))
    with st.form("vedtak_ny"):
        st.markdown("**Fatt vedtak**")
        sak_id = st.selectbox("Sak", list(saker), format_func=lambda i: saker[i], key="vedtak_sak")
        tiltak = st.selectbox("Vedtaket gjelder", [t.value for t in Tiltakstype],
                              format_func=lambda t: k.tekst_for(k.TILTAKSTEKST, t), key="vedtak_tiltak")
        tjenestetype = st.selectbox("Tjeneste (når vedtaket gjelder en tjeneste)", [None, *typer],
                                    format_func=lambda t: "Ingen" if t is None else typer[t], key="vedtak_tt")
        utfall = st.selectbox("Utfall", [u.value for u in Utfall], format_func=lambda u: k.tekst_for(k.UTFALLSTEKST, u),
                              key="vedtak_utfall")
        fattet = st.date_input("Fattet dato", value=tilstand.idag(), format="DD.MM.YYYY", key="vedtak_dato")
        underrettet = st.date_input("Underrettet dato (valgfritt)", value=None, format="DD.MM.YYYY",
                                    key="vedtak_underrettet")
        tidsbegrenset = st.date_input("Tidsbegrenset til (valgfritt)", value=None, format="DD.MM.YYYY",
                                      key="vedtak_tidsbegrenset")
        begrunnelse = st.text_area("Begrunnelse", key="vedtak_begrunnelse")
        sendt = st.form_submit_button("Fatt vedtak", type="primary")
    if sendt and sak_id is not None:
        skjema = NyttVedtak(sak_id=sak_id, tiltak=tiltak, utfall=utfall, begrunnelse=begrunnelse,
                            fattet_dato=fattet if isinstance(fattet, date) else tilstand.idag(),
                            underrettet_dato=underrettet if isinstance(underrettet, date) else None,
                            tjenestetype_id=tjenestetype,
                            tidsbegrenset_til=tidsbegrenset if isinstance(tidsbegrenset, date) else None)
        resultat = k.utfor(lambda: fatt_vedtak(tilstand.avhengigheter(), aktor, skjema, idag=tilstand.idag(),
                                               na=tilstand.na()))
        if resultat:
            advarsler = " ".join(resultat.advarsler)
            _etter_lagring("Vedtaket er fattet." + (f" Merk: {advarsler}" if advarsler else ""), "vedtak_")


def klage_skjema(aktor: Aktor, o: Personoversikt) -> None:
    """Registrer en klage på et gjeldende vedtak (saksbehandler og leder)."""
    if aktor.rolle not in VEDTAKSROLLER:
        return
    vedtak = {v.vedtak.id: f"{k.norsk_dato(v.vedtak.fattet_dato)} – {k.tekst_for(k.TILTAKSTEKST, v.vedtak.tiltak)}"
              for v in o.vedtak if v.vedtak.id is not None and v.vedtak.erstattet_av_id is None}
    if not vedtak:
        return
    with st.form("klage_ny"):
        st.markdown("**Registrer klage**")
        vedtak_id = st.selectbox("Vedtak", list(vedtak), format_func=lambda i: vedtak[i], key="klage_vedtak")
        mottatt = st.date_input("Klagen mottatt", value=tilstand.idag(), format="DD.MM.YYYY", key="klage_mottatt")
        klager = st.text_input("Klager", value="bruker", key="klage_klager", max_chars=30)
        sendt = st.form_submit_button("Registrer klage")
    if sendt and vedtak_id is not None:
        if k.utfor(lambda: registrer_klage(tilstand.avhengigheter(), aktor, vedtak_id,
                                           mottatt=mottatt if isinstance(mottatt, date) else tilstand.idag(),
                                           klager=klager, idag=tilstand.idag(), na=tilstand.na())):
            _etter_lagring("Klagen er registrert, og en vurderingsoppgave er lagt i køen.", "klage_")
