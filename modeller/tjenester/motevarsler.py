"""E-post med kalenderfil om møter: innkallinger og avlysninger til hvert medlem for seg.

Innkallingene er kalenderinvitasjoner med samme UID og økende SEQUENCE (RFC 5546); hver mottaker får sin egen
fil med bare sin egen adresse, så ingen e-post viser brukerens eller de pårørendes adresser for de andre
medlemmene (Normen). Teksten og kalenderfilen har bare møtets ugjennomsiktige referanse og tidspunkt, ingen
personopplysninger. Møtestedet er fritekst («Hjemme hos …») og blir derfor i enheten: e-posten ber mottakeren
logge inn for å se det, og kalenderfilen har ingen LOCATION. Innkallingen går `innkalling_dager_for` dager før
møtet, på en virkedag.
"""

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from modeller.ics import bygg_invitasjon
from modeller.kalender import lokal_dato, lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Motestatus, Varselstatus
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import Gruppe, Mote, Person, Varsel
from modeller.tjenester.feil import Konflikt
from modeller.tjenester.gruppe import Mottaker, mottakere
from modeller.tjenester.utboks import SENDETID, legg_i_utboks, varselnokkel

MOTE = "mote"
INNKALLING, AVLYST = "mote_innkalling", "mote_avlyst"
OPPSUMMERING = {Gruppetype.ANSVARSGRUPPE: "Ansvarsgruppemøte", Gruppetype.KE_GRUPPE: "Møte i KE-gruppen",
                Gruppetype.SAMHANDLINGSFORUM: "Samhandlingsforum"}
ROLLE = {Gruppetype.ANSVARSGRUPPE: "medlem av ansvarsgruppen", Gruppetype.KE_GRUPPE: "medlem av KE-gruppen",
         Gruppetype.SAMHANDLINGSFORUM: "medlem av samhandlingsforum"}


def _referanse(okt: Session, gruppe: Gruppe) -> str:
    """Personens ugjennomsiktige referanse for ansvarsgrupper, ellers en gruppereferanse."""
    person = okt.get(Person, gruppe.person_id) if gruppe.person_id else None
    return person.referanse if person else f"G-{gruppe.id}"


def koe(okt: Session, avh: Avhengigheter, gruppe: Gruppe, mote: Mote, mottaker: Mottaker, *, metode: str,
        forfall: date, na: datetime) -> None:
    """Én e-post med kalenderfil til én mottaker; uten personopplysninger i tekst eller kalenderfil."""
    innst, ref = avh.innstillinger, _referanse(okt, gruppe)
    lenke = f"{innst.dashbord_url}/?ref={ref}"
    ics = bygg_invitasjon(
        uid=mote.uid, sekvens=mote.sekvens, start=mote.start, slutt=mote.slutt,
        oppsummering=f"{OPPSUMMERING[Gruppetype(gruppe.gruppetype)]} {ref}",
        beskrivelse=f"Se saken i enheten: {lenke}", arrangor_epost=innst.smtp_avsender,
        deltakere=[mottaker.epost], metode=metode, stempel=na).decode("utf-8")
    kontekst: dict[str, object] = {"referanse": ref, "motestart": mote.start, "lenke": lenke,
                                   "kommunenavn": innst.kommunenavn, "ke_navn": innst.ke_navn,
                                   "mottakerrolle": ROLLE[Gruppetype(gruppe.gruppetype)]}
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


def send_innkallinger(okt: Session, avh: Avhengigheter, gruppe: Gruppe, mote: Mote, *, idag: date,
                      na: datetime, bare_medlem: int | None = None) -> None:
    """Innkalling til alle medlemmer som er aktive på møtedagen (eller bare ett av dem)."""
    motedag = lokal_dato(mote.start)
    for mottaker in mottakere(okt, gruppe, motedag, avh.innstillinger.malform):
        if bare_medlem is None or mottaker.medlem_id == bare_medlem:
            koe(okt, avh, gruppe, mote, mottaker, metode="REQUEST", forfall=_innkallingsdag(avh, motedag, idag),
                na=na)


def inviter_til_planlagte(okt: Session, avh: Avhengigheter, gruppe: Gruppe, medlem_id: int, *, idag: date,
                          na: datetime) -> None:
    """Et nytt medlem får innkalling til gruppens planlagte møter fra i dag (brukes av `legg_til_medlem`)."""
    for mote in okt.exec(select(Mote).where(Mote.gruppe_id == gruppe.id, Mote.status == Motestatus.PLANLAGT,
                                            col(Mote.start) >= lokalt_tidspunkt(idag, time(0)))):
        send_innkallinger(okt, avh, gruppe, mote, idag=idag, na=na, bare_medlem=medlem_id)
