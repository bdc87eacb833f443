"""Koordinator og barnekoordinator: forslag, oppnevning, avslutning og opplæring (lovkrav K7–K10).

KE oppnevner med delegert myndighet (001_c5df1bb6b580be91.txt L919), legger stor vekt på brukerens
ønske (L923–924), velger fra instansen i livsfasetabellen (L926–945) og har ansvar for opplæringen
(L909–910; hol § 7-3). Ingen oppnevning uten samtykke (003_e8b2068bec45c70c.txt L1660–1663). En
koordinator kan oppnevnes uten individuell plan (lovkrav K7; pbrl § 2-5 b).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Instans, Koordinatorrolle, Oppgavestatus, Oppgavetype, Rolle
from modeller.regler.frister import barnekoordinator_sluttdato
from modeller.regler.identitet import alder
from modeller.regler.koordinatorvalg import Kandidat, Rangert, ranger_kandidater
from modeller.regler.livsfase import livsfase_for
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import Koordinatoroppdrag, Oppgave, Person, Tjenesteyter, Virksomhet
from modeller.tjenester.feil import Feltfeil, IkkeFunnet, IngenTilgang, Valideringsfeil
from modeller.tjenester.oppgaver import avbryt_oppgaver, lukk_oppgaver, opprett_oppgave
from modeller.tjenester.samtykke import krev_samtykke
from modeller.tjenester.tilgang import Aktor, krev_tilgang, logg
from modeller.tjenester.utboks import kanseller_varsler, legg_i_utboks

OPPDRAG = "koordinatoroppdrag"
TJENESTEYTER = "tjenesteyter"
NY_KOORDINATOR = "ny koordinator"


@dataclass(frozen=True)
class NyKoordinator:
    """Skjema for oppnevning; `begrunnelse` kreves når valget avviker fra forslaget eller brukerens ønske."""

    person_id: int
    tjenesteyter_id: int
    rolle: Koordinatorrolle = Koordinatorrolle.KOORDINATOR
    fra: date | None = None
    brukers_onske: str | None = None
    onsket_tjenesteyter_id: int | None = None
    begrunnelse: str = ""


def _hent_person(okt: Session, person_id: int) -> Person:
    person = okt.get(Person, person_id)
    if person is None:
        raise IkkeFunnet(f"Fant ingen person med id {person_id}.")
    return person


def _kandidater(okt: Session, idag: date) -> list[Kandidat]:
    """Aktive tjenesteytere som kan være koordinator, med antall aktive oppdrag talt i én gruppert spørring."""
    belastning = (
        select(col(Koordinatoroppdrag.tjenesteyter_id).label("ty"), func.count().label("antall"))
        .where(or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag))
        .group_by(col(Koordinatoroppdrag.tjenesteyter_id))
        .subquery()
    )
    sporring = (
        select(Tjenesteyter, col(Virksomhet.instans), func.coalesce(belastning.c.antall, 0))
        .join(Virksomhet, col(Virksomhet.id) == col(Tjenesteyter.virksomhet_id))
        .outerjoin(belastning, belastning.c.ty == col(Tjenesteyter.id))
        .where(col(Tjenesteyter.aktiv), col(Tjenesteyter.kan_vaere_koordinator))
    )
    return [Kandidat(id=ty.id or 0, navn=ty.navn, instans=Instans(ins), opplaert=ty.opplaering_dato is not None,
                     antall_oppdrag=int(antall)) for ty, ins, antall in okt.exec(sporring)]


def _ranger(okt: Session, avh: Avhengigheter, person: Person, idag: date, onsket_id: int | None) -> list[Rangert]:
    if person.fodselsdato is None and not person.venter_barn:
        raise Valideringsfeil.en("fødselsdato", "Fødselsdato mangler; livsfasen kan ikke avgjøres uten den.")
    fase = livsfase_for(fodselsdato=person.fodselsdato, idag=idag, venter_barn=person.venter_barn,
                        regelverk=avh.regelverk)
    return ranger_kandidater(_kandidater(okt, idag), livsfase=fase, onsket_id=onsket_id)


def foresla_koordinator(avh: Avhengigheter, aktor: Aktor, person_id: int, *, idag: date,
                        onsket_tjenesteyter_id: int | None = None) -> list[Rangert]:
    """Ranger mulige koordinatorer med forklaring: ønske, livsfase, opplæring, belastning (001 L909–945)."""
    with arbeidsenhet(avh.motor) as okt:
        person = _hent_person(okt, person_id)
        krev_tilgang(okt, aktor, person_id, hva="koordinatorforslag", hvorfor="foreslå koordinator", idag=idag)
        return _ranger(okt, avh, person, idag, onsket_tjenesteyter_id)


def _er_barn(person: Person, dato: date, sluttalder: int) -> bool:
    """Barn under 18 år eller ventet barn (pbrl § 2-5 c; 001_c5df1bb6b580be91.txt L777–785)."""
    if person.fodselsdato is None or person.fodselsdato > dato:
        return person.venter_barn or person.fodselsdato is not None
    return alder(person.fodselsdato, dato) < sluttalder


def _valider(okt: Session, avh: Avhengigheter, person: Person, skjema: NyKoordinator, fra: date,
             rangering: list[Rangert]) -> Tjenesteyter:
    feil: list[Feltfeil] = []
    ty = okt.get(Tjenesteyter, skjema.tjenesteyter_id)
    if ty is None or not ty.aktiv or not ty.kan_vaere_koordinator:
        feil.append(Feltfeil("tjenesteyter", "Velg en aktiv tjenesteyter som kan være koordinator."))
    barn = _er_barn(person, fra, avh.regelverk.barnekoordinator_sluttalder)
    if skjema.rolle == Koordinatorrolle.BARNEKOORDINATOR and not barn:
        feil.append(Feltfeil("rolle", "Barnekoordinator kan bare oppnevnes for barn under 18 år eller ventet "
                                      "barn (pbrl § 2-5 c; 001_c5df1bb6b580be91.txt L785)."))
    forst = rangering[0].kandidat.id if rangering else None
    avviker = skjema.tjenesteyter_id != forst or (
        skjema.onsket_tjenesteyter_id is not None and skjema.tjenesteyter_id != skjema.onsket_tjenesteyter_id)
    if avviker and not skjema.begrunnelse.strip():
        feil.append(Feltfeil("begrunnelse", "Begrunn valget når du ikke velger brukerens ønske eller den "
                                            "øverste i forslaget (001_c5df1bb6b580be91.txt L923–924)."))
    if feil:
        raise Valideringsfeil(feil)
    assert ty is not None
    return ty


def _avslutt_forrige(okt: Session, person_id: int, fra: date) -> None:
    """Avslutter personens aktive oppdrag dagen før det nye begynner, med grunnen «ny koordinator»."""
    aktive = okt.exec(select(Koordinatoroppdrag).where(
        Koordinatoroppdrag.person_id == person_id,
        or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= fra)))
    for gammel in aktive:
        _avslutt(okt, gammel, max(gammel.fra, fra - timedelta(days=1)), NY_KOORDINATOR)


def _avslutt(okt: Session, oppdrag: Koordinatoroppdrag, dato: date, grunn: str) -> None:
    oppdrag.til, oppdrag.sluttgrunn = dato, grunn
    okt.add(oppdrag)
    kanseller_varsler(okt, grunn=f"koordinatoroppdraget er avsluttet: {grunn}", objekt_type=OPPDRAG,
                      objekt_id=oppdrag.id)
    avbryt_oppgaver(okt, grunn=f"koordinatoroppdraget er avsluttet: {grunn}", objekt_type=OPPDRAG,
                    objekt_id=oppdrag.id)


def lukk_personoppgaver(okt: Session, *, oppgavetype: Oppgavetype, person_id: int, na: datetime, av: str) -> int:
    """Fullfør personens åpne oppgaver av en type, uansett hvilket objekt de ble laget på."""
    antall = 0
    for oppgave in okt.exec(select(Oppgave).where(Oppgave.person_id == person_id, Oppgave.oppgavetype == oppgavetype,
                                                  Oppgave.status == Oppgavestatus.APEN)):
        oppgave.status, oppgave.fullfort, oppgave.fullfort_av = Oppgavestatus.FULLFORT, na, av
        okt.add(oppgave)
        antall += 1
    return antall


def _varsle(okt: Session, avh: Avhengigheter, person: Person, ty: Tjenesteyter, oppdrag: Koordinatoroppdrag,
            idag: date) -> None:
    """E-post til koordinatoren med bare referanse, dato og lenke (Normen; ARKITEKTUR.md punkt 3)."""
    innst = avh.innstillinger
    legg_i_utboks(
        okt, varseltype="koordinator_oppnevnt", mottaker_epost=ty.epost, objekt_type=OPPDRAG, objekt_id=oppdrag.id,
        forfallsdato=neste_virkedag(idag, avh.fridager_rundt(idag)), person_id=person.id,
        malform=ty.malform or innst.malform,
        kontekst={"referanse": person.referanse, "dato": oppdrag.fra, "mottakerrolle": str(oppdrag.rolle),
                  "lenke": f"{innst.dashbord_url}/?ref={person.referanse}", "kommunenavn": innst.kommunenavn,
                  "ke_navn": innst.ke_navn},
    )


def oppnevn_koordinator(avh: Avhengigheter, aktor: Aktor, skjema: NyKoordinator, *, idag: date,
                        na: datetime) -> Koordinatoroppdrag:
    """Oppnevn koordinator eller barnekoordinator med begrunnelse, samtykke, opplæringsoppgave og e-post.

    Lukker oppgavene «oppnevn koordinator» og «overgang fra barnekoordinator» for personen, og avslutter
    forrige oppdrag dagen før det nye begynner.
    """
    fra = skjema.fra or idag
    with arbeidsenhet(avh.motor) as okt:
        person = _hent_person(okt, skjema.person_id)
        krev_tilgang(okt, aktor, person.id or 0, hva="koordinatoroppdrag", hvorfor="oppnevne koordinator",
                     idag=idag, handling="endre")
        ty = _valider(okt, avh, person, skjema, fra, _ranger(okt, avh, person, idag, skjema.onsket_tjenesteyter_id))
        krev_samtykke(okt, skjema.person_id, idag, omfang="koordinator")
        for gjort in (Oppgavetype.OPPNEVN_KOORDINATOR, Oppgavetype.BARNEKOORDINATOR_OVERGANG):
            lukk_personoppgaver(okt, oppgavetype=gjort, person_id=skjema.person_id, na=na, av=aktor.navn)
        _avslutt_forrige(okt, skjema.person_id, fra)
        slutt = None
        if skjema.rolle == Koordinatorrolle.BARNEKOORDINATOR and person.fodselsdato is not None:
            slutt = barnekoordinator_sluttdato(person.fodselsdato, avh.regelverk)
        oppdrag = Koordinatoroppdrag(
            person_id=skjema.person_id, tjenesteyter_id=skjema.tjenesteyter_id, rolle=skjema.rolle, fra=fra,
            planlagt_slutt=slutt, brukers_onske=(skjema.brukers_onske or "").strip() or None,
            onsket_tjenesteyter_id=skjema.onsket_tjenesteyter_id, begrunnelse=skjema.begrunnelse.strip(),
            oppnevnt_av=aktor.navn)
        okt.add(oppdrag)
        okt.flush()
        if ty.opplaering_dato is None:
            opprett_oppgave(okt, oppgavetype=Oppgavetype.KOORDINATOROPPLAERING, objekt_type=TJENESTEYTER,
                            objekt_id=ty.id, eier_rolle=Rolle.LEDER,
                            frist=idag + timedelta(days=avh.regelverk.opplaering_frist_dager))
        _varsle(okt, avh, person, ty, oppdrag, idag)
        return oppdrag


def avslutt_koordinatoroppdrag(avh: Avhengigheter, aktor: Aktor, oppdrag_id: int, *, dato: date,
                               grunn: str) -> Koordinatoroppdrag:
    """Avslutt et koordinatoroppdrag på en dato med grunn; ventende e-post og åpne oppgaver for det stoppes."""
    with arbeidsenhet(avh.motor) as okt:
        oppdrag = okt.get(Koordinatoroppdrag, oppdrag_id)
        if oppdrag is None:
            raise IkkeFunnet(f"Fant ikke koordinatoroppdrag {oppdrag_id}.")
        krev_tilgang(okt, aktor, oppdrag.person_id, hva="koordinatoroppdrag", hvorfor="avslutte koordinatoroppdrag",
                     idag=dato, handling="endre")
        feil = []
        if not grunn.strip():
            feil.append(Feltfeil("grunn", "Oppgi hvorfor oppdraget avsluttes."))
        if dato < oppdrag.fra:
            feil.append(Feltfeil("dato", "Sluttdatoen kan ikke være før oppdraget begynte."))
        if oppdrag.til is not None and oppdrag.til < dato:
            feil.append(Feltfeil("dato", "Oppdraget er allerede avsluttet."))
        if feil:
            raise Valideringsfeil(feil)
        _avslutt(okt, oppdrag, dato, grunn.strip())
        return oppdrag


def registrer_opplaering(avh: Avhengigheter, aktor: Aktor, tjenesteyter_id: int, *, dato: date,
                         na: datetime | None = None) -> Tjenesteyter:
    """Registrer gitt koordinatoropplæring og lukk opplæringsoppgavene (hol § 7-3; 001 L909–910; lovkrav K9).

    `na` er tidspunktet oppgavene regnes som fullført; uten det brukes midnatt (Oslo) på `dato`.
    """
    with arbeidsenhet(avh.motor) as okt:
        if aktor.rolle not in (Rolle.LEDER, Rolle.SAKSBEHANDLER):
            logg(okt, aktor, None, "nektet", "koordinatoropplæring", "registrere opplæring")
            okt.commit()
            raise IngenTilgang("Bare koordinerende enhet kan registrere koordinatoropplæring.")
        ty = okt.get(Tjenesteyter, tjenesteyter_id)
        if ty is None:
            raise IkkeFunnet(f"Fant ingen tjenesteyter med id {tjenesteyter_id}.")
        ty.opplaering_dato = dato
        okt.add(ty)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.KOORDINATOROPPLAERING, objekt_type=TJENESTEYTER,
                      objekt_id=ty.id, na=na or lokalt_tidspunkt(dato, time(0)), av=aktor.navn)
        # Påminnelsen «opplæring mangler» peker på oppdragene (paminnelser_plan.opplaering_mangler).
        for oppdrag_id in okt.exec(select(Koordinatoroppdrag.id).where(Koordinatoroppdrag.tjenesteyter_id == ty.id)):
            kanseller_varsler(okt, grunn="opplæring er registrert", objekt_type=OPPDRAG, objekt_id=oppdrag_id,
                              varseltype="opplaering_mangler")
        logg(okt, aktor, None, "endre", f"tjenesteyter {ty.id}: koordinatoropplæring", "registrere opplæring")
        return ty
