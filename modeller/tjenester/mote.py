"""Møter i ansvarsgrupper, KE-gruppen og samhandlingsforum: innkalle, flytte, avlyse, gjennomføre, referat.

Et møte fatter aldri vedtak: ansvarsgruppen har ingen vedtaksmyndighet (001_c5df1bb6b580be91.txt
L797–798; lovkrav K21). Ingen funksjon her skriver `Vedtak`, og `Mote` har ingen kobling til vedtak.
Møter legges på virkedager (sikkerhet-og-drift.md R-TZ4). Innkallingene og avlysningene (e-post med
kalenderfil) lages i `modeller.tjenester.motevarsler`.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.kalender import OSLO, lokal_dato, lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Motestatus, Oppgavetype, Rolle, Varselstatus
from modeller.regler.moteplikt import neste_motedag
from modeller.tabeller import Gruppe, Koordinatoroppdrag, Mote, Oppgave, Systembruker, Varsel
from modeller.tjenester.feil import Feltfeil, IkkeFunnet, Valideringsfeil
from modeller.tjenester.gruppe import hent_gruppe, krev_gruppetilgang, mottakere
from modeller.tjenester.motevarsler import INNKALLING, MOTE, koe, send_innkallinger
from modeller.tjenester.oppgaver import lukk_oppgaver, opprett_oppgave
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.utboks import kanseller_varsler

STANDARD_STED = "Se saken i enheten"
MAKS_VARIGHET_MIN = 600


@dataclass(frozen=True)
class Gjennomfort:
    """Møtet som ble registrert gjennomført, og neste møte i serien (om det ble satt opp)."""

    mote: Mote
    neste: Mote | None


def _tidspunkt(avh: Avhengigheter, onsket: date, klokkeslett: time, varighet_min: int,
               idag: date) -> tuple[datetime, datetime]:
    feil = []
    if onsket < idag:
        feil.append(Feltfeil("dato", "Møtet kan ikke legges til en dag som har vært."))
    if not 0 < varighet_min <= MAKS_VARIGHET_MIN:
        feil.append(Feltfeil("varighet_min", f"Varigheten må være mellom 1 og {MAKS_VARIGHET_MIN} minutter."))
    if feil:
        raise Valideringsfeil(feil)
    dag = neste_motedag(onsket, avh.fridager_rundt(onsket))
    start = lokalt_tidspunkt(dag, klokkeslett)
    return start, start + timedelta(minutes=varighet_min)


def _innkall_i_okt(okt: Session, avh: Avhengigheter, gruppe: Gruppe, *, idag: date, na: datetime, onsket: date,
                   klokkeslett: time, varighet_min: int, sted: str | None) -> Mote:
    if gruppe.avsluttet_dato is not None:
        raise Valideringsfeil.en("gruppe", "Gruppen er avsluttet.")
    start, slutt = _tidspunkt(avh, onsket, klokkeslett, varighet_min, idag)
    mote = Mote(gruppe_id=gruppe.id or 0, start=start, slutt=slutt, uid=f"mote-{secrets.token_hex(12)}@enheten",
                sted=(sted or gruppe.sted or STANDARD_STED).strip(), sekvens=0)
    okt.add(mote)
    okt.flush()
    send_innkallinger(okt, avh, gruppe, mote, idag=idag, na=na)
    return mote


def innkall_ansvarsgruppe(avh: Avhengigheter, aktor: Aktor, gruppe_id: int, *, idag: date, na: datetime,
                          onsket_dato: date | None = None, klokkeslett: time = time(10, 0), varighet_min: int = 90,
                          sted: str | None = None) -> Mote:
    """Sett opp neste møte på en virkedag og legg innkallinger med kalenderfil i utboksen."""
    with arbeidsenhet(avh.motor) as okt:
        gruppe = hent_gruppe(okt, gruppe_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="kalle inn til møte")
        onsket = onsket_dato or idag + timedelta(days=avh.regelverk.innkalling_dager_for)
        return _innkall_i_okt(okt, avh, gruppe, idag=idag, na=na, onsket=onsket, klokkeslett=klokkeslett,
                              varighet_min=varighet_min, sted=sted)


# KE-gruppen og samhandlingsforum kalles inn på samme måte.
innkall_mote = innkall_ansvarsgruppe


def _planlagt(okt: Session, mote_id: int) -> tuple[Mote, Gruppe]:
    mote = okt.get(Mote, mote_id)
    if mote is None:
        raise IkkeFunnet(f"Fant ikke møte {mote_id}.")
    if mote.status != Motestatus.PLANLAGT:
        raise Valideringsfeil.en("status", "Møtet er allerede gjennomført eller avlyst.")
    return mote, hent_gruppe(okt, mote.gruppe_id)


def flytt_mote(avh: Avhengigheter, aktor: Aktor, mote_id: int, *, idag: date, na: datetime, ny_dato: date,
               klokkeslett: time | None = None, varighet_min: int | None = None, sted: str | None = None) -> Mote:
    """Flytt møtet: ny tid på virkedag, SEQUENCE + 1, gamle ventende innkallinger erstattes av nye."""
    with arbeidsenhet(avh.motor) as okt:
        mote, gruppe = _planlagt(okt, mote_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="flytte møte")
        lokal_start = mote.start.astimezone(OSLO)
        varighet = varighet_min or int((mote.slutt - mote.start).total_seconds() // 60)
        mote.start, mote.slutt = _tidspunkt(avh, ny_dato, klokkeslett or lokal_start.time().replace(tzinfo=None),
                                            varighet, idag)
        mote.sted, mote.sekvens = (sted or mote.sted).strip(), mote.sekvens + 1
        okt.add(mote)
        kanseller_varsler(okt, grunn="møtet er flyttet", objekt_type=MOTE, objekt_id=mote.id, varseltype=INNKALLING)
        send_innkallinger(okt, avh, gruppe, mote, idag=idag, na=na)
        return mote


def avlys_mote(avh: Avhengigheter, aktor: Aktor, mote_id: int, *, idag: date, na: datetime) -> Mote:
    """Avlys: ventende innkallinger stoppes; den som alt har fått innkalling, får avlysning (METHOD:CANCEL)."""
    with arbeidsenhet(avh.motor) as okt:
        mote, gruppe = _planlagt(okt, mote_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="avlyse møte")
        mote.status, mote.sekvens = Motestatus.AVLYST, mote.sekvens + 1
        okt.add(mote)
        kanseller_varsler(okt, grunn="møtet er avlyst", objekt_type=MOTE, objekt_id=mote.id, varseltype=INNKALLING)
        fikk = set(okt.exec(select(Varsel.mottaker_epost).where(
            Varsel.objekt_type == MOTE, Varsel.objekt_id == mote.id, Varsel.varseltype == INNKALLING,
            col(Varsel.status).in_([Varselstatus.SENDT, Varselstatus.SENDER]))))
        for mottaker in mottakere(okt, gruppe, lokal_dato(mote.start), avh.innstillinger.malform):
            if mottaker.epost in fikk:
                koe(okt, avh, gruppe, mote, mottaker, metode="CANCEL", forfall=idag, na=na)
        return mote


def _referatansvarlig(okt: Session, gruppe: Gruppe, dato: date) -> tuple[int | None, Rolle | None]:
    """Personens koordinator (via systembrukeren knyttet til tjenesteyteren), ellers KE-saksbehandlernes kø."""
    if gruppe.person_id is None:
        return None, Rolle.LEDER
    bruker_id = okt.exec(
        select(Systembruker.id)
        .join(Koordinatoroppdrag, col(Koordinatoroppdrag.tjenesteyter_id) == col(Systembruker.tjenesteyter_id))
        .where(Koordinatoroppdrag.person_id == gruppe.person_id, col(Koordinatoroppdrag.fra) <= dato,
               (col(Koordinatoroppdrag.til).is_(None)) | (col(Koordinatoroppdrag.til) >= dato),
               col(Systembruker.aktiv))
        .order_by(col(Koordinatoroppdrag.fra).desc())).first()
    return (bruker_id, None) if bruker_id is not None else (None, Rolle.SAKSBEHANDLER)


def _har_senere_mote(okt: Session, gruppe_id: int, etter: datetime) -> bool:
    return okt.exec(select(Mote.id).where(Mote.gruppe_id == gruppe_id, Mote.status == Motestatus.PLANLAGT,
                                          col(Mote.start) > etter)).first() is not None


def registrer_mote_gjennomfort(avh: Avhengigheter, aktor: Aktor, mote_id: int, *, idag: date,
                               na: datetime) -> Gjennomfort:
    """Møtet er holdt: oppgave «skriv referat» til koordinatoren, og neste møte settes opp i gruppens takt."""
    with arbeidsenhet(avh.motor) as okt:
        mote, gruppe = _planlagt(okt, mote_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="registrere gjennomført møte")
        motedag = lokal_dato(mote.start)
        if motedag > idag:
            raise Valideringsfeil.en("status", "Et møte kan ikke registreres som gjennomført før det er holdt.")
        mote.status = Motestatus.GJENNOMFORT
        okt.add(mote)
        eier_id, eier_rolle = _referatansvarlig(okt, gruppe, motedag)
        opprett_oppgave(okt, oppgavetype=Oppgavetype.SKRIV_REFERAT, objekt_type=MOTE, objekt_id=mote.id,
                        frist=motedag + timedelta(days=avh.regelverk.referat_frist_dager), eier_id=eier_id,
                        eier_rolle=eier_rolle, person_id=gruppe.person_id)
        neste = None
        if gruppe.avsluttet_dato is None and not _har_senere_mote(okt, gruppe.id or 0, mote.start):
            lokal = mote.start.astimezone(OSLO)
            neste = _innkall_i_okt(
                okt, avh, gruppe, idag=idag, na=na, onsket=max(idag, motedag + timedelta(weeks=gruppe.intervall_uker)),
                klokkeslett=lokal.time().replace(tzinfo=None), sted=mote.sted,
                varighet_min=int((mote.slutt - mote.start).total_seconds() // 60))
        return Gjennomfort(mote=mote, neste=neste)


def registrer_referat(avh: Avhengigheter, aktor: Aktor, mote_id: int, referat: str, *, idag: date,
                      na: datetime) -> Mote:
    """Lagre referatet og lukk «skriv referat»; referatet er ikke et vedtak (001 L797–798; K21)."""
    with arbeidsenhet(avh.motor) as okt:
        mote = okt.get(Mote, mote_id)
        if mote is None:
            raise IkkeFunnet(f"Fant ikke møte {mote_id}.")
        gruppe = hent_gruppe(okt, mote.gruppe_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="skrive referat")
        if mote.status != Motestatus.GJENNOMFORT:
            raise Valideringsfeil.en("status", "Referat kan bare skrives for et gjennomført møte.")
        if not referat.strip():
            raise Valideringsfeil.en("referat", "Referatet kan ikke være tomt.")
        mote.referat, mote.referat_skrevet = referat.strip(), na
        okt.add(mote)
        # Påminnelsen «referat mangler» peker på oppgaven (paminnelser_plan.referat_mangler).
        for oppgave_id in okt.exec(select(Oppgave.id).where(
                Oppgave.oppgavetype == Oppgavetype.SKRIV_REFERAT, Oppgave.objekt_type == MOTE,
                Oppgave.objekt_id == mote.id)):
            kanseller_varsler(okt, grunn="referatet er skrevet", objekt_type="oppgave", objekt_id=oppgave_id,
                              varseltype="referat_mangler")
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.SKRIV_REFERAT, objekt_type=MOTE, objekt_id=mote.id, na=na,
                      av=aktor.navn)
        return mote
