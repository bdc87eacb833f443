"""Innlogging til dashbordet: lokale kontoer (argon2) og OIDC-identiteter koblet til en systembruker.

Hver innlogging og mislykket innlogging skriver en rad i tilgangsloggen (ASVS 16.3.1); utlogging og økten
selv ligger i `okt.py`. En deaktivert bruker eller en endret rolle avslutter økten ved neste klikk, fordi
dashbordet sjekker økten og brukeren på tjeneren ved hver kjøring (ASVS 7.4.2, 8.3.2).
"""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.passord import hash_passord, sjekk_passord, trenger_ny_hash
from modeller.regler.begreper import Rolle
from modeller.tabeller import Systembruker, Tilgangslogg
from modeller.tjenester.tilgang import Aktor, logg

# Sjekkes mot når brukernavnet ikke finnes, så svartiden ikke røper hvilke brukernavn som finnes.
_ATTRAPP = hash_passord("ingen-slik-bruker")


def aktor_for(bruker: Systembruker, okt_id: str | None = None) -> Aktor:
    """Aktøren use casene får for en systembruker."""
    return Aktor(id=bruker.id, navn=bruker.navn or bruker.brukernavn, rolle=Rolle(bruker.rolle),
                 tjenesteyter_id=bruker.tjenesteyter_id, okt=okt_id)


def _renset(tekst: str, maks: int) -> str:
    """Fjern kontrolltegn før tekst fra innloggingsskjemaet havner i loggen (ASVS 16.4.1)."""
    return "".join(t for t in tekst if t.isprintable())[:maks]


def _logg_hendelse(okt: Session, bruker: Systembruker | None, navn: str, handling: str, hvorfor: str,
                   okt_id: str | None) -> None:
    if bruker is not None:
        logg(okt, aktor_for(bruker, okt_id), None, handling, "innlogging", hvorfor)
        return
    okt.add(Tilgangslogg(aktor_id=None, aktor=navn[:200], rolle="ukjent", person_id=None, handling=handling,
                         hva="innlogging", hvorfor=hvorfor, okt=okt_id))


def logg_inn_lokalt(avh: Avhengigheter, brukernavn: str, passord: str, *, na: datetime,
                    okt_id: str | None = None) -> Aktor | None:
    """Sjekk brukernavn og passord for en aktiv lokal konto; gir aktøren, eller None ved feil."""
    navn = _renset((brukernavn or "").strip(), 100)
    with arbeidsenhet(avh.motor) as okt:
        bruker = okt.exec(select(Systembruker).where(col(Systembruker.brukernavn) == navn)).first() if navn else None
        hash_ = bruker.passord_hash if bruker and bruker.passord_hash else _ATTRAPP
        riktig = sjekk_passord(hash_, passord or "")
        if bruker is None or not bruker.passord_hash or not riktig or not bruker.aktiv:
            deaktivert = bruker is not None and riktig and not bruker.aktiv
            grunn = "deaktivert konto" if deaktivert else "feil brukernavn/passord"
            _logg_hendelse(okt, None, f"innlogging:{navn or '-'}", "innlogging_feil", grunn, okt_id)
            return None
        if trenger_ny_hash(hash_):
            bruker.passord_hash = hash_passord(passord)
        bruker.siste_innlogging = na
        okt.add(bruker)
        _logg_hendelse(okt, bruker, bruker.brukernavn, "innlogging", "lokal konto", okt_id)
        return aktor_for(bruker, okt_id)


def logg_inn_oidc(avh: Avhengigheter, sub: str | None, epost: str | None, *, na: datetime,
                  okt_id: str | None = None) -> Aktor | None:
    """Koble en OIDC-identitet til en aktiv systembruker: først på `sub`, ellers på e-post ved første innlogging.

    E-post brukes bare når kontoen ennå ikke har en `oidc_sub`; da bindes `sub` til kontoen, så senere
    innlogginger kjenner brukeren på `sub` (ASVS 10.5.2) og en endret e-post ikke gir tilgang til en annen konto.
    """
    sub = _renset((sub or "").strip(), 200)
    epost_ = _renset((epost or "").strip().lower(), 200)
    with arbeidsenhet(avh.motor) as okt:
        bruker = okt.exec(select(Systembruker).where(col(Systembruker.oidc_sub) == sub)).first() if sub else None
        if bruker is None and sub and epost_:
            bruker = okt.exec(select(Systembruker).where(
                func.lower(col(Systembruker.epost)) == epost_, col(Systembruker.oidc_sub).is_(None))).first()
            if bruker is not None:
                bruker.oidc_sub = sub
        if bruker is None or not bruker.aktiv:
            grunn = "ingen aktiv konto for identiteten" if bruker is None else "deaktivert konto"
            _logg_hendelse(okt, None, f"oidc:{epost_ or sub or '-'}", "innlogging_feil", grunn, okt_id)
            return None
        bruker.siste_innlogging = na
        okt.add(bruker)
        _logg_hendelse(okt, bruker, bruker.brukernavn, "innlogging", "OIDC", okt_id)
        return aktor_for(bruker, okt_id)


def hent_innlogget(avh: Avhengigheter, bruker_id: int, okt_id: str | None = None) -> Aktor | None:
    """Den innloggede brukeren slik den er nå, eller None når kontoen er borte eller deaktivert."""
    with lesing(avh.motor) as okt:
        bruker = okt.get(Systembruker, bruker_id)
        if bruker is None or not bruker.aktiv:
            return None
        return aktor_for(bruker, okt_id)
