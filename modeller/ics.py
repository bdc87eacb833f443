"""Kalenderinvitasjoner (iCalendar, RFC 5545/5546) for ansvarsgruppemøter.

Outlook og Google krever: samme UID for samme møte, SEQUENCE som øker ved hver endring, og METHOD
både i VCALENDAR og i MIME-typen (se modeller/epost.py). SUMMARY og DESCRIPTION havner i mottakerens
kalender og kan synkroniseres hvor som helst: kallere skal bare sende nøytral tekst (for eksempel «Møte i
ansvarsgruppe, sak K-7F3A9C»), aldri navn, fødselsnummer, diagnose eller tjeneste. LOCATION er aldri med:
møtestedet er fritekst («Hjemme hos …») og står bare i enheten, bak innlogging.
"""

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress
from icalendar.enums import PARTSTAT, ROLE, STATUS

from modeller.kalender import OSLO

PRODID = "-//enheten//NO"
METODER = ("REQUEST", "CANCEL")
_KONTROLLTEGN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ADRESSE = re.compile(r"^[^@\s<>,;:\"]+@[^@\s<>,;:\"]+$")


def _sjekk_adresse(felt: str, adresse: str) -> str:
    """Godtar bare en enkel e-postadresse uten navn eller kontrolltegn."""
    if not _ADRESSE.fullmatch(adresse):
        raise ValueError(f"Feltet «{felt}» må være én e-postadresse uten mellomrom eller kontrolltegn.")
    return adresse


def _sjekk_tekst(felt: str, verdi: str) -> str:
    """Avviser kontrolltegn (linjeskift er lov i beskrivelsen; icalendar escaper dem)."""
    if _KONTROLLTEGN.search(verdi) or (felt != "beskrivelse" and ("\n" in verdi or "\r" in verdi)):
        raise ValueError(f"Feltet «{felt}» inneholder kontrolltegn eller linjeskift.")
    return verdi


def _i_oslo(felt: str, tidspunkt: datetime) -> datetime:
    """Gjør et tidspunkt med tidssone om til Europe/Oslo (DTSTART/DTEND med TZID)."""
    if tidspunkt.tzinfo is None or tidspunkt.utcoffset() is None:
        raise ValueError(f"Feltet «{felt}» må ha tidssone.")
    return tidspunkt.astimezone(OSLO)


def _deltaker(adresse: str) -> vCalAddress:
    """ATTENDEE som må svare (RSVP)."""
    return vCalAddress.new(
        _sjekk_adresse("deltakere", adresse), role=ROLE.REQ_PARTICIPANT, partstat=PARTSTAT.NEEDS_ACTION, rsvp=True
    )


def bygg_invitasjon(
    *,
    uid: str,
    sekvens: int,
    start: datetime,
    slutt: datetime,
    oppsummering: str,
    beskrivelse: str,
    arrangor_epost: str,
    deltakere: Sequence[str],
    metode: str = "REQUEST",
    stempel: datetime,
) -> bytes:
    """Bygger en iCalendar-invitasjon (REQUEST) eller avlysning (CANCEL) som bytes."""
    if metode not in METODER:
        raise ValueError(f"Feltet «metode» må være en av {', '.join(METODER)}.")
    if sekvens < 0:
        raise ValueError("Feltet «sekvens» kan ikke være negativt.")
    if not uid.strip() or _KONTROLLTEGN.search(uid) or "\n" in uid or "\r" in uid:
        raise ValueError("Feltet «uid» må være en ikke-tom tekst uten kontrolltegn.")
    start_oslo, slutt_oslo = _i_oslo("start", start), _i_oslo("slutt", slutt)
    if slutt_oslo <= start_oslo:
        raise ValueError("Feltet «slutt» må være etter «start».")
    if not deltakere:
        raise ValueError("Feltet «deltakere» kan ikke være tomt.")
    hendelse = Event.new(
        uid=uid,
        sequence=sekvens,
        start=start_oslo,
        end=slutt_oslo,
        stamp=stempel.astimezone(UTC),
        summary=_sjekk_tekst("oppsummering", oppsummering),
        description=_sjekk_tekst("beskrivelse", beskrivelse),
        organizer=vCalAddress.new(_sjekk_adresse("arrangor_epost", arrangor_epost)),
        attendees=[_deltaker(a) for a in deltakere],
        status=STATUS.CANCELLED if metode == "CANCEL" else STATUS.CONFIRMED,
    )
    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("method", metode)
    kalender.add_component(hendelse)
    # VTIMEZONE bare for årene rundt møtet: gir liten fil, men gyldige regler for tidspunktet.
    kalender.add_missing_timezones(
        first_date=date(start_oslo.year - 1, 1, 1), last_date=(slutt_oslo + timedelta(days=400)).date()
    )
    return kalender.to_ical()


def uten_sted(ics: bytes) -> bytes:
    """Samme kalenderfil uten LOCATION (for filer lagt i utboksen før stedet ble tatt ut); ellers urørt."""
    if b"LOCATION" not in ics.upper():
        return ics
    kalender = Calendar.from_ical(ics)
    for komponent in kalender.walk():
        komponent.pop("LOCATION", None)
    return kalender.to_ical()
