"""Ny melding: mottak av en melding om behov for individuell plan eller koordinator (hpl. § 38 a).

Finnes personen fra før (samme nummer og navn), knyttes meldingen til den registrerte personen. Ved feil
står alt som er skrevet igjen, og hver feil vises med feltets navn.
"""

from datetime import date

import streamlit as st

from dashbord import komponenter as k
from dashbord import tilstand
from modeller.regler.begreper import Kanal, Malform, Meldingskilde
from modeller.tjenester.melding import MELDBARE_TILTAK, NyMelding, NyPerson, registrer_melding
from modeller.tjenester.tilgang import Aktor

PREFIKS = "mld_"


def _personfelt() -> NyPerson:
    st.markdown("**Personen meldingen gjelder**")
    venstre, hoyre = st.columns(2)
    nummer = venstre.text_input("Fødselsnummer eller D-nummer (11 siffer)", key=f"{PREFIKS}nummer", max_chars=11)
    fodt = hoyre.date_input("Fødselsdato (valgfritt, leses av nummeret)", value=None, format="DD.MM.YYYY",
                            min_value=date(1900, 1, 1), key=f"{PREFIKS}fodt")
    fornavn = venstre.text_input("Fornavn", key=f"{PREFIKS}fornavn", max_chars=100)
    etternavn = hoyre.text_input("Etternavn", key=f"{PREFIKS}etternavn", max_chars=100)
    telefon = venstre.text_input("Telefon (valgfritt)", key=f"{PREFIKS}telefon", max_chars=30)
    epost = hoyre.text_input("E-post (valgfritt)", key=f"{PREFIKS}epost", max_chars=200)
    adresse = venstre.text_input("Adresse (valgfritt)", key=f"{PREFIKS}adresse", max_chars=200)
    malform = hoyre.selectbox("Målform", [m.value for m in Malform], key=f"{PREFIKS}malform",
                              format_func=lambda m: "Bokmål" if m == "nb" else "Nynorsk")
    venter = st.checkbox("Gjelder et ventet barn (svangerskap)", key=f"{PREFIKS}venter")
    return NyPerson(identitetsnummer="".join(nummer.split()), fornavn=fornavn, etternavn=etternavn,
                    fodselsdato=k.dato_eller(fodt, None), telefon=telefon or None, epost=epost or None,
                    adresse=adresse or None, malform=malform, venter_barn=venter)


def _meldingsfelt(ny_person: NyPerson) -> NyMelding:
    st.markdown("**Meldingen**")
    venstre, hoyre = st.columns(2)
    kilde = venstre.selectbox("Hvem meldte", [m.value for m in Meldingskilde], key=f"{PREFIKS}kilde",
                              format_func=lambda v: k.tekst_for(k.KILDETEKST, v))
    kanal = hoyre.selectbox("Hvordan kom meldingen", [m.value for m in Kanal], key=f"{PREFIKS}kanal",
                            format_func=lambda v: k.tekst_for(k.KANALTEKST, v))
    avsender = venstre.text_input("Avsenderens navn", key=f"{PREFIKS}avsender", max_chars=200)
    virksomhet = hoyre.text_input("Avsenderens virksomhet (påkrevd for KE i spesialisthelsetjenesten)",
                                  key=f"{PREFIKS}virksomhet", max_chars=200)
    gjelder = venstre.selectbox("Meldingen gjelder", [t.value for t in MELDBARE_TILTAK], key=f"{PREFIKS}gjelder",
                                format_func=lambda v: k.tekst_for(k.TILTAKSTEKST, v))
    mottatt = hoyre.date_input("Mottatt dato", value=tilstand.idag(), format="DD.MM.YYYY", key=f"{PREFIKS}mottatt")
    vedlagt = st.checkbox("Skriftlig samtykke er vedlagt meldingen", key=f"{PREFIKS}vedlagt")
    return NyMelding(kilde=kilde, avsender_navn=avsender, mottatt=k.dato_eller(mottatt, tilstand.idag()) or date.min,
                     kanal=kanal, gjelder=gjelder, ny_person=ny_person, avsender_virksomhet=virksomhet or None,
                     samtykke_vedlagt=vedlagt)


def _lagre(aktor: Aktor, skjema: NyMelding) -> None:
    mottak = k.utfor(lambda: registrer_melding(tilstand.avhengigheter(), aktor, skjema, idag=tilstand.idag(),
                                               na=tilstand.na()))
    if mottak is None:
        return
    k.tom_skjema(PREFIKS)
    st.session_state[tilstand.PERSON] = mottak.person.referanse
    neste = f" Neste steg: {mottak.oppgave.tittel.lower()}." if mottak.oppgave else ""
    k.flash(f"Meldingen er registrert i sak {mottak.sak.referanse}"
            f"{' (ny sak)' if mottak.ny_sak else ''} for {mottak.person.referanse}.{neste}")
    st.rerun()


def vis() -> None:
    """Tegn siden."""
    aktor = tilstand.krev_side("ny_melding")
    st.title("Ny melding")
    st.caption("Registrer en melding om behov for individuell plan, koordinator eller barnekoordinator.")
    if tilstand.valgt_person():
        st.button("Åpne personen fra forrige melding", on_click=tilstand.velg_person,
                  args=(tilstand.valgt_person() or "",), key="apne_forrige_person")
    with st.form("ny_melding", clear_on_submit=False):
        ny_person = _personfelt()
        skjema = _meldingsfelt(ny_person)
        sendt = st.form_submit_button("Registrer meldingen", type="primary")
    if sendt:
        _lagre(aktor, skjema)


vis()
