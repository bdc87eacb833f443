"""Tilgangsstyring etter tjenstlig behov og tilgangslogg (Normen; sikkerhet-og-drift.md §1.2–1.3).

Nekt som standard: en koordinator ser personene de koordinerer, en saksbehandler sakene de har eller
kø-sakene uten saksbehandler, lederen ser alt, admin forvalter brukere og referansedata, ikke saksinnhold.
Hver lesing av en persons opplysninger skriver en rad i tilgangsloggen.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from modeller.regler.begreper import Rolle
from modeller.tabeller import Koordinatoroppdrag, Person, Sak, Tilgangslogg
from modeller.tjenester.feil import IngenTilgang


@dataclass(frozen=True)
class Aktor:
    """Den som handler: en innlogget bruker eller systemet selv (flyter)."""

    id: int | None
    navn: str
    rolle: Rolle
    tjenesteyter_id: int | None = None
    okt: str | None = None


SYSTEM = Aktor(id=None, navn="system", rolle=Rolle.LEDER)


def har_tilgang(okt: Session, aktor: Aktor, person_id: int, idag: date) -> bool:
    """Sann når aktøren har tjenstlig behov for personens opplysninger."""
    if aktor.rolle == Rolle.LEDER:
        return True
    if aktor.rolle == Rolle.KOORDINATOR and aktor.tjenesteyter_id is not None:
        return bool(okt.exec(select(exists().where(
            col(Koordinatoroppdrag.person_id) == person_id,
            col(Koordinatoroppdrag.tjenesteyter_id) == aktor.tjenesteyter_id,
            col(Koordinatoroppdrag.fra) <= idag,
            or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag),
        ))).one())
    if aktor.rolle == Rolle.SAKSBEHANDLER:
        return bool(okt.exec(select(exists().where(
            col(Sak.person_id) == person_id,
            or_(col(Sak.saksbehandler_id) == aktor.id, col(Sak.saksbehandler_id).is_(None)),
        ))).one())
    return False


def logg(okt: Session, aktor: Aktor, person_id: int | None, handling: str, hva: str, hvorfor: str) -> None:
    """Skriv én rad i tilgangsloggen (hvem, rolle, hvem gjelder det, hva, når, hvorfor)."""
    okt.add(Tilgangslogg(aktor_id=aktor.id, aktor=aktor.navn, rolle=str(aktor.rolle), person_id=person_id,
                         handling=handling, hva=hva, hvorfor=hvorfor, okt=aktor.okt))


def krev_tilgang(okt: Session, aktor: Aktor, person_id: int, *, hva: str, hvorfor: str, idag: date,
                 handling: str = "les") -> None:
    """Logg tilgangen, eller logg nektelsen og kast `IngenTilgang`."""
    if not har_tilgang(okt, aktor, person_id, idag):
        logg(okt, aktor, person_id, "nektet", hva, hvorfor)
        okt.commit()
        raise IngenTilgang("Du har ikke tjenstlig behov for opplysninger om denne personen.")
    logg(okt, aktor, person_id, handling, hva, hvorfor)


def tilgangsfilter(aktor: Aktor, idag: date) -> ColumnElement[bool] | None:
    """SQL-vilkåret for personene aktøren har tjenstlig behov for (samme regler som `har_tilgang`).

    None betyr alle (leder); et vilkår som aldri er sant gis for admin og koordinator uten tjenesteyter.
    """
    if aktor.rolle == Rolle.LEDER:
        return None
    if aktor.rolle == Rolle.KOORDINATOR and aktor.tjenesteyter_id is not None:
        return exists().where(
            col(Koordinatoroppdrag.person_id) == col(Person.id),
            col(Koordinatoroppdrag.tjenesteyter_id) == aktor.tjenesteyter_id,
            col(Koordinatoroppdrag.fra) <= idag,
            or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag),
        )
    if aktor.rolle == Rolle.SAKSBEHANDLER:
        return exists().where(
            col(Sak.person_id) == col(Person.id),
            or_(col(Sak.saksbehandler_id) == aktor.id, col(Sak.saksbehandler_id).is_(None)),
        )
    return col(Person.id).is_(None)


def krev_skrivetilgang(okt: Session, aktor: Aktor, person_id: int, *, idag: date, hva: str, hvorfor: str) -> None:
    """Saksbehandler og leder kan registrere i KE-saker; koordinator bare for sine personer; admin aldri.

    Mottak av meldinger og samtykker er KE-ens oppgave for alle personer (kilderegler.md §3.1), så
    saksbehandlere trenger ikke en sak fra før. Endringen logges av bruksområdet selv.
    """
    if aktor.rolle in (Rolle.SAKSBEHANDLER, Rolle.LEDER):
        return
    if aktor.rolle == Rolle.KOORDINATOR and har_tilgang(okt, aktor, person_id, idag):
        return
    logg(okt, aktor, person_id, "nektet", hva, hvorfor)
    okt.commit()
    raise IngenTilgang("Du har ikke tilgang til å registrere dette for personen.")


def krev_rolle(okt: Session, aktor: Aktor, roller: tuple[Rolle, ...], *, person_id: int | None, hva: str) -> None:
    """Bare disse rollene kan utføre handlingen; et forsøk fra andre logges som nektet."""
    if aktor.rolle in roller:
        return
    logg(okt, aktor, person_id, "nektet", hva, "rollen mangler myndighet")
    okt.commit()
    navn = " eller ".join(r.value for r in roller)
    raise IngenTilgang(f"Bare {navn} kan gjøre dette.")
