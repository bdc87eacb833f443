"""Samtykke: registrere, trekke tilbake og slå opp gyldig samtykke (lovkrav K3–K6; kilderegler.md §3.2).

Ingen koordinator, plan eller deling uten gyldig samtykke (003_e8b2068bec45c70c.txt L1660–1663; forskrift
§ 17). Tilbaketrekking stopper i samme transaksjon de ventende oppgavene og påminnelsene som bygger på et
omfang personen ikke lenger har gyldig samtykke til; saksbehandlingen (foreløpig svar, klage, revurdering)
fortsetter (modeller.regler.tilbaketrekking).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import exists, or_
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import (
    Oppgavestatus,
    Oppgavetype,
    Relasjonstype,
    SamtykkeGiver,
    Samtykkeomfang,
    Tiltakstype,
)
from modeller.regler.parametre import Regelverk
from modeller.regler.samtykke import samtykke_gjelder, vurder_samtykkegiver
from modeller.regler.tilbaketrekking import FOLGER_OPPGAVEN, berorte_oppgavetyper, berorte_varseltyper
from modeller.tabeller import Melding, Oppgave, Person, Relasjon, Sak, Samtykke, SamtykkeDeling, Tjenesteyter
from modeller.tjenester.feil import Feltfeil, ManglerSamtykke, Valideringsfeil
from modeller.tjenester.oppgaver import avbryt_oppgaver, lukk_oppgaver, oppgavenokkel, opprett_oppgave
from modeller.tjenester.saker import apne_saker, eier_for_sak
from modeller.tjenester.skjemahjelp import avvis, hent, ikke_fram_i_tid, tekst, tolk_enum
from modeller.tjenester.tilgang import Aktor, krev_skrivetilgang, logg
from modeller.tjenester.utboks import kanseller_varsler

Omfang = Literal["koordinator", "ip", "deling"]
OMFANGSNAVN: dict[str, str] = {"koordinator": "koordinator", "ip": "individuell plan",
                               "deling": "deling av opplysninger"}
_KOLONNE = {"koordinator": Samtykke.omfang_koordinator, "ip": Samtykke.omfang_ip, "deling": Samtykke.omfang_deling}
# Representanten må ha en registrert relasjon av samme type (kilderegler.md §2.9).
_RELASJON = {SamtykkeGiver.FORESATT: Relasjonstype.FORESATT, SamtykkeGiver.VERGE: Relasjonstype.VERGE,
             SamtykkeGiver.HJELPEVERGE: Relasjonstype.HJELPEVERGE, SamtykkeGiver.FULLMEKTIG: Relasjonstype.FULLMEKTIG,
             SamtykkeGiver.PARORENDE: Relasjonstype.PARORENDE}


def omfang_for_tiltak(tiltak: Tiltakstype) -> Omfang:
    """Samtykket et tiltak krever: IP krever samtykke til plan, (barne)koordinator til koordinator (pbrl § 2-5)."""
    if tiltak is Tiltakstype.IP:
        return "ip"
    if tiltak in (Tiltakstype.KOORDINATOR, Tiltakstype.BARNEKOORDINATOR):
        return "koordinator"
    raise ValueError(f"Tiltaket {tiltak} krever ikke samtykke etter forskrift § 17.")


def gyldig_samtykke(okt: Session, person_id: int, idag: date, *, omfang: Omfang) -> Samtykke | None:
    """Det nyeste samtykket med dette omfanget som gjelder `idag` (lovkrav K6), eller None."""
    rader = okt.exec(select(Samtykke).where(
        col(Samtykke.person_id) == person_id, col(_KOLONNE[omfang]).is_(True), col(Samtykke.gitt) <= idag,
        or_(col(Samtykke.gyldig_til).is_(None), col(Samtykke.gyldig_til) >= idag),
        or_(col(Samtykke.trukket).is_(None), col(Samtykke.trukket) > idag),
    ).order_by(col(Samtykke.gitt).desc(), col(Samtykke.id).desc()))
    return next((s for s in rader if samtykke_gjelder(gitt=s.gitt, gyldig_til=s.gyldig_til, trukket=s.trukket,
                                                      idag=idag)), None)


def krev_samtykke(okt: Session, person_id: int, idag: date, *, omfang: Omfang) -> Samtykke:
    """Gyldig samtykke med omfanget, eller `ManglerSamtykke` med en norsk forklaring."""
    samtykke = gyldig_samtykke(okt, person_id, idag, omfang=omfang)
    if samtykke is None:
        raise ManglerSamtykke(
            f"Personen har ikke gitt et gyldig samtykke til {OMFANGSNAVN[omfang]} per {idag:%d.%m.%Y}. "
            "Registrer samtykket før du går videre (forskrift om habilitering og rehabilitering § 17; "
            "003_e8b2068bec45c70c.txt L1660–1663).")
    return samtykke


def delte_tjenesteytere(okt: Session, person_id: int, idag: date) -> frozenset[int]:
    """Tjenesteyterne et gyldig delingssamtykke navngir `idag` (§ 19 h; lovkrav K5); trukket samtykke gir ingen."""
    samtykke_ider = [s.id for s in okt.exec(select(Samtykke).where(
        col(Samtykke.person_id) == person_id, col(Samtykke.omfang_deling).is_(True), col(Samtykke.gitt) <= idag,
    )) if samtykke_gjelder(gitt=s.gitt, gyldig_til=s.gyldig_til, trukket=s.trukket, idag=idag)]
    if not samtykke_ider:
        return frozenset()
    return frozenset(okt.exec(select(SamtykkeDeling.tjenesteyter_id).where(
        col(SamtykkeDeling.samtykke_id).in_(samtykke_ider))))


def samtykke_dekker_sak(okt: Session, sak_id: int, person_id: int, idag: date) -> bool:
    """Sann når gyldige samtykker dekker alt meldingene i saken gjelder (IP og/eller koordinator)."""
    gjelder = set(okt.exec(select(Melding.gjelder).where(col(Melding.sak_id) == sak_id).distinct()))
    trengs = {omfang_for_tiltak(Tiltakstype(g)) for g in gjelder}
    return all(gyldig_samtykke(okt, person_id, idag, omfang=o) is not None for o in trengs)


def _apen(okt: Session, oppgavetype: Oppgavetype, sak_id: int) -> bool:
    return bool(okt.exec(select(exists().where(
        col(Oppgave.oppgavetype) == oppgavetype, col(Oppgave.objekt_type) == "sak",
        col(Oppgave.objekt_id) == sak_id, col(Oppgave.status) == Oppgavestatus.APEN))).one())


def neste_saksoppgave(okt: Session, sak: Sak, *, idag: date, fra: date, regelverk: Regelverk, nokkelgrunn: str,
                      samtykke_vedlagt: bool = False) -> Oppgave | None:
    """Legg neste steg i køen: `innhent_samtykke` uten dekkende samtykke, ellers `vurder_melding`.

    Samtykket vurderes per `idag`; fristene regnes fra `fra` (meldingens mottatt-dato eller i dag) med
    regelverkets samtykke_frist_dager og vurdering_frist_dager. Finnes det allerede en åpen oppgave av
    typen i saken, lages ingen ny.
    """
    assert sak.id is not None
    dekket = samtykke_dekker_sak(okt, sak.id, sak.person_id, idag)
    oppgavetype = Oppgavetype.VURDER_MELDING if dekket else Oppgavetype.INNHENT_SAMTYKKE
    if _apen(okt, oppgavetype, sak.id):
        return None
    dager = regelverk.vurdering_frist_dager if dekket else regelverk.samtykke_frist_dager
    tittel = "Registrer samtykket som fulgte meldingen" if (samtykke_vedlagt and not dekket) else None
    return opprett_oppgave(
        okt, oppgavetype=oppgavetype, frist=fra + timedelta(days=dager), objekt_type="sak", objekt_id=sak.id,
        nokkel=oppgavenokkel(oppgavetype, "sak", sak.id) + f"|{nokkelgrunn}", tittel=tittel,
        person_id=sak.person_id, sak_id=sak.id, **eier_for_sak(sak))


@dataclass(frozen=True)
class NyttSamtykke:
    """Skjema for et samtykke; `deling_med` er tjenesteytere som kan få taushetsbelagte opplysninger."""

    person_id: int
    gitt_av: SamtykkeGiver | str
    gitt: date
    omfang_koordinator: bool = False
    omfang_ip: bool = False
    deling_med: tuple[int, ...] = ()
    relasjon_id: int | None = None
    gitt_av_navn: str | None = None
    skriftlig: bool = True
    manglende_kompetanse_begrunnelse: str | None = None
    gyldig_til: date | None = None


def _valider(okt: Session, s: NyttSamtykke, person: Person, idag: date,
             feil: list[Feltfeil]) -> tuple[SamtykkeGiver | None, Relasjon | None]:
    giver = tolk_enum(feil, "gitt av", SamtykkeGiver, s.gitt_av)
    ikke_fram_i_tid(feil, "gitt", s.gitt, idag)
    if s.gyldig_til is not None and s.gyldig_til < s.gitt:
        feil.append(Feltfeil("gyldig til", "Kan ikke være før datoen samtykket ble gitt."))
    if not (s.omfang_koordinator or s.omfang_ip or s.deling_med):
        feil.append(Feltfeil("omfang", "Velg minst ett: koordinator, individuell plan eller deling."))
    if person.fodselsdato is None:
        feil.append(Feltfeil("fødselsdato", "Personens fødselsdato mangler; den trengs for å vurdere samtykket."))
    tekst(feil, "begrunnelse for manglende samtykkekompetanse", s.manglende_kompetanse_begrunnelse, 2000,
          pakrevd=False)
    ukjente = set(s.deling_med) - set(okt.exec(select(Tjenesteyter.id).where(col(Tjenesteyter.id).in_(s.deling_med))))
    if ukjente:
        feil.append(Feltfeil("deling med", f"Ukjente tjenesteytere: {', '.join(map(str, sorted(ukjente)))}."))
    relasjon = None
    if giver is not None and giver is not SamtykkeGiver.SELV:
        relasjon = okt.get(Relasjon, s.relasjon_id) if s.relasjon_id is not None else None
        if relasjon is None or relasjon.person_id != person.id or relasjon.relasjonstype != _RELASJON[giver]:
            feil.append(Feltfeil("relasjon", f"Velg personens registrerte {giver.value} som ga samtykket."))
        elif (relasjon.fra and relasjon.fra > s.gitt) or (relasjon.til and relasjon.til < s.gitt):
            feil.append(Feltfeil("relasjon", "Relasjonen gjaldt ikke den dagen samtykket ble gitt."))
    return giver, relasjon


def registrer_samtykke(avh: Avhengigheter, aktor: Aktor, skjema: NyttSamtykke, *, idag: date,
                       na: datetime) -> Samtykke:
    """Registrer et samtykke etter alders- og representasjonsreglene (pbrl § 4-3; lovkrav K4) og gå videre i saken."""
    with arbeidsenhet(avh.motor) as okt:
        krev_skrivetilgang(okt, aktor, skjema.person_id, idag=idag, hva="samtykke", hvorfor="registrere samtykke")
        person = hent(okt, Person, skjema.person_id, "person")
        feil: list[Feltfeil] = []
        giver, relasjon = _valider(okt, skjema, person, idag, feil)
        avvis(feil)
        assert giver is not None and person.fodselsdato is not None
        vurdering = vurder_samtykkegiver(
            fodselsdato=person.fodselsdato, idag=skjema.gitt, gitt_av=giver,
            skriftlig_fullmakt=bool(relasjon and relasjon.skriftlig_fullmakt),
            foreldreansvar=bool(relasjon and relasjon.foreldreansvar),
            manglende_kompetanse_begrunnelse=skjema.manglende_kompetanse_begrunnelse, regelverk=avh.regelverk)
        if not vurdering.gyldig:
            raise Valideringsfeil.en("gitt av", " ".join(vurdering.grunner))
        navn = (skjema.gitt_av_navn or "").strip() or (relasjon.navn if relasjon else person.navn)
        samtykke = Samtykke(
            person_id=skjema.person_id, gitt_av=giver, gitt_av_navn=navn[:200], relasjon_id=skjema.relasjon_id,
            grunnlag=vurdering.grunner[0][:300], skriftlig=skjema.skriftlig,
            manglende_kompetanse_begrunnelse=(skjema.manglende_kompetanse_begrunnelse or "").strip() or None,
            omfang_koordinator=skjema.omfang_koordinator, omfang_ip=skjema.omfang_ip,
            omfang_deling=bool(skjema.deling_med), gitt=skjema.gitt, gyldig_til=skjema.gyldig_til,
            registrert_av=aktor.id)
        okt.add(samtykke)
        okt.flush()
        for tjenesteyter_id in sorted(set(skjema.deling_med)):
            okt.add(SamtykkeDeling(samtykke_id=samtykke.id or 0, tjenesteyter_id=tjenesteyter_id))
        _videre_i_sakene(okt, samtykke, idag=idag, na=na, regelverk=avh.regelverk, av=aktor.navn)
        logg(okt, aktor, skjema.person_id, "endre", "samtykke registrert", f"samtykke gitt av {giver.value}")
        return samtykke


def _videre_i_sakene(okt: Session, samtykke: Samtykke, *, idag: date, na: datetime, regelverk: Regelverk,
                     av: str) -> None:
    """Lukk `innhent_samtykke` der samtykket nå dekker saken, og legg `vurder_melding` i køen."""
    for sak in apne_saker(okt, samtykke.person_id):
        assert sak.id is not None
        if not samtykke_dekker_sak(okt, sak.id, sak.person_id, idag):
            continue
        lukket = lukk_oppgaver(okt, oppgavetype=Oppgavetype.INNHENT_SAMTYKKE, objekt_type="sak",
                               objekt_id=sak.id, na=na, av=av)
        uten_vedtak = sak.status == "apen"
        if lukket or uten_vedtak:
            neste_saksoppgave(okt, sak, idag=idag, fra=idag, regelverk=regelverk, nokkelgrunn=f"samtykke:{samtykke.id}")


@dataclass(frozen=True)
class Tilbaketrekking:
    """Resultatet av at et samtykke er trukket: samtykket, omfanget som falt bort og hvor mye som ble stoppet."""

    samtykke: Samtykke
    avbrutte_oppgaver: int
    kansellerte_varsler: int
    mistet_omfang: frozenset[Samtykkeomfang] = frozenset()


def _mistet_omfang(okt: Session, samtykke: Samtykke, idag: date) -> frozenset[Samtykkeomfang]:
    """Omfangene i det trukne samtykket som personen ikke lenger har noe annet gyldig samtykke til."""
    okt.flush()
    gitt = {Samtykkeomfang.KOORDINATOR: samtykke.omfang_koordinator, Samtykkeomfang.IP: samtykke.omfang_ip,
            Samtykkeomfang.DELING: samtykke.omfang_deling}
    omfang: dict[Samtykkeomfang, Omfang] = {Samtykkeomfang.KOORDINATOR: "koordinator", Samtykkeomfang.IP: "ip",
                                            Samtykkeomfang.DELING: "deling"}
    return frozenset(o for o, med in gitt.items()
                     if med and gyldig_samtykke(okt, samtykke.person_id, idag, omfang=omfang[o]) is None)


def _stopp_avhengige(okt: Session, person_id: int, mistet: frozenset[Samtykkeomfang], arsak: str) -> tuple[int, int]:
    """Avbryt oppgaver og kanseller påminnelser som bygger på det mistede omfanget; gir (oppgaver, varsler)."""
    if not mistet:
        return 0, 0
    typer = berorte_oppgavetyper(mistet)
    oppgave_ider = list(okt.exec(select(Oppgave.id).where(
        col(Oppgave.person_id) == person_id, col(Oppgave.status) == Oppgavestatus.APEN,
        col(Oppgave.oppgavetype).in_(typer))))
    oppgaver = sum(avbryt_oppgaver(okt, grunn=arsak, person_id=person_id, oppgavetype=t) for t in sorted(typer))
    varsler = sum(kanseller_varsler(okt, grunn=arsak, person_id=person_id, varseltype=v)
                  for v in sorted(berorte_varseltyper(mistet)))
    varsler += sum(kanseller_varsler(okt, grunn=arsak, person_id=person_id, objekt_type="oppgave", objekt_id=i,
                                     varseltype=v) for i in oppgave_ider for v in sorted(FOLGER_OPPGAVEN))
    return oppgaver, varsler


def trekk_samtykke(avh: Avhengigheter, aktor: Aktor, samtykke_id: int, *, trukket: date, grunn: str | None,
                   idag: date, na: datetime) -> Tilbaketrekking:
    """Trekk samtykket: det som bygger på omfanget stopper med en gang, saksbehandlingen fortsetter (lovkrav K6)."""
    with arbeidsenhet(avh.motor) as okt:
        samtykke = hent(okt, Samtykke, samtykke_id, "samtykke")
        krev_skrivetilgang(okt, aktor, samtykke.person_id, idag=idag, hva="samtykke", hvorfor="trekke samtykke")
        feil: list[Feltfeil] = []
        ikke_fram_i_tid(feil, "trukket", trukket, idag)
        if trukket < samtykke.gitt:
            feil.append(Feltfeil("trukket", "Kan ikke være før datoen samtykket ble gitt."))
        if samtykke.trukket is not None:
            feil.append(Feltfeil("trukket", f"Samtykket er allerede trukket {samtykke.trukket:%d.%m.%Y}."))
        renset = tekst(feil, "grunn", grunn, 300, pakrevd=False)
        avvis(feil)
        samtykke.trukket, samtykke.trukket_grunn = trukket, renset
        okt.add(samtykke)
        mistet = _mistet_omfang(okt, samtykke, idag)
        oppgaver, varsler = _stopp_avhengige(okt, samtykke.person_id, mistet, "Samtykket er trukket tilbake")
        logg(okt, aktor, samtykke.person_id, "endre", "samtykke trukket", renset or "samtykket trukket tilbake")
        return Tilbaketrekking(samtykke, oppgaver, varsler, mistet)
