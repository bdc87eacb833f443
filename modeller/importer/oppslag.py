"""Eksisterende rader hentet i bulk (ett spørsmål per tabell, delt i biter), nøklet med filens naturlige nøkler.

Radene hentes som lette radobjekter (SQLAlchemy `Row`), ikke ORM-objekter; skrivingen oppdaterer dem med
ORM bulk UPDATE på primærnøkkel.

Registeret er felles for valideringen (finnes referansen?) og skrivingen (ny eller endret rad?). Skrivingen
legger nye rader inn i det samme registeret, så senere arter finner id-ene til foreldrene sine.
"""

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlmodel import Session, SQLModel, col

from modeller.importer.felttyper import normaliser_valg
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
    Tjenestetype,
    Tjenesteyter,
    Vedtak,
    Virksomhet,
)

BIT = 900  # Antall verdier i én IN-liste (godt under grensene i SQLite og PostgreSQL).
T = TypeVar("T")


@dataclass
class Register:
    """Rader per art og naturlig nøkkel, og tjenestekatalogen med oppslag på kode, navn og alias."""

    rader: dict[str, dict[Any, Any]] = field(default_factory=lambda: defaultdict(dict))
    tjenestetyper: dict[str, Any] = field(default_factory=dict)
    typeoppslag: dict[str, str] = field(default_factory=dict)

    def finn_tjenestetype(self, tekst: str) -> Any:
        """Tjenestetypen for en kode, et navn eller et alias fra katalogen (store/små bokstaver likegyldig)."""
        kode = self.typeoppslag.get(normaliser_valg(tekst))
        return None if kode is None else self.tjenestetyper[kode]

    def foresla_tjenestetype(self, tekst: str) -> str | None:
        """Nærmeste kode i katalogen for en ukjent tekst, til «Mente du …?»."""
        treff = difflib.get_close_matches(normaliser_valg(tekst), list(self.typeoppslag), n=1, cutoff=0.6)
        return self.typeoppslag[treff[0]] if treff else None

    def per_person(self, art: str) -> dict[str, list[Any]]:
        """Radene av en art gruppert på personens identitetsnummer (første ledd i nøkkelen)."""
        gruppert: dict[str, list[Any]] = defaultdict(list)
        for nokkel, rad in self.rader[art].items():
            gruppert[nokkel[0]].append(rad)
        return gruppert


def _biter(verdier: Iterable[T]) -> Iterator[list[T]]:
    liste = sorted(set(verdier), key=str)
    for start in range(0, len(liste), BIT):
        yield liste[start:start + BIT]


def _alle(okt: Session, modell: type[SQLModel], *vilkar: Any) -> list[Any]:
    """Radene som lette radobjekter (kolonnene som attributter), ikke ORM-objekter: mye raskere i bulk."""
    tabell = modell.__table__  # type: ignore[attr-defined]
    return list(okt.execute(select(tabell).where(*vilkar)).all())


def _hent(okt: Session, modell: type[SQLModel], kolonne: Any, verdier: Iterable[Any]) -> list[Any]:
    rader: list[Any] = []
    for bit in _biter(verdier):
        rader.extend(_alle(okt, modell, col(kolonne).in_(bit)))
    return rader


def _katalog(okt: Session, register: Register) -> None:
    for tt in _alle(okt, Tjenestetype):
        register.tjenestetyper[tt.kode] = tt
        register.rader["tjenestetyper"][tt.kode] = tt
    # Koder først, så navn, så aliaser; et alias som peker på to typer brukes ikke.
    tvetydige: set[str] = set()
    for tt in register.tjenestetyper.values():
        for alias in tt.aliaser.split(";"):
            if alias.strip():
                noekkel = normaliser_valg(alias)
                if register.typeoppslag.get(noekkel, tt.kode) != tt.kode:
                    tvetydige.add(noekkel)
                register.typeoppslag[noekkel] = tt.kode
    for noekkel in tvetydige:
        register.typeoppslag.pop(noekkel)
    for tt in register.tjenestetyper.values():
        register.typeoppslag[normaliser_valg(tt.navn)] = tt.kode
    for tt in register.tjenestetyper.values():
        register.typeoppslag[normaliser_valg(tt.kode)] = tt.kode


