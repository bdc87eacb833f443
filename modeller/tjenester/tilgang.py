"""Tilgangsstyring etter tjenstlig behov og tilgangslogg (Normen; sikkerhet-og-drift.md §1.2–1.3).

Nekt som standard: en koordinator ser personene de koordinerer, en saksbehandler sakene de har eller
kø-sakene uten saksbehandler, lederen ser alt, admin forvalter brukere og referansedata, ikke saksinnhold.
Hver lesing av en persons opplysninger skriver en rad i tilgangsloggen.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_
from sqlmodel import Session, col, select

from modeller.regler.begreper import Rolle
from modeller.tabeller import Koordinatoroppdrag, Sak, Tilgangslogg
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
