"""Personvern i e-post (R-MAIL1, R-MAIL2; sikkerhet-og-drift.md §6 rad 6): ingen navn, fødselsnummer, tjeneste
eller tiltakstekst i noe emne, tekst, HTML, hode eller kalendervedlegg, for alle varseltyper gjennom ekte
planlegging og utsending til en ekte SMTP-tjener.
"""

import re
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.ics import bygg_invitasjon
from modeller.regler.identitet import lag_identitetsnummer, valider_identitetsnummer
from modeller.tabeller import Person, Varsel
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
    kl,
    lag_avh,
    postsender,
)
from tests.smtp_fiks import SmtpTjener

FNR = lag_identitetsnummer(date(1990, 5, 1), 100, syntetisk=True) or ""
SENTINELER = ("Sentinella", "Testesen", FNR, "habilitering", "SENTINEL-DIAGNOSE")
ELLEVE_SIFFER = re.compile(r"\d{11}")
GRENSE = re.compile(r'boundary="[^"]*"')  # MIME-skillet lages av e-postbiblioteket med lange sifferrekker


def _saksbehandlingsvarsler(motor: Engine, verden: Verden) -> None:
    """Varslene bruksområdene selv legger i utboksen (oppnevning, innkalling, avlysning), med nøytral tekst."""
    with lesing(motor) as okt:
        referanse = okt.exec(select(Person.referanse).where(col(Person.id) == verden.ider["person_a"])).one()
    start = kl(DAG + timedelta(days=14), 9)
    felles = {"referanse": referanse, "lenke": f"https://enheten.kommune.example/?ref={referanse}",
              "kommunenavn": "Demo kommune", "ke_navn": "Koordinerende enhet"}
    with arbeidsenhet(motor) as okt:
        legg_i_utboks(okt, varseltype="koordinator_oppnevnt", mottaker_epost=KOORDINATOR, forfallsdato=DAG,
                      objekt_type="koordinatoroppdrag", objekt_id=1, person_id=verden.ider["person_a"],
                      kontekst={**felles, "dato": DAG, "mottakerrolle": "koordinator"})
        for varseltype, metode in (("mote_innkalling", "REQUEST"), ("mote_avlyst", "CANCEL")):
            ics = bygg_invitasjon(uid="mote-1@kommune.example", sekvens=int(metode == "CANCEL"), start=start,
                                  slutt=start + timedelta(hours=1), sted="Rådhuset", metode=metode,
                                  oppsummering=f"Møte i ansvarsgruppe, sak {referanse}", beskrivelse="Se dashbordet.",
                                  arrangor_epost=AVSENDER, deltakere=[KOORDINATOR], stempel=kl(DAG))
            legg_i_utboks(okt, varseltype=varseltype, mottaker_epost=KOORDINATOR, forfallsdato=DAG, objekt_type="mote",
                          objekt_id=verden.ider["mote"], person_id=verden.ider["person_a"], ics=ics.decode("utf-8"),
                          kontekst={**felles, "motestart": start, "motested": "Rådhuset",
                                    "mottakerrolle": "medlem av ansvarsgruppen"})


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
    _saksbehandlingsvarsler(motor, verden)
    avh = lag_avh(motor, tmp_path)
    planlegg_paminnelser(avh, referansedato=DAG)
    resultat = send_varsler(avh, postsender(smtp_server.port), na=kl(DAG), arbeider="a")

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
