"""Møter i ansvarsgrupper, KE-gruppen og samhandlingsforum: innkalle, flytte, avlyse, gjennomføre, referat.

Et møte fatter aldri vedtak: ansvarsgruppen har ingen vedtaksmyndighet (001_c5df1bb6b580be91.txt
L797–798; lovkrav K21). Ingen funksjon her skriver `Vedtak`, og `Mote` har ingen kobling til vedtak.
Møter legges på virkedager (sikkerhet-og-drift.md R-TZ4). Innkallingene er kalenderinvitasjoner med
samme UID og økende SEQUENCE (RFC 5546); hver mottaker får sin egen fil med bare sin egen adresse, så
ingen e-post viser brukerens eller de pårørendes adresser for de andre medlemmene (Normen).
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.ics import bygg_invitasjon
from modeller.kalender import OSLO, lokal_dato, lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Motestatus, Oppgavetype, Rolle, Varselstatus
from modeller.regler.moteplikt import neste_motedag
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import Gruppe, Koordinatoroppdrag, Mote, Oppgave, Person, Systembruker, Varsel
from modeller.tjenester.feil import Feltfeil, IkkeFunnet, Konflikt, Valideringsfeil
from modeller.tjenester.gruppe import Mottaker, hent_gruppe, krev_gruppetilgang, mottakere
from modeller.tjenester.oppgaver import lukk_oppgaver, opprett_oppgave
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.utboks import SENDETID, kanseller_varsler, legg_i_utboks, varselnokkel

MOTE = "mote"
INNKALLING, AVLYST = "mote_innkalling", "mote_avlyst"
OPPSUMMERING = {Gruppetype.ANSVARSGRUPPE: "Ansvarsgruppemøte", Gruppetype.KE_GRUPPE: "Møte i KE-gruppen",
                Gruppetype.SAMHANDLINGSFORUM: "Samhandlingsforum"}
ROLLE = {Gruppetype.ANSVARSGRUPPE: "medlem av ansvarsgruppen", Gruppetype.KE_GRUPPE: "medlem av KE-gruppen",
         Gruppetype.SAMHANDLINGSFORUM: "medlem av samhandlingsforum"}
STANDARD_STED = "Se saken i enheten"
MAKS_VARIGHET_MIN = 600


@dataclass(frozen=True)
class Gjennomfort:
    """Møtet som ble registrert gjennomført, og neste møte i serien (om det ble satt opp)."""

    mote: Mote
    neste: Mote | None


def _referanse(okt: Session, gruppe: Gruppe) -> str:
    """Personens ugjennomsiktige referanse for ansvarsgrupper, ellers en gruppereferanse."""
    person = okt.get(Person, gruppe.person_id) if gruppe.person_id else None
    return person.referanse if person else f"G-{gruppe.id}"


def _koe(okt: Session, avh: Avhengigheter, gruppe: Gruppe, mote: Mote, mottaker: Mottaker, *, metode: str,
         forfall: date, na: datetime) -> None:
    """Én e-post med kalenderfil til én mottaker; uten personopplysninger i tekst eller kalenderfil."""
    innst, ref = avh.innstillinger, _referanse(okt, gruppe)
    lenke = f"{innst.dashbord_url}/?ref={ref}"
    ics = bygg_invitasjon(
        uid=mote.uid, sekvens=mote.sekvens, start=mote.start, slutt=mote.slutt, sted=mote.sted,
        oppsummering=f"{OPPSUMMERING[Gruppetype(gruppe.gruppetype)]} {ref}",
        beskrivelse=f"Se saken i enheten: {lenke}", arrangor_epost=innst.smtp_avsender,
        deltakere=[mottaker.epost], metode=metode, stempel=na).decode("utf-8")
    kontekst: dict[str, object] = {"referanse": ref, "motestart": mote.start, "lenke": lenke,
                                   "kommunenavn": innst.kommunenavn, "ke_navn": innst.ke_navn,
                                   "mottakerrolle": ROLLE[Gruppetype(gruppe.gruppetype)]}
    if metode == "REQUEST":
        kontekst["motested"] = mote.sted
    varseltype = INNKALLING if metode == "REQUEST" else AVLYST
    if legg_i_utboks(okt, varseltype=varseltype, mottaker_epost=mottaker.epost, forfallsdato=forfall,
                     objekt_type=MOTE, objekt_id=mote.id, kontekst=kontekst, malform=mottaker.malform,
                     person_id=gruppe.person_id, ics=ics) is None:
        _forny(okt, varselnokkel(varseltype, MOTE, mote.id, forfall, mottaker.epost), kontekst, ics)


def _forny(okt: Session, nokkel: str, kontekst: dict[str, object], ics: str) -> None:
    """Samme nøkkel finnes fra en tidligere versjon av møtet: raden får nytt innhold og sendes på nytt."""
    rad = okt.exec(select(Varsel).where(Varsel.nokkel == nokkel)).one()
    if rad.status == Varselstatus.SENDER:
        raise Konflikt("En e-post om dette møtet sendes akkurat nå. Vent litt og prøv igjen.")
    rad.kontekst = {k: (v.isoformat() if isinstance(v, datetime | date) else v) for k, v in kontekst.items()}
    rad.ics, rad.status, rad.forsok, rad.siste_feil = ics, Varselstatus.VENTER, 0, None
    rad.sendt, rad.message_id, rad.lease_til, rad.tatt_av = None, None, None, None
    rad.neste_forsok = lokalt_tidspunkt(rad.forfallsdato, SENDETID)
    okt.add(rad)


def _innkallingsdag(avh: Avhengigheter, motedag: date, idag: date) -> date:
    """Innkallingen går `innkalling_dager_for` dager før møtet, tidligst i dag, på en virkedag."""
    return neste_virkedag(max(idag, motedag - timedelta(days=avh.regelverk.innkalling_dager_for)),
                          avh.fridager_rundt(motedag))


def _send_innkallinger(okt: Session, avh: Avhengigheter, gruppe: Gruppe, mote: Mote, *, idag: date,
                       na: datetime, bare_medlem: int | None = None) -> None:
    """Innkalling til alle medlemmer som er aktive på møtedagen (eller bare ett av dem)."""
    motedag = lokal_dato(mote.start)
    for mottaker in mottakere(okt, gruppe, motedag, avh.innstillinger.malform):
        if bare_medlem is None or mottaker.medlem_id == bare_medlem:
            _koe(okt, avh, gruppe, mote, mottaker, metode="REQUEST", forfall=_innkallingsdag(avh, motedag, idag),
                 na=na)


def inviter_til_planlagte(okt: Session, avh: Avhengigheter, gruppe: Gruppe, medlem_id: int, *, idag: date,
                          na: datetime) -> None:
    """Et nytt medlem får innkalling til gruppens planlagte møter fra i dag (brukes av `legg_til_medlem`)."""
    for mote in okt.exec(select(Mote).where(Mote.gruppe_id == gruppe.id, Mote.status == Motestatus.PLANLAGT,
                                            col(Mote.start) >= lokalt_tidspunkt(idag, time(0)))):
        _send_innkallinger(okt, avh, gruppe, mote, idag=idag, na=na, bare_medlem=medlem_id)


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
    _send_innkallinger(okt, avh, gruppe, mote, idag=idag, na=na)
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
        _send_innkallinger(okt, avh, gruppe, mote, idag=idag, na=na)
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
                _koe(okt, avh, gruppe, mote, mottaker, metode="CANCEL", forfall=idag, na=na)
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
