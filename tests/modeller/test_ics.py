"""Kalenderinvitasjoner: tolkes tilbake med icalendar og kommer uendret fram gjennom aiosmtplib og aiosmtpd."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from modeller.epost import Epost, SmtpOppsett, SmtpPostsender
from modeller.ics import bygg_invitasjon, uten_sted
from modeller.kalender import OSLO
from tests.smtp_fiks import SmtpTjener

START = datetime(2027, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 sommertid i Oslo


def invitasjon(**endringer: object) -> bytes:
    """En invitasjon med nøytral tekst."""
    felt: dict[str, object] = {
        "uid": "mote-42@kommune.example",
        "sekvens": 0,
        "start": START,
        "slutt": START + timedelta(hours=1),
        "oppsummering": "Møte i ansvarsgruppe, sak K-7F3A9C",
        "beskrivelse": "Logg inn for detaljer.\nSak K-7F3A9C.",
        "arrangor_epost": "ke@kommune.example",
        "deltakere": ["a@kommune.example", "b@kommune.example", "c@kommune.example"],
        "stempel": datetime(2027, 3, 1, 8, 0, tzinfo=UTC),
    }
    felt.update(endringer)
    return bygg_invitasjon(**felt)  # type: ignore[arg-type]


def test_invitasjon_tolkes_tilbake() -> None:
    kalender = Calendar.from_ical(invitasjon(sekvens=3))
    hendelse: Any = kalender.events[0]
    assert kalender["METHOD"] == "REQUEST"
    assert str(kalender["PRODID"]) == "-//enheten//NO"
    assert str(hendelse["UID"]) == "mote-42@kommune.example"
    assert hendelse["SEQUENCE"] == 3
    assert hendelse.start == datetime(2027, 3, 29, 9, 0, tzinfo=OSLO)
    assert str(hendelse.start.tzinfo) == "Europe/Oslo"
    assert hendelse["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert hendelse.end - hendelse.start == timedelta(hours=1)
    assert str(hendelse["STATUS"]) == "CONFIRMED"
    assert hendelse["DTSTAMP"].dt == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    assert str(hendelse["ORGANIZER"]) == "mailto:ke@kommune.example"
    deltakere: Any = hendelse["ATTENDEE"]
    assert len(deltakere) == 3
    for deltaker in deltakere:
        assert deltaker.params["ROLE"] == "REQ-PARTICIPANT"
        assert deltaker.params["PARTSTAT"] == "NEEDS-ACTION"
        assert deltaker.params["RSVP"] == "TRUE"
    assert [tz["TZID"] for tz in kalender.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert "LOCATION" not in hendelse  # møtestedet er fritekst og blir i enheten


def test_sted_tas_ut_av_eldre_kalenderfiler() -> None:
    ny = invitasjon()
    assert uten_sted(ny) is ny
    eldre = Calendar.from_ical(ny)
    eldre.events[0].add("location", "Hjemme hos Kari Nordmann, Storgata 1, 010190 12345")
    assert b"LOCATION:Hjemme hos" in eldre.to_ical()
    renset = uten_sted(eldre.to_ical())
    assert b"LOCATION" not in renset and b"Hjemme" not in renset and b"010190" not in renset
    tilbake: Any = Calendar.from_ical(renset).events[0]
    assert str(tilbake["UID"]) == "mote-42@kommune.example"
    assert tilbake.start == datetime(2027, 3, 29, 9, 0, tzinfo=OSLO) and len(tilbake["ATTENDEE"]) == 3


def test_avlysning_har_samme_uid_og_status_cancelled() -> None:
    kalender = Calendar.from_ical(invitasjon(sekvens=4, metode="CANCEL"))
    assert kalender["METHOD"] == "CANCEL"
    hendelse = kalender.events[0]
    assert str(hendelse["UID"]) == "mote-42@kommune.example"
    assert hendelse["SEQUENCE"] == 4
    assert str(hendelse["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(
    ("endring", "melding"),
    [
        ({"metode": "PUBLISH"}, "metode"),
        ({"sekvens": -1}, "sekvens"),
        ({"start": datetime(2027, 3, 29, 9, 0)}, "start"),  # noqa: DTZ001 (naiv med vilje)
        ({"slutt": START}, "slutt"),
        ({"deltakere": []}, "deltakere"),
        ({"deltakere": ["a@kommune.example\r\nX: y"]}, "deltakere"),
        ({"oppsummering": "Møte\r\nATTENDEE:mailto:spion@annet.example"}, "oppsummering"),
        ({"uid": ""}, "uid"),
    ],
)
def test_ugyldige_invitasjoner_avvises(endring: dict[str, object], melding: str) -> None:
    with pytest.raises(ValueError, match=melding):
        invitasjon(**endring)


async def test_invitasjon_kommer_fram_som_text_calendar(smtp_server: SmtpTjener) -> None:
    ics = invitasjon()
    oppsett = SmtpOppsett(vert=smtp_server.vert, port=smtp_server.port, tls="av", avsender="ke@kommune.example")
    epost = Epost("a@kommune.example", "Innkalling til møte", "Hei\n", "<p>Hei</p>", ics=ics)
    utfall = await SmtpPostsender(oppsett).send_parti([epost])
    assert utfall[0].status == "sendt"
    melding = smtp_server.meldinger[0]
    kalenderdeler = [d for d in melding.walk() if d.get_content_type() == "text/calendar"]
    assert len(kalenderdeler) == 1
    assert kalenderdeler[0].get_param("method") == "REQUEST"
    assert kalenderdeler[0].get_content_charset() == "utf-8"
    assert kalenderdeler[0].get_payload(decode=True) == ics
    vedlegg = [d for d in melding.iter_attachments() if d.get_filename() == "invite.ics"]
    assert len(vedlegg) == 1 and vedlegg[0].get_payload(decode=True) == ics
    alternativ = melding.get_body(preferencelist=("plain",))
    assert alternativ is not None and alternativ.get_content().strip() == "Hei"
    innhold: Any = kalenderdeler[0].get_payload(decode=True)
    assert Calendar.from_ical(innhold).events[0]["SEQUENCE"] == 0


async def test_avlysning_kommer_fram_med_method_cancel(smtp_server: SmtpTjener) -> None:
    ics = invitasjon(sekvens=1, metode="CANCEL")
    oppsett = SmtpOppsett(vert=smtp_server.vert, port=smtp_server.port, tls="av", avsender="ke@kommune.example")
    epost = Epost("a@kommune.example", "Møtet er avlyst", "Avlyst\n", "<p>Avlyst</p>", ics=ics, ics_metode="CANCEL")
    await SmtpPostsender(oppsett).send_parti([epost])
    del_ = next(d for d in smtp_server.meldinger[0].walk() if d.get_content_type() == "text/calendar")
    assert del_.get_param("method") == "CANCEL"
