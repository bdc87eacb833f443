"""Personvern i e-post (R-MAIL1, R-MAIL2; sikkerhet-og-drift.md §6 rad 6): ingen navn, fødselsnummer, tjeneste,
tiltakstekst eller fritekst (møtested) i noe emne, tekst, HTML, hode eller kalendervedlegg, for alle varseltyper
gjennom ekte planlegging, innkalling og utsending til en ekte SMTP-tjener.
"""

import re
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from icalendar import Calendar
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.ics import bygg_invitasjon
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Malform
from modeller.regler.identitet import lag_identitetsnummer, valider_identitetsnummer
from modeller.tabeller import Gruppe, Mote, Person, Varsel
from modeller.tjenester.gruppe import Mottaker
from modeller.tjenester.motevarsler import koe
from modeller.tjenester.paminnelser import planlegg_paminnelser
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.utsending import send_varsler
from tests.modeller.varsel_fiks import (
    AVSENDER,
    DAG,
    KOORDINATOR,
    Personopplysninger,
    Verden,
    bygg_verden,
    fast,
    kl,
    lag_avh,
    postsender,
)
from tests.smtp_fiks import SmtpTjener

FNR = lag_identitetsnummer(date(1990, 5, 1), 100, syntetisk=True) or ""
# Møtestedet er fritekst; slik så det ut i ekte innkallinger (navn, adresse og fødselsnummer med mellomrom).
STED = "Hjemme hos Kari Nordmann, Storgata 1, 010190 12345"
SENTINELER = ("Sentinella", "Testesen", FNR, "habilitering", "SENTINEL-DIAGNOSE", STED, "Hjemme hos", "Nordmann",
              "Storgata", "010190")
# Elleve sifre, også i grupper med mellomrom, bindestrek eller punktum mellom.
ELLEVE_SIFFER = re.compile(r"\d(?:[\s.\-]{0,3}\d){10}")
GRENSE = re.compile(r'boundary="[^"]*"')  # MIME-skillet lages av e-postbiblioteket med lange sifferrekker


def _saksbehandlingsvarsler(avh: Avhengigheter, verden: Verden) -> None:
    """Varslene bruksområdene selv legger i utboksen: oppnevning, og innkalling og avlysning til et møte med STED."""
    with lesing(avh.motor) as okt:
        referanse = okt.exec(select(Person.referanse).where(col(Person.id) == verden.ider["person_a"])).one()
    felles = {"referanse": referanse, "lenke": f"https://enheten.kommune.example/?ref={referanse}",
              "kommunenavn": "Demo kommune", "ke_navn": "Koordinerende enhet"}
    with arbeidsenhet(avh.motor) as okt:
        legg_i_utboks(okt, varseltype="koordinator_oppnevnt", mottaker_epost=KOORDINATOR, forfallsdato=DAG,
                      objekt_type="koordinatoroppdrag", objekt_id=1, person_id=verden.ider["person_a"],
                      kontekst={**felles, "dato": DAG, "mottakerrolle": "koordinator"})
        mote = okt.get_one(Mote, verden.ider["mote"])
        mote.sted = STED
        gruppe = okt.get_one(Gruppe, mote.gruppe_id)
        gruppe.sted = STED
        mottaker = Mottaker(medlem_id=0, epost=KOORDINATOR, malform=Malform.BOKMAL)
        for metode in ("REQUEST", "CANCEL"):
            koe(okt, avh, gruppe, mote, mottaker, metode=metode, forfall=DAG, na=kl(DAG))


def _alt_innhold(melding: EmailMessage) -> list[str]:
    """Alle hoder (uten MIME-skillet) og alt dekodet innhold i alle deler, også kalendervedlegg."""
    tekster = []
    for del_ in melding.walk():
        tekster += [f"{navn}: {GRENSE.sub('', str(verdi))}" for navn, verdi in del_.items()]
        if not del_.is_multipart():
            innhold = del_.get_content()
            tekster.append(innhold.decode("utf-8") if isinstance(innhold, bytes) else str(innhold))
    return tekster


def test_sentinelnummeret_er_et_gyldig_syntetisk_fodselsnummer() -> None:
    assert len(FNR) == 11 and valider_identitetsnummer(FNR, tillat_syntetisk=True).syntetisk


def test_ingen_personopplysninger_i_noen_e_post(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    opplysninger = Personopplysninger(fornavn="Sentinella", etternavn="Testesen", identitetsnummer=FNR,
                                      tjeneste="habilitering", tiltakstekst="SENTINEL-DIAGNOSE")
    verden = bygg_verden(motor, opplysninger=opplysninger)
    avh = lag_avh(motor, tmp_path)
    _saksbehandlingsvarsler(avh, verden)
    planlegg_paminnelser(avh, referansedato=DAG)
    resultat = send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a")

    with lesing(motor) as okt:
        typer = {v.message_id: v.varseltype for v in okt.exec(select(Varsel))}
    mottatte = {typer[str(m["Message-ID"])] for m in smtp_server.meldinger}
    assert resultat.sendt == len(smtp_server.meldinger) == 14
    assert mottatte == set(verden.forventet) | {"koordinator_oppnevnt", "mote_innkalling", "mote_avlyst"}
    for melding in smtp_server.meldinger:
        tekst = "\n".join(_alt_innhold(melding))
        for sentinel in SENTINELER:
            assert sentinel.lower() not in tekst.lower(), (typer[str(melding["Message-ID"])], sentinel)
        assert not ELLEVE_SIFFER.search(tekst), typer[str(melding["Message-ID"])]
    kalendere = [t for m in smtp_server.meldinger for t in _alt_innhold(m) if t.startswith("BEGIN:VCALENDAR")]
    assert len(kalendere) >= 2  # innkalling og avlysning ble faktisk sjekket
    assert not any("LOCATION" in k for k in kalendere)
    with lesing(motor) as okt:
        assert all(STED not in (v.ics or "") and STED not in str(v.kontekst) for v in okt.exec(select(Varsel)))


def test_eldre_utboksrad_med_sted_sendes_uten_stedet(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    """En innkalling lagt i utboksen før stedet ble tatt ut (sted i teksten og LOCATION i kalenderfilen)."""
    avh = lag_avh(motor, tmp_path)
    start = kl(DAG + timedelta(days=14), 9)
    kalender = Calendar.from_ical(bygg_invitasjon(
        uid="mote-7@kommune.example", sekvens=0, start=start, slutt=start + timedelta(hours=1),
        oppsummering="Ansvarsgruppemøte P-7F3A9C2K", beskrivelse="Se saken i enheten.", arrangor_epost=AVSENDER,
        deltakere=[KOORDINATOR], stempel=kl(DAG)))
    kalender.events[0].add("location", STED)
    with arbeidsenhet(motor) as okt:
        legg_i_utboks(okt, varseltype="mote_innkalling", mottaker_epost=KOORDINATOR, forfallsdato=DAG,
                      objekt_type="mote", objekt_id=7, ics=kalender.to_ical().decode("utf-8"),
                      kontekst={"referanse": "P-7F3A9C2K", "motestart": start, "motested": STED,
                                "lenke": "https://enheten.kommune.example/?ref=P-7F3A9C2K", "kommunenavn": "K",
                                "ke_navn": "KE", "mottakerrolle": "medlem av ansvarsgruppen"})
    assert send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a").sendt == 1
    tekst = "\n".join(_alt_innhold(smtp_server.meldinger[0]))
    assert "BEGIN:VCALENDAR" in tekst and "LOCATION" not in tekst
    assert not any(s.lower() in tekst.lower() for s in SENTINELER) and not ELLEVE_SIFFER.search(tekst)
