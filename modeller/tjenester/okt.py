"""Innloggingsøkter på tjeneren for dashbordet (ASVS 7.2–7.4; sikkerhet-og-drift.md R-AUTH).

Ved innlogging lages en rad i `innloggingsokt` og en engangskode (`start_okt`). Nettleseren løser inn koden
(`bind_token`) og får et tilfeldig token i en informasjonskapsel; bare SHA-256 av tokenet lagres. En omlasting,
en ny fane eller en lenke fra e-post finner økten igjen med tokenet (`gjenopprett_okt`). Hver kjøring sjekker
økten på tjeneren (`fortsett_okt`): utlogget, ubrukt lenger enn `okt_inaktiv_minutter`, eldre enn
`okt_maks_timer`, deaktivert konto eller endret rolle avslutter den i databasen og i tilgangsloggen, så
informasjonskapselen alene aldri holder.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Innloggingsokt, Systembruker, Tilgangslogg
from modeller.tjenester.dashbord_innlogging import aktor_for
from modeller.tjenester.tilgang import Aktor

OVERLEVERING_GYLDIG = timedelta(minutes=2)
# Sist aktiv skrives høyst én gang i minuttet, så et klikk sjelden gir en skrivetransaksjon; økten kan da
# ende inntil ett minutt før tidsavbruddet, aldri etter.
AKTIVITET_SKRIVES_ETTER = timedelta(minutes=1)
# Rader som er utløpt så lenge, kan ikke brukes til noe og slettes ved neste innlogging.
RYDDES_ETTER = timedelta(days=7)

_GRUNNER = {
    "utlogget": "Du er logget ut.",
    "inaktiv": "Du ble logget ut etter {inaktiv} minutter uten aktivitet.",
    "levetid": "Økten har vart lenger enn {maks} timer. Logg inn på nytt.",
    "deaktivert": "Kontoen din er deaktivert eller finnes ikke lenger.",
    "rolle": "Rollen din er endret. Logg inn på nytt.",
    "idp": "Påloggingen hos identitetsleverandøren er avsluttet.",
}


@dataclass(frozen=True)
class Okt:
    """En gyldig økt: hvem, hvordan, når den startet, og om nettleseren ennå ikke har fått tokenet."""

    okt_id: str
    aktor: Aktor
    metode: str
    start: datetime
    oidc_sub: str | None
    venter_pa_token: bool


@dataclass(frozen=True)
class Avsluttet:
    """En økt som ikke gjelder (lenger), med grunnen i brukerens ord."""

    okt_id: str
    metode: str
    grunn: str


def token_hash(token: str) -> str:
    """SHA-256 av et token eller en engangskode (heksadesimalt); selve verdien lagres aldri."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def grunntekst(kode: str, innst: Innstillinger) -> str:
    """Grunnen til at økten ble avsluttet, som brukeren ser den."""
    mal = _GRUNNER.get(kode, _GRUNNER["utlogget"])
    return mal.format(inaktiv=innst.okt_inaktiv_minutter, maks=innst.okt_maks_timer)


def utlopsgrunn(*, start: datetime, sist_aktiv: datetime, utloper: datetime, na: datetime, inaktiv_minutter: int,
                maks_timer: int) -> str | None:
    """«inaktiv» eller «levetid» når økten er utløpt (ASVS 7.3.1–7.3.2), ellers None.

    Største levetid er den korteste av utløpet som ble lagret ved start og dagens innstilling.
    """
    if na - sist_aktiv > timedelta(minutes=inaktiv_minutter):
        return "inaktiv"
    if na > min(utloper, start + timedelta(hours=maks_timer)):
        return "levetid"
    return None


def start_okt(avh: Avhengigheter, bruker_id: int, *, metode: str, na: datetime, start: datetime | None = None,
              okt_id: str | None = None) -> tuple[str, str]:
    """Lag en økt for brukeren; gir øktens offentlige id og engangskoden nettleseren løser inn (`bind_token`)."""
    kode, okt_id_, start_ = secrets.token_urlsafe(32), okt_id or secrets.token_urlsafe(16), start or na
    with arbeidsenhet(avh.motor) as okt:
        bruker = okt.get(Systembruker, bruker_id)
        if bruker is None:
            raise ValueError("Brukeren finnes ikke.")
        okt.exec(delete(Innloggingsokt).where(col(Innloggingsokt.utloper) < na - RYDDES_ETTER))
        okt.add(Innloggingsokt(
            okt_id=okt_id_, overlevering_hash=token_hash(kode), overlevering_utloper=na + OVERLEVERING_GYLDIG,
            bruker_id=bruker_id, metode=metode, rolle=str(bruker.rolle), start=start_, sist_aktiv=na,
            utloper=start_ + timedelta(hours=avh.innstillinger.okt_maks_timer)))
    return okt_id_, kode


def bind_token(avh: Avhengigheter, kode: str, na: datetime) -> str | None:
    """Løs inn engangskoden én gang: gir et nytt token til informasjonskapselen, eller None når koden ikke gjelder.

    Tokenet lages først nå, etter autentiseringen, og bare hashen lagres (ASVS 7.2.4).
    """
    if not kode:
        return None
    token = secrets.token_urlsafe(32)
    with arbeidsenhet(avh.motor) as okt:
        # Én betinget UPDATE: to samtidige innløsninger av samme kode kan ikke begge lykkes.
        resultat = okt.exec(update(Innloggingsokt).where(
            col(Innloggingsokt.overlevering_hash) == token_hash(kode), col(Innloggingsokt.avsluttet).is_(None),
            col(Innloggingsokt.overlevering_utloper) >= na,
        ).values(token_hash=token_hash(token), overlevering_hash=None, overlevering_utloper=None))
        return token if resultat.rowcount == 1 else None


