"""Forslag til koordinator/barnekoordinator (kilderegler.md §3.5; lovkrav K8, K9).

Rekkefølge: brukerens ønske (001_c5df1bb6b580be91.txt L923–924), instans etter livsfasetabellen
(L926–945), opplært før ikke opplært (L909–910), færre oppdrag før flere, og til slutt id.
Rangeringen er et forslag; KE bestemmer (L919).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from modeller.regler.begreper import Instans, Livsfase
from modeller.regler.livsfase import primaeransvarlig

INSTANSNAVN = {
    Instans.JORDMOR: "jordmor",
    Instans.HELSESYKEPLEIER: "helsesykepleier",
    Instans.BARNEHAGE: "barnehage",
    Instans.GRUNNSKOLE: "grunnskole",
    Instans.VIDEREGAENDE: "videregående skole",
    Instans.HELSE_OMSORG: "helse- og omsorgstjenesten",
    Instans.NAV: "NAV",
    Instans.ANNET: "annen instans",
}
LIVSFASENAVN = {
    Livsfase.SVANGERSKAP: "svangerskap",
    Livsfase.SPEDBARN: "spedbarn",
    Livsfase.BARNEHAGE: "barnehage",
    Livsfase.GRUNNSKOLE: "grunnskole",
    Livsfase.VIDEREGAENDE: "videregående skole",
    Livsfase.VOKSEN: "voksen",
}


@dataclass(frozen=True)
class Kandidat:
    """En mulig koordinator."""

    id: int
    navn: str
    instans: Instans
    opplaert: bool
    antall_oppdrag: int


@dataclass(frozen=True)
class Rangert:
    """En kandidat med plass (1 er best) og forklaring på norsk."""

    kandidat: Kandidat
    plass: int
    forklaring: tuple[str, ...]


def _forklaring(k: Kandidat, *, onsket: bool, passer: bool, livsfase: Livsfase) -> tuple[str, ...]:
    fase = LIVSFASENAVN[livsfase]
    instans = INSTANSNAVN[k.instans]
    linjer = []
    if onsket:
        linjer.append("Brukeren har selv ønsket denne koordinatoren (001_c5df1bb6b580be91.txt L923–924).")
    if passer:
        linjer.append(f"Kommer fra {instans}, som har hovedansvaret i livsfasen «{fase}» (001 L929–945).")
    else:
        linjer.append(f"Kommer fra {instans}, som ikke er primæransvarlig i livsfasen «{fase}» (001 L929–945).")
    if k.opplaert:
        linjer.append("Har fått opplæring som koordinator.")
    else:
        linjer.append("Mangler opplæring; KE må sørge for opplæring (001_c5df1bb6b580be91.txt L909–910).")
    linjer.append(f"Har {k.antall_oppdrag} koordinatoroppdrag fra før.")
    return tuple(linjer)


def ranger_kandidater(kandidater: Sequence[Kandidat], *, livsfase: Livsfase, onsket_id: int | None) -> list[Rangert]:
    """Ranger kandidater: ønske, livsfaseinstans, opplæring, færrest oppdrag, id (001 L923–945)."""
    ansvarlige = primaeransvarlig(livsfase)

    def nokkel(k: Kandidat) -> tuple[bool, bool, bool, int, int]:
        return (k.id != onsket_id, k.instans not in ansvarlige, not k.opplaert, k.antall_oppdrag, k.id)

    ordnet = sorted(kandidater, key=nokkel)
    return [
        Rangert(
            kandidat=k,
            plass=plass,
            forklaring=_forklaring(
                k,
                onsket=onsket_id is not None and k.id == onsket_id,
                passer=k.instans in ansvarlige,
                livsfase=livsfase,
            ),
        )
        for plass, k in enumerate(ordnet, start=1)
    ]
