"""Vurdering av en melding: sjekklisten for IP, koordinator og barnekoordinator med fakta fra registeret.

Alder, tjenester, antall ulike tjenesteytere og samtykke hentes fra databasen; om behovet er langvarig,
om det er komplekst, om det er et reelt koordineringsbehov og om tilstanden er alvorlig er saksbehandlerens
faglige vurdering (kilderegler.md §3.3; 001_c5df1bb6b580be91.txt L849–889). Koordinator krever samtykke til
koordinator, aldri til IP (pbrl § 2-5 b: retten gjelder uavhengig av om personen ønsker individuell plan).
«Minst to tjenester fra ulike tjenesteytere» er en advarsel, ikke en sperre (kilderegler.md §8 punkt 6).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Tiltakstype
from modeller.regler.identitet import alder
from modeller.regler.kriterier import Kriteriefakta, Sjekkliste, vurder_kriterier
from modeller.tabeller import Person, Sak, Tjeneste
from modeller.tjenester.feil import Feltfeil
from modeller.tjenester.samtykke import gyldig_samtykke, omfang_for_tiltak
from modeller.tjenester.skjemahjelp import avvis, hent, tolk_enum
from modeller.tjenester.tilgang import Aktor, krev_tilgang


@dataclass(frozen=True)
class Saksbehandlerfakta:
    """Saksbehandlerens svar; None betyr «ikke vurdert ennå». `onsker_tiltaket` None: les av samtykket."""

    langvarig_behov: bool | None = None
    koordineringsbehov: bool | None = None
    komplekst_behov: bool | None = None
    alvorlig_tilstand: bool | None = None
    behov_andre_velferdstjenester: bool | None = None
    onsker_tiltaket: bool | None = None


@dataclass(frozen=True)
class Tjenestetall:
    """Tjenester personen mottar på en dato, og hvor mange ulike virksomheter som yter dem."""

    tjenester: int
    tjenesteytere: int


def tell_tjenester(okt: Session, person_id: int, idag: date) -> Tjenestetall:
    """Aktive tjenester og ulike tjenesteytere (virksomheter) `idag`, talt i én spørring."""
    rad = okt.exec(select(func.count(), func.count(func.distinct(Tjeneste.virksomhet_id))).where(
        col(Tjeneste.person_id) == person_id, col(Tjeneste.fra) <= idag,
        or_(col(Tjeneste.til).is_(None), col(Tjeneste.til) >= idag))).one()
    return Tjenestetall(int(rad[0]), int(rad[1]))


def kriteriefakta(okt: Session, person: Person, tiltak: Tiltakstype, fakta: Saksbehandlerfakta,
                  idag: date) -> Kriteriefakta:
    """Bygg fakta til sjekklisten: registerfakta fra databasen, faglige svar fra saksbehandleren."""
    assert person.id is not None
    tall = tell_tjenester(okt, person.id, idag)
    samtykke = gyldig_samtykke(okt, person.id, idag, omfang=omfang_for_tiltak(tiltak)) is not None
    # Samtykke til tiltaket er også et uttrykk for ønsket (002_846d8582fcb76fa6.txt L325, L382).
    onsker = samtykke if fakta.onsker_tiltaket is None else fakta.onsker_tiltaket
    return Kriteriefakta(
        alder=alder(person.fodselsdato, idag) if person.fodselsdato else None, venter_barn=person.venter_barn,
        langvarig_behov=fakta.langvarig_behov, koordineringsbehov=fakta.koordineringsbehov,
        antall_tjenester=tall.tjenester, antall_tjenesteytere=tall.tjenesteytere,
        alvorlig_tilstand=fakta.alvorlig_tilstand, behov_andre_velferdstjenester=fakta.behov_andre_velferdstjenester,
        samtykke_gyldig=samtykke, onsker_tiltaket=onsker, komplekst_behov=fakta.komplekst_behov)


def vurder_kriterier_for_sak(avh: Avhengigheter, aktor: Aktor, sak_id: int, tiltak: Tiltakstype | str, *,
                             idag: date, fakta_fra_saksbehandler: Saksbehandlerfakta) -> Sjekkliste:
    """Sjekklisten for tiltaket i saken; lesingen av personens opplysninger logges (lovkrav K24)."""
    feil: list[Feltfeil] = []
    valgt = tolk_enum(feil, "tiltak", Tiltakstype, tiltak)
    if valgt is Tiltakstype.TJENESTE:
        feil.append(Feltfeil("tiltak", "Sjekklisten gjelder individuell plan, koordinator og barnekoordinator."))
    avvis(feil)
    assert valgt is not None
    with arbeidsenhet(avh.motor) as okt:
        sak = hent(okt, Sak, sak_id, "sak")
        krev_tilgang(okt, aktor, sak.person_id, hva=f"kriterievurdering {valgt.value}",
                     hvorfor="vurdere melding", idag=idag)
        person = hent(okt, Person, sak.person_id, "person")
        fakta = kriteriefakta(okt, person, valgt, fakta_fra_saksbehandler, idag)
        return vurder_kriterier(fakta, valgt, regelverk=avh.regelverk)