def fortsett_okt(avh: Avhengigheter, okt_id: str, na: datetime) -> Okt | Avsluttet:
    """Sjekk økten denne fanen har, på tjeneren; avslutt den når den ikke lenger gjelder."""
    with lesing(avh.motor) as okt:
        rad = okt.exec(select(Innloggingsokt).where(col(Innloggingsokt.okt_id) == okt_id)).first()
        bruker = okt.get(Systembruker, rad.bruker_id) if rad else None
        okt.expunge_all()  # lesing() ruller tilbake; løsrevne rader beholder verdiene
    if rad is None:
        return Avsluttet(okt_id, "lokal", grunntekst("utlogget", avh.innstillinger))
    return _avgjor(avh, rad, bruker, na)


def gjenopprett_okt(avh: Avhengigheter, token: str | None, na: datetime) -> Okt | Avsluttet | None:
    """Finn økten tokenet i informasjonskapselen peker til; None når tokenet er ukjent eller økten allerede avsluttet.

    Avsluttet gis bare når økten ble avsluttet nå (f.eks. tidsavbrudd mens fanen var lukket).
    """
    if not token:
        return None
    with lesing(avh.motor) as okt:
        rad = okt.exec(select(Innloggingsokt).where(col(Innloggingsokt.token_hash) == token_hash(token))).first()
        bruker = okt.get(Systembruker, rad.bruker_id) if rad else None
        okt.expunge_all()
    if rad is None or rad.avsluttet is not None:
        return None
    return _avgjor(avh, rad, bruker, na)


def token_gjelder(avh: Avhengigheter, token: str | None) -> bool:
    """Sann når tokenet peker til en økt som ikke er avsluttet (da skal informasjonskapselen ikke slettes)."""
    if not token:
        return False
    with lesing(avh.motor) as okt:
        return okt.exec(select(Innloggingsokt.id).where(col(Innloggingsokt.token_hash) == token_hash(token),
                                                        col(Innloggingsokt.avsluttet).is_(None))).first() is not None


def avslutt_okt(avh: Avhengigheter, okt_id: str, kode: str, na: datetime) -> Avsluttet | None:
    """Avslutt økten på tjeneren (utlogging, tidsavbrudd, …) og skriv det i tilgangsloggen."""
    with arbeidsenhet(avh.motor) as okt:
        # Radlås på PostgreSQL (SQLite har skrivelåsen allerede): to faner som avslutter samtidig, logger én gang.
        rad = okt.exec(select(Innloggingsokt).where(col(Innloggingsokt.okt_id) == okt_id).with_for_update()).first()
        if rad is None:
            return None
        if rad.avsluttet is not None:
            return Avsluttet(rad.okt_id, rad.metode, grunntekst(rad.avsluttet_grunn or "", avh.innstillinger))
        rad.avsluttet, rad.avsluttet_grunn = na, kode
        rad.overlevering_hash = rad.overlevering_utloper = None
        okt.add(rad)
        tekst = grunntekst(kode, avh.innstillinger)
        _logg_utlogging(okt, rad, tekst)
        return Avsluttet(rad.okt_id, rad.metode, tekst)


def _grunn(rad: Innloggingsokt, bruker: Systembruker | None, innst: Innstillinger, na: datetime) -> str | None:
    """Hvorfor økten ikke lenger gjelder (utløpt, kontoen deaktivert eller rollen endret), eller None."""
    kode = utlopsgrunn(start=rad.start, sist_aktiv=rad.sist_aktiv, utloper=rad.utloper, na=na,
                       inaktiv_minutter=innst.okt_inaktiv_minutter, maks_timer=innst.okt_maks_timer)
    if kode is not None:
        return kode
    if bruker is None or not bruker.aktiv:
        return "deaktivert"
    return "rolle" if str(bruker.rolle) != rad.rolle else None


def _avgjor(avh: Avhengigheter, rad: Innloggingsokt, bruker: Systembruker | None, na: datetime) -> Okt | Avsluttet:
    innst = avh.innstillinger
    if rad.avsluttet is not None:
        return Avsluttet(rad.okt_id, rad.metode, grunntekst(rad.avsluttet_grunn or "", innst))
    kode = _grunn(rad, bruker, innst, na)
    if kode is not None or bruker is None:
        kode = kode or "deaktivert"
        return avslutt_okt(avh, rad.okt_id, kode, na) or Avsluttet(rad.okt_id, rad.metode, grunntekst(kode, innst))
    if na - rad.sist_aktiv >= AKTIVITET_SKRIVES_ETTER:
        with arbeidsenhet(avh.motor) as okt:
            okt.exec(update(Innloggingsokt).where(col(Innloggingsokt.id) == rad.id,
                                                  col(Innloggingsokt.avsluttet).is_(None)).values(sist_aktiv=na))
    venter = rad.token_hash is None and rad.overlevering_utloper is not None and rad.overlevering_utloper >= na
    return Okt(rad.okt_id, aktor_for(bruker, rad.okt_id), rad.metode, rad.start, bruker.oidc_sub, venter)


def _logg_utlogging(okt: Session, rad: Innloggingsokt, hvorfor: str) -> None:
    bruker = okt.get(Systembruker, rad.bruker_id)
    okt.add(Tilgangslogg(aktor_id=bruker.id if bruker else None,
                         aktor=bruker.brukernavn if bruker else f"bruker:{rad.bruker_id}",
                         rolle=str(bruker.rolle) if bruker else "ukjent", person_id=None, handling="utlogging",
                         hva="innlogging", hvorfor=hvorfor[:300], okt=rad.okt_id))
