"""Felles tilstand for demogeneratoren: én tilfeldighetskilde, dagens dato, regelverk og oppslag."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from modeller.demo.rader import Radlager
from modeller.regler.begreper import Instans, Livsfase
from modeller.regler.parametre import Regelverk

# Samme alfabet som `modeller.tabeller.felles.ny_referanse`: uten 0/O og 1/I/L, så referansen kan leses opp.
ALFABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
EN_DAG = timedelta(days=1)
# Køen demoen viser (tolkning av en travel, men velfungerende KE): en frist som har passert, er fulgt opp,
# bortsett fra en jevn andel ETTERSLEP av fristene fra de siste FORSINKELSE dagene. Andelen er fast (ikke
# loddtrukket), så hver demokommune har noen få forfalte oppgaver og ikke mange.
FORSINKELSE = 21
ETTERSLEP = 0.04


@dataclass(frozen=True)
class Typeinfo:
    """En tjenestetype fra katalogen i databasen."""

    id: int
    lovpalagt: bool
    kan_paklages: bool
    typisk_tidsbegrenset: bool


@dataclass(frozen=True)
class Virk:
    """En demovirksomhet; `art` er koden i `STANDARD_VIRKSOMHETER` den er laget fra."""

    id: int
    art: str
    navn: str
    instans: Instans


@dataclass(frozen=True)
class Yter:
    """En demotjenesteyter."""

    id: int
    navn: str
    virk: Virk
    koordinator: bool
    opplaert: bool


@dataclass
class Demo:
    """Alt generatoren deler: tilfeldighet (bare denne `rng`), dato, regelverk, radlager og oppslag."""

    rng: random.Random
    idag: date
    regelverk: Regelverk
    fridager: frozenset[date]
    lager: Radlager
    kommunenummer: str
    typer: dict[str, Typeinfo]
    virk_per_art: dict[str, list[Virk]] = field(default_factory=dict)
    yter_per_virk: dict[int, list[Yter]] = field(default_factory=dict)
    koordinatorer_per_instans: dict[Instans, list[Yter]] = field(default_factory=dict)
    koordinatorer: list[Yter] = field(default_factory=list)
    # Koordinatorkandidater per livsfase (None: alle), og om de uten opplæring er med.
    kandidater: dict[tuple[Livsfase | None, bool], list[Yter]] = field(default_factory=dict)
    demokoordinator: Yter | None = None
    demokvote: int = 0
    saksbehandler: tuple[int, str] = (0, "")
    leder: tuple[int, str] = (0, "")
    brukte_identer: set[str] = field(default_factory=set)
    _brukte_ref: set[str] = field(default_factory=set)
    _etterslep: dict[str, float] = field(default_factory=dict)  # per slags frist; se `star_igjen`

    @property
    def horisont(self) -> int:
        """Dager fram oppfølgingssveipet legger oppgaver i køen (den tidligste påminnelsen, standard 14)."""
        return max(self.regelverk.paminnelse_dager_for, default=14)

    def referanse(self, prefiks: str) -> str:
        """En unik, ugjennomsiktig referanse som `P-7F3A9C2K`, trukket fra `rng`."""
        while True:
            tall = self.rng.getrandbits(40)
            tegn = "".join(ALFABET[(tall >> (5 * i)) & 31] for i in range(8))
            ref = f"{prefiks}-{tegn}"
            if ref not in self._brukte_ref:
                self._brukte_ref.add(ref)
                return ref

    def uid(self) -> str:
        """En UID for kalenderinvitasjoner, trukket fra `rng`."""
        return f"{uuid.UUID(int=self.rng.getrandbits(128), version=4)}@enheten"

    def dag(self, fra: int, til: int) -> date:
        """En dag mellom `fra` og `til` dager fra i dag (negative tall er i fortiden)."""
        return self.idag + timedelta(days=self.rng.randint(fra, til))

    def star_igjen(self, hva: str = "oppfolging") -> bool:
        """Om en frist av slaget `hva` som passerte de siste `FORSINKELSE` dagene, ennå ikke er fulgt opp.

        Hver 1/ETTERSLEP-te står igjen, og den første alltid, så køen har minst én forfalt oppgave av hvert slag.
        """
        rest = self._etterslep.get(hva, 1 - ETTERSLEP) + ETTERSLEP
        self._etterslep[hva] = rest - 1 if rest >= 1 else rest
        return rest >= 1

    def frist(self, periode: int, *, tidligst: date, i_ko: bool = False) -> date:
        """Neste frist i en oppfølging hver `periode` dager, aldri forfalt før `tidligst`; `i_ko`: innen horisonten."""
        senest = self.horisont if i_ko else max(1, periode)
        dag = self.dag(-FORSINKELSE, senest)
        if dag >= self.idag or (dag >= tidligst and self.star_igjen()):
            return dag
        return self.dag(1, senest)

    def yter(self, virk: Virk) -> Yter:
        """En tilfeldig tjenesteyter i virksomheten."""
        return self.rng.choice(self.yter_per_virk[virk.id])

    def virk(self, art: str) -> Virk:
        """En tilfeldig virksomhet av arten (f.eks. «barnehage»)."""
        return self.rng.choice(self.virk_per_art[art])


def tidspunkt(d: date, kl: int = 9) -> datetime:
    """Et teknisk tidsstempel (UTC) for dagen `d`, til `opprettet` og liknende."""
    return datetime.combine(d, time(kl), tzinfo=UTC)


def klipp(d: date, *, tidligst: date | None = None, senest: date | None = None) -> date:
    """`d` holdt innenfor grensene."""
    if tidligst is not None and d < tidligst:
        d = tidligst
    if senest is not None and d > senest:
        d = senest
    return d
