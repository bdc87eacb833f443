"""Tredje trinn: skriv skriveplanen som upsert på naturlige nøkler, art for art, i én transaksjon.

Ingen oppslag per rad: registeret har alt som fantes fra før. Nye rader får id-ene sine reservert med
ett spørsmål per art (PostgreSQL: `nextval` på sekvensen; SQLite: over største id, trygt fordi
arbeidsenheten holder skrivelåsen fra BEGIN IMMEDIATE), og settes inn i biter med ORM bulk insert
(kolonnenes standardverdier som referanse og opprettet lages per rad). Id-ene legges i registeret så
neste art finner fremmednøklene sine. Endrede rader skrives med ORM bulk UPDATE på primærnøkkel, med
versjonen økt der tabellen har en (optimistisk låsing i resten av systemet).

Målt (bench/import_bench.py): SQLModel-objekt per ny rad kostet mer enn halve tiden for 3 000 personer,
og INSERT … RETURNING med rekkefølgegaranti blir én setning per rad på SQLite. Derfor ordbøker og egne id-er.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, text, update
from sqlmodel import Session, SQLModel, col, select

from modeller.importer.kontekst import Skriverad
from modeller.importer.oppslag import Register
from modeller.importer.resultat import ARTER, Importresultat, Teller
from modeller.tabeller import (
    Gruppe,
    Gruppemedlem,
    IndividuellPlan,
    Koordinatoroppdrag,
    Mal,
    Mote,
    Person,
    Relasjon,
    Sak,
    Samtykke,
    SamtykkeDeling,
    Tiltak,
    Tjeneste,
    Tjenesteyter,
    Vedtak,
    Virksomhet,
)

BIT = 1000
MODELL: dict[str, type[SQLModel]] = {
    "virksomheter": Virksomhet, "tjenesteytere": Tjenesteyter, "personer": Person, "saker": Sak,
    "relasjoner": Relasjon, "tjenester": Tjeneste, "samtykker": Samtykke, "samtykkedelinger": SamtykkeDeling,
    "vedtak": Vedtak, "koordinatorer": Koordinatoroppdrag, "planer": IndividuellPlan, "mal": Mal, "tiltak": Tiltak,
    "grupper": Gruppe, "gruppemedlemmer": Gruppemedlem, "moter": Mote,
}


def skriv(okt: Session, register: Register, plan: dict[str, list[Skriverad]]) -> Importresultat:
    """Skriv alle artene i avhengighetsrekkefølge og tell nye, endrede og uendrede rader."""
    teller = Teller()
    for art in ARTER:
        rader = plan.get(art, [])
        # Rader som viser til samme art (delmål → hovedmål) skrives etter at de andre har fått id.
        selvref = [any(a == art for a, _ in r.foreldre.values()) for r in rader]
        _skriv_art(okt, register, art, [r for r, s in zip(rader, selvref, strict=True) if not s], teller)
        _skriv_art(okt, register, art, [r for r, s in zip(rader, selvref, strict=True) if s], teller)
    return teller.resultat()


@dataclass(frozen=True)
class NyRad:
    """En rad importen nettopp satte inn; registeret trenger bare id-en (til fremmednøkler)."""

    id: int


def _skriv_art(okt: Session, register: Register, art: str, rader: list[Skriverad], teller: Teller) -> None:
    modell, eksisterende = MODELL[art], register.rader[art]
    nye: list[tuple[Any, dict[str, Any]]] = []
    endringer: list[dict[str, Any]] = []
    for rad in rader:
        verdier = dict(rad.verdier)
        for kolonne, (forelder_art, forelder) in rad.foreldre.items():
            verdier[kolonne] = register.rader[forelder_art][forelder].id
        rad_i_db = eksisterende.get(rad.nokkel)
        if rad_i_db is None:
            nye.append((rad.nokkel, {**rad.ny, **verdier}))
        elif endring := _endring(rad_i_db, verdier):
            endringer.append(endring)
        else:
            teller.uendret[art] += 1
    for start in range(0, len(endringer), BIT):
        okt.execute(update(modell), _samme_kolonner_samlet(endringer[start:start + BIT]))
    teller.endret[art] += len(endringer)
    if not nye:
        return
    for (nokkel, verdier), id_ in zip(nye, _reserver_ider(okt, modell, len(nye)), strict=True):
        verdier["id"] = id_
        eksisterende[nokkel] = NyRad(id_)
    rader_ut = _samme_kolonner_samlet([verdier for _, verdier in nye])
    for start in range(0, len(rader_ut), BIT):
        okt.execute(insert(modell), rader_ut[start:start + BIT])
    teller.nye[art] += len(nye)


def _reserver_ider(okt: Session, modell: type[SQLModel], antall: int) -> list[int]:
    """Id-er til nye rader: fra sekvensen på PostgreSQL, over største id på SQLite (under skrivelåsen)."""
    tabell = modell.__table__.name  # type: ignore[attr-defined]
    if okt.get_bind().dialect.name == "postgresql":
        return list(okt.execute(text("SELECT nextval(pg_get_serial_sequence(:tabell, 'id')) "
                                     "FROM generate_series(1, :antall)"), {"tabell": tabell, "antall": antall}
                                ).scalars())
    storst = okt.execute(select(func.max(col(modell.id)))).scalar_one() or 0  # type: ignore[attr-defined]
    return list(range(storst + 1, storst + 1 + antall))


def _endring(rad: Any, verdier: dict[str, Any]) -> dict[str, Any]:
    """Kolonnene som er ulike (med id og økt versjon), eller en tom ordbok når raden er uendret."""
    endret = {felt: verdi for felt, verdi in verdier.items() if getattr(rad, felt) != verdi}
    if not endret:
        return {}
    if hasattr(rad, "versjon"):
        endret["versjon"] = rad.versjon + 1
    return {"id": rad.id, **endret}


def _samme_kolonner_samlet(rader: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Like sett av kolonner etter hverandre, så hver gruppe blir én flerrads-setning."""
    return sorted(rader, key=lambda v: tuple(sorted(v)))
