"""Administrasjon: systembrukere og referansedata (virksomheter, tjenesteytere, tjenestetyper), aldri saksinnhold.

Bare administrator. Hver tildeling eller endring av tilgang skrives i tilgangsloggen (R-AC2), og en
deaktivert bruker mister tilgangen ved neste klikk (dashbordet slår opp brukeren ved hver kjøring).
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.passord import hash_passord
from modeller.regler.begreper import Rolle, Sektor
from modeller.tabeller import Systembruker, Tjenestetype, Tjenesteyter, Virksomhet
from modeller.tjenester.feil import Feltfeil, IkkeFunnet, IngenTilgang, Valideringsfeil
from modeller.tjenester.tilgang import Aktor, logg

MIN_PASSORD = 12
_BRUKERNAVN = re.compile(r"^[a-z0-9._-]{3,100}$")
_EPOST = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _krev_admin(okt: Session, aktor: Aktor, hva: str) -> None:
    if aktor.rolle != Rolle.ADMIN:
        logg(okt, aktor, None, "nektet", hva, "administrasjon")
        okt.commit()
        raise IngenTilgang("Bare administrator kan gjøre dette.")


@dataclass(frozen=True)
class NyBruker:
    """Skjema for en ny systembruker; lokal konto (passord) og/eller OIDC (e-post eller sub)."""

    brukernavn: str
    navn: str
    rolle: Rolle | str
    epost: str | None = None
    passord: str | None = None
    oidc_sub: str | None = None
    tjenesteyter_id: int | None = None


def _brukerfeil(okt: Session, s: NyBruker) -> list[Feltfeil]:
    feil: list[Feltfeil] = []
    if not _BRUKERNAVN.fullmatch(s.brukernavn.strip()):
        feil.append(Feltfeil("brukernavn", "Bruk 3–100 små bokstaver, tall, punktum, bindestrek eller understrek."))
    elif okt.exec(select(Systembruker.id).where(col(Systembruker.brukernavn) == s.brukernavn.strip())).first():
        feil.append(Feltfeil("brukernavn", "Brukernavnet er allerede i bruk."))
    if not s.navn.strip():
        feil.append(Feltfeil("navn", "Må fylles ut."))
    if str(s.rolle) not in {r.value for r in Rolle}:
        feil.append(Feltfeil("rolle", "Velg koordinator, saksbehandler, leder eller admin."))
    if s.epost and not _EPOST.fullmatch(s.epost.strip()):
        feil.append(Feltfeil("e-post", "Skriv en gyldig e-postadresse."))
    if s.passord and len(s.passord) < MIN_PASSORD:
        feil.append(Feltfeil("passord", f"Passordet må ha minst {MIN_PASSORD} tegn."))
    if not (s.passord or s.epost or s.oidc_sub):
        feil.append(Feltfeil("passord", "Gi brukeren et passord, en e-post eller en OIDC-identitet å logge inn med."))
    if str(s.rolle) == Rolle.KOORDINATOR and s.tjenesteyter_id is None:
        feil.append(Feltfeil("tjenesteyter", "En koordinator må kobles til sin tjenesteyter."))
    if s.tjenesteyter_id is not None and okt.get(Tjenesteyter, s.tjenesteyter_id) is None:
        feil.append(Feltfeil("tjenesteyter", "Fant ikke tjenesteyteren."))
    return feil


def opprett_bruker(avh: Avhengigheter, aktor: Aktor, skjema: NyBruker) -> Systembruker:
    """Opprett en systembruker med rolle; tildelingen logges."""
    with arbeidsenhet(avh.motor) as okt:
        _krev_admin(okt, aktor, "systembruker")
        feil = _brukerfeil(okt, skjema)
        if feil:
            raise Valideringsfeil(feil)
        bruker = Systembruker(
            brukernavn=skjema.brukernavn.strip(), navn=skjema.navn.strip(), rolle=Rolle(str(skjema.rolle)),
            epost=(skjema.epost or "").strip().lower() or None, oidc_sub=(skjema.oidc_sub or "").strip() or None,
            passord_hash=hash_passord(skjema.passord) if skjema.passord else None,
            tjenesteyter_id=skjema.tjenesteyter_id)
        okt.add(bruker)
        okt.flush()
        logg(okt, aktor, None, "endre", f"systembruker {bruker.id}", f"opprettet med rollen {bruker.rolle}")
        return bruker


def _aktive_admins(okt: Session) -> int:
    return int(okt.exec(select(func.count()).select_from(Systembruker).where(
        col(Systembruker.rolle) == Rolle.ADMIN, col(Systembruker.aktiv))).one())


def endre_tilgang(avh: Avhengigheter, aktor: Aktor, bruker_id: int, *, rolle: Rolle | str, aktiv: bool,
                  tjenesteyter_id: int | None) -> Systembruker:
    """Endre rolle, aktiv-flagg og tjenesteyter; gjelder fra brukerens neste klikk og logges (R-AC2, R-AC3)."""
    with arbeidsenhet(avh.motor) as okt:
        _krev_admin(okt, aktor, f"systembruker {bruker_id}")
        bruker = okt.get(Systembruker, bruker_id)
        if bruker is None:
            raise IkkeFunnet(f"Fant ingen bruker med id {bruker_id}.")
        feil: list[Feltfeil] = []
        if str(rolle) not in {r.value for r in Rolle}:
            feil.append(Feltfeil("rolle", "Velg koordinator, saksbehandler, leder eller admin."))
        elif str(rolle) == Rolle.KOORDINATOR and tjenesteyter_id is None:
            feil.append(Feltfeil("tjenesteyter", "En koordinator må kobles til sin tjenesteyter."))
        mister_admin = bruker.rolle == Rolle.ADMIN and bruker.aktiv and (str(rolle) != Rolle.ADMIN or not aktiv)
        if mister_admin and _aktive_admins(okt) <= 1:
            feil.append(Feltfeil("rolle", "Det må finnes minst én aktiv administrator."))
        if feil:
            raise Valideringsfeil(feil)
        for_ = f"{bruker.rolle}/{'aktiv' if bruker.aktiv else 'deaktivert'}"
        bruker.rolle, bruker.aktiv, bruker.tjenesteyter_id = Rolle(str(rolle)), aktiv, tjenesteyter_id
        okt.add(bruker)
        etter = f"{bruker.rolle}/{'aktiv' if aktiv else 'deaktivert'}"
        logg(okt, aktor, None, "endre", f"systembruker {bruker_id}", f"tilgang endret fra {for_} til {etter}")
        return bruker


def sett_passord(avh: Avhengigheter, aktor: Aktor, bruker_id: int, passord: str) -> None:
    """Sett nytt passord på en lokal konto (argon2id); hendelsen logges, passordet aldri."""
    if len(passord or "") < MIN_PASSORD:
        raise Valideringsfeil.en("passord", f"Passordet må ha minst {MIN_PASSORD} tegn.")
    with arbeidsenhet(avh.motor) as okt:
        _krev_admin(okt, aktor, f"systembruker {bruker_id}")
        bruker = okt.get(Systembruker, bruker_id)
        if bruker is None:
            raise IkkeFunnet(f"Fant ingen bruker med id {bruker_id}.")
        bruker.passord_hash = hash_passord(passord)
        okt.add(bruker)
        logg(okt, aktor, None, "endre", f"systembruker {bruker_id}", "nytt passord satt")


@dataclass(frozen=True)
class Brukerrad:
    """En systembruker slik administratoren ser den (uten passordhash)."""

    id: int
    brukernavn: str
    navn: str
    epost: str | None
    rolle: str
    aktiv: bool
    tjenesteyter_id: int | None
    har_passord: bool
    har_oidc: bool
    siste_innlogging: datetime | None


def list_brukere(avh: Avhengigheter, aktor: Aktor, *, sok: str = "", grense: int = 25,
                 forskyvning: int = 0) -> list[Brukerrad]:
    """Systembrukerne, filtrert på brukernavn eller navn og sidedelt i SQL (uten passordhasher)."""
    if aktor.rolle != Rolle.ADMIN:
        raise IngenTilgang("Bare administrator kan se brukerne.")
    sporring = select(Systembruker)
    if sok.strip():
        monster = f"%{sok.strip().lower()}%"
        sporring = sporring.where(func.lower(col(Systembruker.brukernavn)).like(monster)
                                  | func.lower(col(Systembruker.navn)).like(monster))
    with lesing(avh.motor) as okt:
        rader = list(okt.exec(sporring.order_by(col(Systembruker.brukernavn)).offset(forskyvning).limit(grense)))
        return [Brukerrad(r.id or 0, r.brukernavn, r.navn, r.epost, str(r.rolle), r.aktiv, r.tjenesteyter_id,
                          r.passord_hash is not None, r.oidc_sub is not None, r.siste_innlogging) for r in rader]


def opprett_virksomhet(avh: Avhengigheter, aktor: Aktor, navn: str, sektor: Sektor | str,
                       epost: str | None = None) -> Virksomhet:
    """Legg til en virksomhet i registeret."""
    with arbeidsenhet(avh.motor) as okt:
        _krev_admin(okt, aktor, "virksomhet")
        feil = [] if navn.strip() else [Feltfeil("navn", "Må fylles ut.")]
        if str(sektor) not in {s.value for s in Sektor}:
            feil.append(Feltfeil("sektor", "Velg en sektor fra listen."))
        if okt.exec(select(Virksomhet.id).where(col(Virksomhet.navn) == navn.strip())).first():
            feil.append(Feltfeil("navn", "Virksomheten finnes allerede."))
        if feil:
            raise Valideringsfeil(feil)
        virksomhet = Virksomhet(navn=navn.strip(), sektor=Sektor(str(sektor)), epost=(epost or "").strip() or None)
        okt.add(virksomhet)
        okt.flush()
        logg(okt, aktor, None, "endre", f"virksomhet {virksomhet.id}", "opprettet")
        return virksomhet


@dataclass(frozen=True)
class NyTjenesteyter:
    """Skjema for en tjenesteyter (ansatt som kan være koordinator, tiltaksansvarlig eller gruppemedlem)."""

    navn: str
    epost: str
    virksomhet_id: int
    stilling: str | None = None
    kan_vaere_koordinator: bool = False


def opprett_tjenesteyter(avh: Avhengigheter, aktor: Aktor, skjema: NyTjenesteyter) -> Tjenesteyter:
    """Legg til en tjenesteyter; e-postadressen er den påminnelser sendes til (R-MAIL3)."""
    with arbeidsenhet(avh.motor) as okt:
        _krev_admin(okt, aktor, "tjenesteyter")
        feil = [] if skjema.navn.strip() else [Feltfeil("navn", "Må fylles ut.")]
        epost = skjema.epost.strip().lower()
        if not _EPOST.fullmatch(epost):
            feil.append(Feltfeil("e-post", "Skriv en gyldig e-postadresse."))
        elif okt.exec(select(Tjenesteyter.id).where(col(Tjenesteyter.epost) == epost)).first():
            feil.append(Feltfeil("e-post", "E-postadressen er allerede registrert på en tjenesteyter."))
        if okt.get(Virksomhet, skjema.virksomhet_id) is None:
            feil.append(Feltfeil("virksomhet", "Velg en virksomhet fra listen."))
        if feil:
            raise Valideringsfeil(feil)
        ty = Tjenesteyter(navn=skjema.navn.strip(), epost=epost, virksomhet_id=skjema.virksomhet_id,
                          stilling=(skjema.stilling or "").strip() or None,
                          kan_vaere_koordinator=skjema.kan_vaere_koordinator)
        okt.add(ty)
        okt.flush()
        logg(okt, aktor, None, "endre", f"tjenesteyter {ty.id}", "opprettet")
        return ty


def endre_tjenestetype(avh: Avhengigheter, aktor: Aktor, tjenestetype_id: int, *, lovpalagt: bool,
                       kan_paklages: bool, typisk_tidsbegrenset: bool) -> Tjenestetype:
    """Endre flaggene som styrer klageruten for en tjenestetype (kilderegler.md §8 punkt 23)."""
    with arbeidsenhet(avh.motor) as okt:
        _krev_admin(okt, aktor, f"tjenestetype {tjenestetype_id}")
        tt = okt.get(Tjenestetype, tjenestetype_id)
        if tt is None:
            raise IkkeFunnet(f"Fant ingen tjenestetype med id {tjenestetype_id}.")
        tt.lovpalagt, tt.kan_paklages, tt.typisk_tidsbegrenset = lovpalagt, kan_paklages, typisk_tidsbegrenset
        okt.add(tt)
        logg(okt, aktor, None, "endre", f"tjenestetype {tt.kode}", "flagg endret")
        return tt


def virksomheter(avh: Avhengigheter) -> list[Virksomhet]:
    """Alle virksomheter sortert på navn (referansedata)."""
    with lesing(avh.motor) as okt:
        rader = list(okt.exec(select(Virksomhet).order_by(col(Virksomhet.navn))))
        okt.expunge_all()  # radene skal kunne leses etter at lesetransaksjonen er rullet tilbake
        return rader


def alle_tjenestetyper(avh: Avhengigheter) -> list[Tjenestetype]:
    """Tjenestekatalogen med flagg (referansedata)."""
    with lesing(avh.motor) as okt:
        rader = list(okt.exec(select(Tjenestetype).order_by(col(Tjenestetype.kategori), col(Tjenestetype.navn))))
        okt.expunge_all()
        return rader