def _personrader(okt: Session, r: Register, identer: set[str]) -> dict[int, str]:
    """Personer, saker, relasjoner, tjenester, samtykker, vedtak og koordinatorer; gir id → ident."""
    personer = _hent(okt, Person, Person.identitetsnummer, identer)
    ident = {p.id: p.identitetsnummer for p in personer if p.id is not None and p.identitetsnummer}
    r.rader["personer"].update({p.identitetsnummer: p for p in personer if p.identitetsnummer})
    # Saken importen bruker: den nyeste som ikke er avsluttet, ellers den nyeste.
    for sak in sorted(_hent(okt, Sak, Sak.person_id, ident), key=lambda s: (s.status != "avsluttet", s.id or 0)):
        r.rader["saker"][ident[sak.person_id]] = sak
    for rel in _hent(okt, Relasjon, Relasjon.person_id, ident):
        r.rader["relasjoner"][(ident[rel.person_id], rel.relasjonstype, rel.navn)] = rel
    typekode = {tt.id: kode for kode, tt in r.tjenestetyper.items()}
    virksomhet = {v.id: v.navn for v in r.rader["virksomheter"].values()}
    for tj in _hent(okt, Tjeneste, Tjeneste.person_id, ident):
        noekkel = (ident[tj.person_id], typekode[tj.tjenestetype_id], virksomhet[tj.virksomhet_id], tj.fra)
        r.rader["tjenester"][noekkel] = tj
    for st in _hent(okt, Samtykke, Samtykke.person_id, ident):
        r.rader["samtykker"][(ident[st.person_id], st.gitt, st.gitt_av_navn)] = st
    for v in _hent(okt, Vedtak, Vedtak.person_id, ident):
        r.rader["vedtak"][(ident[v.person_id], v.tiltak, v.fattet_dato)] = v
    for k in _hent(okt, Koordinatoroppdrag, Koordinatoroppdrag.person_id, ident):
        r.rader["koordinatorer"][(ident[k.person_id], k.rolle, k.fra)] = k
    return ident


def _delinger(okt: Session, r: Register) -> None:
    samtykke = {st.id: n for n, st in r.rader["samtykker"].items()}
    epost = {ty.id: e for e, ty in r.rader["tjenesteytere"].items()}
    for d in _hent(okt, SamtykkeDeling, SamtykkeDeling.samtykke_id, samtykke):
        if d.tjenesteyter_id in epost:
            r.rader["samtykkedelinger"][(samtykke[d.samtykke_id], epost[d.tjenesteyter_id])] = d


def _planrader(okt: Session, r: Register, ident: dict[int, str]) -> None:
    planer = _hent(okt, IndividuellPlan, IndividuellPlan.person_id, ident)
    plan = {p.id: (ident[p.person_id], p.periode_fra) for p in planer}
    # Planer uten periode kan ikke være mål for importen, men teller med når aktive planer sjekkes.
    # Avsluttede først, så en aktiv plan med samme startdato vinner.
    for p in sorted(planer, key=lambda p: (p.status != "avsluttet", p.id or 0)):
        noekkel = (ident[p.person_id], p.periode_fra) if p.periode_fra else (ident[p.person_id], None, p.id)
        r.rader["planer"][noekkel] = p
    for m in _hent(okt, Mal, Mal.plan_id, plan):
        r.rader["mal"][(*plan[m.plan_id], m.beskrivelse)] = m
    for t in _hent(okt, Tiltak, Tiltak.plan_id, plan):
        r.rader["tiltak"][(*plan[t.plan_id], t.beskrivelse)] = t


def _grupperader(okt: Session, r: Register, ident: dict[int, str]) -> None:
    grupper = _alle(okt, Gruppe, col(Gruppe.person_id).is_(None))
    grupper += _hent(okt, Gruppe, Gruppe.person_id, ident)
    gruppe = {g.id: (g.gruppetype, g.navn, ident.get(g.person_id) if g.person_id else None) for g in grupper}
    r.rader["grupper"].update({gruppe[g.id]: g for g in grupper})
    epost = {ty.id: e for e, ty in r.rader["tjenesteytere"].items()}
    relasjon = {rel.id: rel.navn for rel in r.rader["relasjoner"].values()}
    for m in _hent(okt, Gruppemedlem, Gruppemedlem.gruppe_id, gruppe):
        medlem: tuple[Any, ...] = (
            ("bruker",) if m.er_bruker else ("epost", epost.get(m.tjenesteyter_id)) if m.tjenesteyter_id
            else ("navn", relasjon.get(m.relasjon_id))
        )
        r.rader["gruppemedlemmer"][(gruppe[m.gruppe_id], medlem)] = m
    for mote in _hent(okt, Mote, Mote.gruppe_id, gruppe):
        r.rader["moter"][(gruppe[mote.gruppe_id], mote.start)] = mote


def last_register(okt: Session, identer: set[str]) -> Register:
    """Hent katalogen, virksomheter, tjenesteytere og alt som hører til personene med disse identene."""
    r = Register()
    _katalog(okt, r)
    r.rader["virksomheter"].update({v.navn: v for v in _alle(okt, Virksomhet)})
    r.rader["tjenesteytere"].update({ty.epost.lower(): ty for ty in _alle(okt, Tjenesteyter)})
    ident = _personrader(okt, r, identer)
    _delinger(okt, r)
    _planrader(okt, r, ident)
    _grupperader(okt, r, ident)
    return r
