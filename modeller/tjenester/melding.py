"""Mottak: registrere en melding om behov for IP eller koordinator (hpl § 38 a; lovkrav K1, K30).

Meldingen knyttes til personens åpne sak (status åpen eller vedtatt, ikke avsluttet) eller gir en ny sak
med mottatt-datoen fra første melding; så legges neste steg i køen: innhent samtykke, eller vurder meldingen
når gyldig samtykke allerede dekker det meldingen gjelder (kilderegler.md §3.1, §3.15).
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Kanal, Malform, Meldingskilde, Rolle, Tiltakstype
from modeller.regler.identitet import UgyldigIdentitet, valider_identitetsnummer
from modeller.tabeller import Melding, Oppgave, Person, Sak
from modeller.tjenester.feil import Feltfeil
from modeller.tjenester.saker import apne_saker
from modeller.tjenester.samtykke import neste_saksoppgave
from modeller.tjenester.skjemahjelp import avvis, hent, ikke_fram_i_tid, tekst, tolk_enum
from modeller.tjenester.tilgang import Aktor, krev_rolle, logg

MELDBARE_TILTAK = (Tiltakstype.IP, Tiltakstype.KOORDINATOR, Tiltakstype.BARNEKOORDINATOR)


@dataclass(frozen=True)
class NyPerson:
    """En person KE ikke kjenner fra før; fødselsdato kan utelates når nummeret viser den."""

    identitetsnummer: str
    fornavn: str
    etternavn: str
    fodselsdato: date | None = None
    telefon: str | None = None
    epost: str | None = None
    adresse: str | None = None
    malform: Malform | str = Malform.BOKMAL
    venter_barn: bool = False


@dataclass(frozen=True)
class NyMelding:
    """Skjema for en melding: gjelder en kjent person (`person_id`) eller en ny (`ny_person`)."""

    kilde: Meldingskilde | str
    avsender_navn: str
    mottatt: date
    kanal: Kanal | str
    gjelder: Tiltakstype | str
    person_id: int | None = None
    ny_person: NyPerson | None = None
    avsender_virksomhet: str | None = None
    samtykke_vedlagt: bool = False


@dataclass(frozen=True)
class Mottak:
    """Resultatet av mottaket: meldingen, saken (ny eller eksisterende), personen og oppgaven som ble lagt i kø."""

    melding: Melding
    sak: Sak
    person: Person
    ny_sak: bool
    oppgave: Oppgave | None


def _valider_melding(m: NyMelding, idag: date, feil: list[Feltfeil]) -> tuple[Meldingskilde | None, Kanal | None,
                                                                                  Tiltakstype | None]:
    kilde = tolk_enum(feil, "kilde", Meldingskilde, m.kilde)
    kanal = tolk_enum(feil, "kanal", Kanal, m.kanal)
    gjelder = tolk_enum(feil, "gjelder", Tiltakstype, m.gjelder)
    if gjelder is not None and gjelder not in MELDBARE_TILTAK:
        feil.append(Feltfeil("gjelder", "En melding til KE gjelder individuell plan, koordinator eller "
                                        "barnekoordinator."))
    tekst(feil, "avsender", m.avsender_navn, 200)
    tekst(feil, "avsenders virksomhet", m.avsender_virksomhet, 200, pakrevd=kilde is Meldingskilde.SPESIALIST_KE)
    ikke_fram_i_tid(feil, "mottatt", m.mottatt, idag)
    if (m.person_id is None) == (m.ny_person is None):
        feil.append(Feltfeil("person", "Velg en registrert person eller fyll ut en ny person (ikke begge)."))
    return kilde, kanal, gjelder


def _ny_person(okt: Session, p: NyPerson, idag: date, tillat_syntetisk: bool, feil: list[Feltfeil]) -> Person | None:
    """Valider en ny person; finnes nummeret fra før med samme navn, brukes den registrerte personen."""
    fornavn, etternavn = tekst(feil, "fornavn", p.fornavn, 100), tekst(feil, "etternavn", p.etternavn, 100)
    malform = tolk_enum(feil, "målform", Malform, p.malform)
    epost = tekst(feil, "e-post", p.epost, 200, pakrevd=False)
    telefon = tekst(feil, "telefon", p.telefon, 30, pakrevd=False)
    adresse = tekst(feil, "adresse", p.adresse, 200, pakrevd=False)
    if epost and ("@" not in epost or " " in epost):
        feil.append(Feltfeil("e-post", "Ugyldig e-postadresse."))
    fodselsdato = p.fodselsdato
    ikke_fram_i_tid(feil, "fødselsdato", fodselsdato, idag)
    try:
        ident = valider_identitetsnummer(p.identitetsnummer, tillat_syntetisk=tillat_syntetisk)
    except UgyldigIdentitet as e:
        feil.append(Feltfeil("identitetsnummer", str(e)))
        return None
    if ident.fodselsdato is not None and fodselsdato is not None and ident.fodselsdato != fodselsdato:
        feil.append(Feltfeil("fødselsdato", "Stemmer ikke med fødselsdatoen i identitetsnummeret."))
    fodselsdato = fodselsdato or ident.fodselsdato
    if fodselsdato is None:
        feil.append(Feltfeil("fødselsdato", "Må fylles ut når den ikke kan leses av identitetsnummeret."))
    kjent = okt.exec(select(Person).where(col(Person.identitetsnummer) == ident.nummer)).first()
    if kjent is not None:
        if (kjent.fornavn.lower(), kjent.etternavn.lower()) != ((fornavn or "").lower(), (etternavn or "").lower()):
            feil.append(Feltfeil("identitetsnummer", "Nummeret er registrert på en person med et annet navn. "
                                                     "Kontroller nummeret, eller velg den registrerte personen."))
        return kjent
    if feil or malform is None or fornavn is None or etternavn is None:
        return None
    return Person(identitetsnummer=ident.nummer, identtype=ident.type, fodselsdato=fodselsdato,
                  venter_barn=p.venter_barn, fornavn=fornavn, etternavn=etternavn,
                  telefon=telefon, epost=epost, adresse=adresse, malform=malform)


def _sak_for(okt: Session, person_id: int, mottatt: date) -> tuple[Sak, bool]:
    """Personens åpne sak, eller en ny; saken regnes som mottatt ved den tidligste meldingen (K16)."""
    saker = apne_saker(okt, person_id)
    if not saker:
        sak = Sak(person_id=person_id, mottatt=mottatt)
        okt.add(sak)
        okt.flush()
        return sak, True
    sak = saker[0]
    if mottatt < sak.mottatt:
        sak.mottatt = mottatt
        okt.add(sak)
    return sak, False


def registrer_melding(avh: Avhengigheter, aktor: Aktor, skjema: NyMelding, *, idag: date, na: datetime) -> Mottak:
    """Registrer en melding, knytt den til personens sak og legg neste oppgave i køen (K1)."""
    with arbeidsenhet(avh.motor) as okt:
        # Personen kan være ukjent ennå (eller id-en feil), så nektelsen logges uten person.
        krev_rolle(okt, aktor, (Rolle.SAKSBEHANDLER, Rolle.LEDER), person_id=None, hva="melding")
        feil: list[Feltfeil] = []
        kilde, kanal, gjelder = _valider_melding(skjema, idag, feil)
        person: Person | None = None
        if skjema.person_id is not None and skjema.ny_person is None:
            person = hent(okt, Person, skjema.person_id, "person")
        elif skjema.ny_person is not None and skjema.person_id is None:
            person = _ny_person(okt, skjema.ny_person, idag, avh.regelverk.tillat_syntetiske_identer, feil)
        avvis(feil)
        assert person is not None and kilde is not None and kanal is not None and gjelder is not None
        okt.add(person)
        okt.flush()
        assert person.id is not None
        sak, ny_sak = _sak_for(okt, person.id, skjema.mottatt)
        assert sak.id is not None
        melding = Melding(
            person_id=person.id, sak_id=sak.id, kilde=kilde, avsender_navn=skjema.avsender_navn.strip(),
            avsender_virksomhet=(skjema.avsender_virksomhet or "").strip() or None, mottatt=skjema.mottatt,
            kanal=kanal, samtykke_vedlagt=skjema.samtykke_vedlagt, gjelder=gjelder, registrert_av=aktor.id)
        okt.add(melding)
        okt.flush()
        oppgave = neste_saksoppgave(okt, sak, idag=idag, fra=skjema.mottatt, regelverk=avh.regelverk,
                                    nokkelgrunn=f"melding:{melding.id}", samtykke_vedlagt=skjema.samtykke_vedlagt)
        logg(okt, aktor, person.id, "endre", "melding registrert", f"melding fra {kilde.value} om {gjelder.value}")
        return Mottak(melding=melding, sak=sak, person=person, ny_sak=ny_sak, oppgave=oppgave)


@dataclass(frozen=True)
class Meldingsstatus:
    """Hvor saken til en melding står: samtykke, åpne oppgaver og datoen foreløpig svar må være sendt."""

    sak_referanse: str
    samtykke_dekker: bool
    apne_oppgaver: tuple[str, ...]
    forelopig_svar_dato: date | None


def behandle_melding(avh: Avhengigheter, melding_id: int, *, idag: date) -> Meldingsstatus:
    """Sørg for at saken til en registrert melding har riktig neste steg i køen (idempotent; K1, K3, K16)."""
    from modeller.regler.frister import forelopig_svar_dato
    from modeller.tjenester.samtykke import samtykke_dekker_sak

    with arbeidsenhet(avh.motor) as okt:
        melding = hent(okt, Melding, melding_id, "melding")
        sak = hent(okt, Sak, melding.sak_id, "sak")
        assert sak.id is not None
        if sak.status == "apen":
            neste_saksoppgave(okt, sak, idag=idag, fra=idag, regelverk=avh.regelverk,
                              nokkelgrunn=f"melding:{melding.id}", samtykke_vedlagt=melding.samtykke_vedlagt)
        apne = okt.exec(select(Oppgave.oppgavetype).where(Oppgave.sak_id == sak.id, Oppgave.status == "apen"))
        return Meldingsstatus(
            sak_referanse=sak.referanse, samtykke_dekker=samtykke_dekker_sak(okt, sak.id, sak.person_id, idag),
            apne_oppgaver=tuple(sorted(apne)),
            forelopig_svar_dato=(forelopig_svar_dato(sak.mottatt, avh.regelverk)
                                 if sak.status == "apen" and sak.forelopig_svar_sendt is None else None))
