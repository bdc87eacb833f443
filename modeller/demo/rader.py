"""Radlageret: demorader som ordbøker med egne id-er, skrevet i bolker i fremmednøkkelrekkefølge.

Demodata skrives som masseinnsetting (én INSERT per tabell og bolk), ikke som ORM-objekter: et
SQLModel-objekt koster rundt 50 µs å lage, og 100 000 personer gir flere millioner rader. Id-ene deles ut
her (fra høyeste id + 1), så radene kan peke på hverandre før de er skrevet, og resultatet blir likt fra
kjøring til kjøring. På PostgreSQL flyttes sekvensene fram til høyeste id etterpå.
"""

from datetime import datetime
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import func, insert, text
from sqlmodel import Session, SQLModel, select

from modeller.tabeller import (
    Evaluering,
    Gruppe,
    Gruppemedlem,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Mal,
    Melding,
    Mote,
    Person,
    Relasjon,
    Sak,
    Samtykke,
    SamtykkeDeling,
    Systembruker,
    Tiltak,
    Tjeneste,
    Tjenesteyter,
    Vedtak,
    Virksomhet,
)

# Rekkefølgen radene skrives i: en rad skrives alltid etter radene den peker på.
REKKEFOLGE: tuple[type[SQLModel], ...] = (
    Virksomhet, Tjenesteyter, Systembruker, Person, Relasjon, Sak, Melding, Samtykke, SamtykkeDeling, Vedtak,
    Klage, Tjeneste, Koordinatoroppdrag, IndividuellPlan, Mal, Tiltak, Evaluering, Gruppe, Gruppemedlem, Mote,
)


def tabellnavn(modell: type[SQLModel]) -> str:
    """Tabellnavnet i databasen for en tabellmodell."""
    return str(modell.__table__.name)  # type: ignore[attr-defined]


def _standardverdier(modell: type[SQLModel]) -> tuple[dict[str, Any], frozenset[str]]:
    """Feltenes faste standardverdier og alle kolonnenavnene (standardfabrikker må settes av kalleren)."""
    kolonner = frozenset(str(k.key) for k in modell.__table__.columns)  # type: ignore[attr-defined]
    standard: dict[str, Any] = {}
    for navn in kolonner:
        felt = modell.model_fields[navn]
        if felt.default_factory is None and felt.default is not PydanticUndefined:
            standard[navn] = felt.default
    return standard, kolonner


class Radlager:
    """Samler rader per tabell og skriver dem med `skriv`; `antall` teller radene per tabell."""

    def __init__(self, okt: Session, opprettet: datetime) -> None:
        self._okt = okt
        self._opprettet = opprettet
        self._maler = {m: _standardverdier(m) for m in REKKEFOLGE}
        self._rader: dict[type[SQLModel], list[dict[str, Any]]] = {m: [] for m in REKKEFOLGE}
        self._neste = {m: self._hoyeste_id(m) + 1 for m in REKKEFOLGE}
        self.antall: dict[str, int] = {tabellnavn(m): 0 for m in REKKEFOLGE}

    def _hoyeste_id(self, modell: type[SQLModel]) -> int:
        id_kolonne = modell.__table__.c.id  # type: ignore[attr-defined]
        return int(self._okt.exec(select(func.coalesce(func.max(id_kolonne), 0))).one())

    def neste_id(self, modell: type[SQLModel]) -> int:
        """Id-en neste rad i tabellen får."""
        return self._neste[modell]

    def legg_til(self, modell: type[SQLModel], **verdier: Any) -> int:
        """Legg til én rad med neste id; ukjente eller manglende kolonner er en programfeil."""
        standard, kolonner = self._maler[modell]
        rad_id = self._neste[modell]
        self._neste[modell] = rad_id + 1
        rad = {**standard, "opprettet": self._opprettet, **verdier, "id": rad_id}
        if len(rad) != len(kolonner) or not rad.keys() <= kolonner:
            ukjent = sorted(rad.keys() - kolonner)
            mangler = sorted(kolonner - rad.keys())
            raise ValueError(f"{tabellnavn(modell)}: ukjente kolonner {ukjent}, mangler {mangler}")
        self._rader[modell].append(rad)
        return rad_id

    def skriv(self) -> None:
        """Skriv alle rader som venter, tabell for tabell i fremmednøkkelrekkefølge."""
        for modell in REKKEFOLGE:
            rader = self._rader[modell]
            if rader:
                # Core-INSERT på tabellen: alle radene har samme nøkler, så det blir én executemany per bolk.
                self._okt.execute(insert(modell.__table__), rader)  # type: ignore[attr-defined]
                self.antall[tabellnavn(modell)] += len(rader)
                self._rader[modell] = []

    def avslutt(self) -> None:
        """Skriv resten, og flytt PostgreSQL-sekvensene forbi id-ene som ble delt ut her."""
        self.skriv()
        if self._okt.get_bind().dialect.name != "postgresql":
            return
        for modell in REKKEFOLGE:
            if self.antall[tabellnavn(modell)]:
                navn = tabellnavn(modell)
                self._okt.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{navn}', 'id'), (SELECT MAX(id) FROM {navn}))"
                ))
