"""Ansvarsgrupper, KE-gruppen og samhandlingsforum: opprette, medlemmer over tid, og hvem som får e-post.

Ansvarsgruppe opprettes bare når brukeren ønsker det (004_cca943988ffadea5.txt L214) og har ingen
vedtaksmyndighet (001_c5df1bb6b580be91.txt L797–798; lovkrav K21). KE-gruppen møtes minst 4 ganger i
året (004 L184) og samhandlingsforum månedlig (004 L224); de tilhører ingen person og trenger ikke samtykke.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Malform, Motestatus, Rolle
from modeller.tabeller import Gruppe, Gruppemedlem, Mote, Person, Relasjon, Tjenesteyter
from modeller.tjenester.feil import Feltfeil, IkkeFunnet, IngenTilgang, Valideringsfeil
from modeller.tjenester.samtykke import krev_samtykke
from modeller.tjenester.tilgang import Aktor, krev_tilgang, logg
from modeller.tjenester.utboks import kanseller_varsler

UKER_PER_AR = 52
KE_STAB = (Gruppetype.KE_GRUPPE, Gruppetype.SAMHANDLINGSFORUM)


@dataclass(frozen=True)
class NyttMedlem:
    """Et medlem: en tjenesteyter, en relasjon (pårørende, verge …) eller brukeren selv."""

    tjenesteyter_id: int | None = None
    relasjon_id: int | None = None
    er_bruker: bool = False
    rolle: str = "medlem"
    fra: date | None = None


@dataclass(frozen=True)
class NyAnsvarsgruppe:
    """Skjema for ansvarsgruppe; `brukers_onske` må være sann (004_cca943988ffadea5.txt L214)."""

    brukers_onske: bool
    navn: str = "Ansvarsgruppe"
    intervall_uker: int | None = None
    sted: str = ""
    medlemmer: tuple[NyttMedlem, ...] = ()


@dataclass(frozen=True)
class Mottaker:
    """Et aktivt medlem med e-postadresse og målform."""

    medlem_id: int
    epost: str
    malform: Malform


def hent_gruppe(okt: Session, gruppe_id: int) -> Gruppe:
    """Gruppen, eller `IkkeFunnet`."""
    gruppe = okt.get(Gruppe, gruppe_id)
    if gruppe is None:
        raise IkkeFunnet(f"Fant ingen gruppe med id {gruppe_id}.")
    return gruppe


def krev_gruppetilgang(okt: Session, aktor: Aktor, gruppe: Gruppe, *, idag: date, hvorfor: str) -> None:
    """Ansvarsgruppe: tjenstlig behov for personen; KE-gruppe og forum: leder eller saksbehandler i KE."""
    hva = f"gruppe {gruppe.id} ({gruppe.gruppetype})"
    if gruppe.person_id is not None:
        krev_tilgang(okt, aktor, gruppe.person_id, hva=hva, hvorfor=hvorfor, idag=idag, handling="endre")
        return
    if aktor.rolle not in (Rolle.LEDER, Rolle.SAKSBEHANDLER):
        logg(okt, aktor, None, "nektet", hva, hvorfor)
        okt.commit()
        raise IngenTilgang("Bare koordinerende enhet kan endre KE-gruppen og samhandlingsforum.")
    logg(okt, aktor, None, "endre", hva, hvorfor)


def _valider_medlem(okt: Session, medlem: NyttMedlem, person_id: int | None, felt: str) -> list[Feltfeil]:
    valgt = sum((medlem.tjenesteyter_id is not None, medlem.relasjon_id is not None, medlem.er_bruker))
    if valgt != 1:
        return [Feltfeil(felt, "Velg nøyaktig én: tjenesteyter, pårørende/representant eller brukeren selv.")]
    if medlem.tjenesteyter_id is not None:
        ty = okt.get(Tjenesteyter, medlem.tjenesteyter_id)
        if ty is None or not ty.aktiv:
            return [Feltfeil(felt, "Tjenesteyteren finnes ikke eller er ikke aktiv.")]
    elif person_id is None:
        return [Feltfeil(felt, "Bare tjenesteytere kan være medlemmer i KE-gruppen og samhandlingsforum.")]
    elif medlem.relasjon_id is not None:
        rel = okt.get(Relasjon, medlem.relasjon_id)
        if rel is None or rel.person_id != person_id:
            return [Feltfeil(felt, "Relasjonen hører ikke til denne personen.")]
    if not medlem.rolle.strip():
        return [Feltfeil(felt, "Oppgi medlemmets rolle i gruppen.")]
    return []


def _legg_til(okt: Session, gruppe: Gruppe, medlem: NyttMedlem, idag: date) -> Gruppemedlem:
    rad = Gruppemedlem(gruppe_id=gruppe.id or 0, tjenesteyter_id=medlem.tjenesteyter_id,
                       relasjon_id=medlem.relasjon_id, er_bruker=medlem.er_bruker, rolle=medlem.rolle.strip(),
                       fra=medlem.fra or idag)
    okt.add(rad)
    return rad


def _opprett(okt: Session, gruppe: Gruppe, medlemmer: Sequence[NyttMedlem], idag: date) -> Gruppe:
    feil = [f for i, m in enumerate(medlemmer) for f in _valider_medlem(okt, m, gruppe.person_id,
                                                                         f"medlemmer[{i + 1}]")]
    if not gruppe.navn.strip():
        feil.append(Feltfeil("navn", "Gruppen må ha et navn."))
    if gruppe.intervall_uker < 1:
        feil.append(Feltfeil("intervall_uker", "Møteintervallet må være minst én uke."))
    if feil:
        raise Valideringsfeil(feil)
    okt.add(gruppe)
    okt.flush()
    for medlem in medlemmer:
        _legg_til(okt, gruppe, medlem, idag)
    okt.flush()
    return gruppe


def opprett_ansvarsgruppe(avh: Avhengigheter, aktor: Aktor, person_id: int, skjema: NyAnsvarsgruppe, *,
                          idag: date) -> Gruppe:
    """Opprett ansvarsgruppe når brukeren ønsker det (004 L214), med samtykke til koordinering (K3)."""
    with arbeidsenhet(avh.motor) as okt:
        if okt.get(Person, person_id) is None:
            raise IkkeFunnet(f"Fant ingen person med id {person_id}.")
        krev_tilgang(okt, aktor, person_id, hva="ansvarsgruppe", hvorfor="opprette ansvarsgruppe", idag=idag,
                     handling="endre")
        if skjema.brukers_onske is not True:
            raise Valideringsfeil.en("brukers_onske", "Ansvarsgruppe opprettes bare når brukeren ønsker det "
                                                      "(004_cca943988ffadea5.txt L214).")
        krev_samtykke(okt, person_id, idag, omfang="koordinator")
        gruppe = Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn=skjema.navn.strip(), person_id=person_id,
                        opprettet_dato=idag, sted=skjema.sted.strip(),
                        intervall_uker=skjema.intervall_uker or avh.regelverk.ansvarsgruppe_intervall_uker)
        return _opprett(okt, gruppe, skjema.medlemmer, idag)


def opprett_motegruppe(avh: Avhengigheter, aktor: Aktor, gruppetype: Gruppetype, navn: str,
                       medlemmer: Sequence[NyttMedlem], intervall_uker: int | None = None, *, idag: date,
                       sted: str = "") -> Gruppe:
    """Opprett KE-gruppen (minst 4 møter i året, 004 L184) eller samhandlingsforum (månedlig, 004 L224)."""
    with arbeidsenhet(avh.motor) as okt:
        if gruppetype not in KE_STAB:
            raise Valideringsfeil.en("gruppetype", "Velg KE-gruppe eller samhandlingsforum; ansvarsgrupper "
                                                   "opprettes for en person.")
        per_ar = (avh.regelverk.ke_gruppe_min_moter_per_ar if gruppetype == Gruppetype.KE_GRUPPE
                  else avh.regelverk.samhandlingsforum_per_ar)
        gruppe = Gruppe(gruppetype=gruppetype, navn=navn.strip(), opprettet_dato=idag, sted=sted.strip(),
                        intervall_uker=intervall_uker or max(1, UKER_PER_AR // per_ar))
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="opprette møtegruppe")
        return _opprett(okt, gruppe, medlemmer, idag)


def legg_til_medlem(avh: Avhengigheter, aktor: Aktor, gruppe_id: int, medlem: NyttMedlem, *, idag: date,
                    na: datetime) -> Gruppemedlem:
    """Legg til et medlem fra en dato; medlemmet får innkalling til møtene som alt er planlagt."""
    # Møtevarslene bygger på denne modulen; importen her unngår en importsirkel.
    from modeller.tjenester.motevarsler import inviter_til_planlagte

    with arbeidsenhet(avh.motor) as okt:
        gruppe = hent_gruppe(okt, gruppe_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="legge til medlem")
        feil = _valider_medlem(okt, medlem, gruppe.person_id, "medlem")
        if gruppe.avsluttet_dato is not None:
            feil.append(Feltfeil("gruppe", "Gruppen er avsluttet."))
        if feil:
            raise Valideringsfeil(feil)
        rad = _legg_til(okt, gruppe, medlem, idag)
        okt.flush()
        inviter_til_planlagte(okt, avh, gruppe, rad.id or 0, idag=idag, na=na)
        return rad


def fjern_medlem(avh: Avhengigheter, aktor: Aktor, medlem_id: int, *, dato: date, idag: date) -> Gruppemedlem:
    """Medlemskapet slutter på `dato`; medlemmets ventende innkallinger til senere møter kanselleres."""
    with arbeidsenhet(avh.motor) as okt:
        medlem = okt.get(Gruppemedlem, medlem_id)
        if medlem is None:
            raise IkkeFunnet(f"Fant ikke gruppemedlem {medlem_id}.")
        gruppe = hent_gruppe(okt, medlem.gruppe_id)
        krev_gruppetilgang(okt, aktor, gruppe, idag=idag, hvorfor="fjerne medlem")
        if medlem.til is not None and medlem.til <= dato:
            raise Valideringsfeil.en("dato", "Medlemmet er allerede fjernet fra gruppen.")
        if dato < medlem.fra:
            raise Valideringsfeil.en("dato", "Sluttdatoen kan ikke være før medlemskapet begynte.")
        medlem.til = dato
        okt.add(medlem)
        adresse = epost_for(okt, medlem)
        if adresse:  # møter etter sluttdatoen
            for mote_id in okt.exec(select(Mote.id).where(
                    Mote.gruppe_id == gruppe.id, Mote.status == Motestatus.PLANLAGT,
                    col(Mote.start) >= lokalt_tidspunkt(dato + timedelta(days=1), time(0)))):
                kanseller_varsler(okt, grunn="medlemmet er fjernet fra gruppen", objekt_type="mote",
                                  objekt_id=mote_id, varseltype="mote_innkalling", mottaker_epost=adresse)
        return medlem


def epost_for(okt: Session, medlem: Gruppemedlem) -> str | None:
    """E-postadressen til et medlem (tjenesteyter, relasjon eller brukeren), eller None."""
    if medlem.tjenesteyter_id is not None:
        ty = okt.get(Tjenesteyter, medlem.tjenesteyter_id)
        return ty.epost.strip() if ty and ty.epost else None
    if medlem.relasjon_id is not None:
        rel = okt.get(Relasjon, medlem.relasjon_id)
        return rel.epost.strip() if rel and rel.epost else None
    gruppe = okt.get(Gruppe, medlem.gruppe_id)
    person = okt.get(Person, gruppe.person_id) if gruppe and gruppe.person_id else None
    return person.epost.strip() if person and person.epost else None


def mottakere(okt: Session, gruppe: Gruppe, dato: date, standard: Malform) -> list[Mottaker]:
    """Medlemmer som er aktive på `dato` og har e-post; tjenesteyterens målform, ellers personens."""
    medlemmer = okt.exec(select(Gruppemedlem).where(
        Gruppemedlem.gruppe_id == gruppe.id, col(Gruppemedlem.fra) <= dato,
        or_(col(Gruppemedlem.til).is_(None), col(Gruppemedlem.til) >= dato)).order_by(col(Gruppemedlem.id)))
    person = okt.get(Person, gruppe.person_id) if gruppe.person_id else None
    svar: list[Mottaker] = []
    for m in medlemmer:
        adresse = epost_for(okt, m)
        if not adresse:
            continue
        ty = okt.get(Tjenesteyter, m.tjenesteyter_id) if m.tjenesteyter_id else None
        malform = (ty.malform if ty else (person.malform if person else None)) or standard
        svar.append(Mottaker(medlem_id=m.id or 0, epost=adresse, malform=Malform(malform)))
    return svar

