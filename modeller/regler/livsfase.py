"""Livsfase og primæransvarlig instans (livsfasetabellen, 001_c5df1bb6b580be91.txt L929–945).

Aldersgrensene er en tolkning av tabellen (tallene ligger i `Regelverk`):

* svangerskap: venter barn og ingen fødselsdato, eller fødselsdato (termin) etter `idag`;
* spedbarn: under 1 år;
* barnehage: fra 1 år til skolestart 1. august i året barnet fyller 6;
* grunnskole: til 1. august i året barnet fyller 16;
* videregående: fra da og til 18-årsdagen;
* voksen: fra 18 år («Voksne over 18 år»).
"""

from datetime import date

from modeller.regler.begreper import Instans, Livsfase
from modeller.regler.identitet import alder
from modeller.regler.parametre import STANDARD, Regelverk

PRIMAERANSVARLIG: dict[Livsfase, tuple[Instans, ...]] = {
    Livsfase.SVANGERSKAP: (Instans.JORDMOR,),
    Livsfase.SPEDBARN: (Instans.HELSESYKEPLEIER,),
    Livsfase.BARNEHAGE: (Instans.BARNEHAGE,),
    Livsfase.GRUNNSKOLE: (Instans.GRUNNSKOLE,),
    Livsfase.VIDEREGAENDE: (Instans.HELSE_OMSORG, Instans.NAV),
    Livsfase.VOKSEN: (Instans.HELSE_OMSORG, Instans.NAV),
}


def skolestart(fodselsdato: date, regelverk: Regelverk = STANDARD) -> date:
    """Første skoledag (tolket som 1. august) i året barnet fyller 6 (opplæringslova § 2-1; tolkning)."""
    return date(fodselsdato.year + regelverk.skolestart_alder, regelverk.skolear_start_maned, 1)


def videregaende_start(fodselsdato: date, regelverk: Regelverk = STANDARD) -> date:
    """Skoleåret etter tiende trinn: 1. august i året barnet fyller 16 (opplæringslova § 2-1; tolkning)."""
    return date(fodselsdato.year + regelverk.grunnskole_slutt_alder, regelverk.skolear_start_maned, 1)


def livsfase_for(
    *,
    fodselsdato: date | None,
    idag: date,
    venter_barn: bool = False,
    overstyrt: Livsfase | None = None,
    regelverk: Regelverk = STANDARD,
) -> Livsfase:
    """Livsfase etter alder, med overstyring (tolkning av 001_c5df1bb6b580be91.txt L929–945)."""
    if overstyrt is not None:
        return overstyrt
    if fodselsdato is None:
        if venter_barn:
            return Livsfase.SVANGERSKAP
        raise ValueError("Fødselsdato mangler; livsfasen kan ikke avgjøres uten den.")
    if fodselsdato > idag:
        return Livsfase.SVANGERSKAP
    ar = alder(fodselsdato, idag)
    if ar >= regelverk.myndighetsalder:
        return Livsfase.VOKSEN
    if ar < regelverk.spedbarn_til_alder:
        return Livsfase.SPEDBARN
    if idag < skolestart(fodselsdato, regelverk):
        return Livsfase.BARNEHAGE
    if idag < videregaende_start(fodselsdato, regelverk):
        return Livsfase.GRUNNSKOLE
    return Livsfase.VIDEREGAENDE


def primaeransvarlig(livsfase: Livsfase) -> tuple[Instans, ...]:
    """Primæransvarlig instans for livsfasen, nøyaktig som tabellen (001_c5df1bb6b580be91.txt L929–945)."""
    return PRIMAERANSVARLIG[livsfase]
