"""Det importen gir tilbake: problemer med JSON-sti, feilen som samler dem, og tellingene."""

from collections import Counter
from dataclasses import dataclass, field

from modeller.tjenester.feil import Feltfeil, Valideringsfeil

# Rekkefølgen tellingene vises i (samme rekkefølge som de skrives).
ARTER = (
    "virksomheter", "tjenesteytere", "personer", "saker", "relasjoner", "tjenester", "samtykker",
    "samtykkedelinger", "vedtak", "koordinatorer", "planer", "mal", "tiltak", "grupper", "gruppemedlemmer",
    "moter",
)
_VIS_HOYST = 20


@dataclass(frozen=True)
class Importproblem:
    """Ett problem i importfilen: JSON-stien (f.eks. `personer[3].identitetsnummer`) og en norsk forklaring."""

    sti: str
    melding: str

    def __str__(self) -> str:
        return f"{self.sti}: {self.melding}" if self.sti else self.melding


class Importfeil(Valideringsfeil):
    """Filen kan ikke importeres; ingenting er skrevet. `problemer` lister hvert problem med sti."""

    def __init__(self, problemer: list[Importproblem]) -> None:
        self.problemer = list(problemer)
        super().__init__([Feltfeil(p.sti, p.melding) for p in self.problemer])

    def __str__(self) -> str:
        linjer = [str(p) for p in self.problemer[:_VIS_HOYST]]
        if len(self.problemer) > _VIS_HOYST:
            linjer.append(f"… og {len(self.problemer) - _VIS_HOYST} problemer til.")
        return f"Importen ble avvist med {len(self.problemer)} problem(er); ingenting er lagret.\n" + "\n".join(linjer)

    def rapport(self) -> str:
        """Alle problemene, ett per linje, til skjerm eller fil."""
        return "\n".join(str(p) for p in self.problemer)


@dataclass(frozen=True)
class Importresultat:
    """Antall nye, endrede og uendrede rader per art (alle arter er med, også med 0)."""

    nye: dict[str, int]
    endret: dict[str, int]
    uendret: dict[str, int]

    def sammendrag(self) -> str:
        """Kort norsk sammendrag uten innhold, til skjerm og tilgangslogg."""
        deler = []
        for art in ARTER:
            tall = [f"{n} {ord_}" for n, ord_ in ((self.nye[art], "nye"), (self.endret[art], "endret"),
                                                   (self.uendret[art], "uendret")) if n]
            if tall:
                deler.append(f"{art} {', '.join(tall)}")
        total = (f"{sum(self.nye.values())} nye, {sum(self.endret.values())} endret, "
                 f"{sum(self.uendret.values())} uendret")
        return total + (" (" + "; ".join(deler) + ")" if deler else "")


@dataclass
class Teller:
    """Teller nye, endrede og uendrede rader mens importen skriver."""

    nye: Counter[str] = field(default_factory=Counter)
    endret: Counter[str] = field(default_factory=Counter)
    uendret: Counter[str] = field(default_factory=Counter)

    def resultat(self) -> Importresultat:
        """Frys tellingene, med alle arter."""
        return Importresultat(
            nye={a: self.nye[a] for a in ARTER},
            endret={a: self.endret[a] for a in ARTER},
            uendret={a: self.uendret[a] for a in ARTER},
        )
