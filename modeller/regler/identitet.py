"""Norske identitetsnummer: fødselsnummer, D-, H-, FH- og syntetiske nummer (sikkerhet-og-drift.md §2).

Kontrollsifrene følger Skatteetatens referanse (sikkerhet-og-drift.md §2.2, §2.4):

* 1964-regelen: rest etter første kontroll må være 0.
* 2032-regelen: rest etter første kontroll kan være 0, 1, 2 eller 3; andre kontroll som før.

Valg som andre må kjenne til (tolkning):

* `regel` er 1964 når resten er 0 (nummeret består også dagens kontroll), ellers 2032.
  Et nummer tildelt etter 2032 med rest 0 kan ikke skilles fra et gammelt nummer.
* For 1964-nummer utledes århundret av individnummerserien. Passer ingen serie med en gyldig dato,
  behandles nummeret som et 2032-nummer («Individnummeret vil ikke lenger angi århundre»),
  slik at gyldige nye nummer ikke avvises.
* For 2032-nummer er `fodselsdato` alltid None; fødselsdatoen må hentes fra Folkeregisteret.
  Dag og måned må likevel kunne være en dato (29.02 godtas når åå er delelig med 4, som i
  Skatteetatens referanse).
* Ingen kontroll av «født i framtiden».
"""

from dataclasses import dataclass
from datetime import date

from modeller.regler.begreper import Identtype

VEKTER_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
VEKTER_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Tillatte rester etter første kontroll (sikkerhet-og-drift.md §2.4).
REST_1964 = frozenset({0})
REST_2032 = frozenset({0, 1, 2, 3})
# Individnummerserier (forskrift om folkeregistrering; sikkerhet-og-drift.md §2.1): (fra år, til år, fra, til).
SERIER = (
    (1854, 1899, 500, 749),
    (1900, 1999, 0, 499),
    (1940, 1999, 900, 999),
    (2000, 2039, 500, 999),
)
D_TILLEGG = 40  # D-nummer: dag + 40
H_TILLEGG = 40  # H-nummer: måned + 40
SYNTETISK_TILLEGG = 80  # Syntetisk (Tenor): måned + 80


class UgyldigIdentitet(ValueError):
    """Identitetsnummeret er ugyldig; meldingen sier hva som er galt (sikkerhet-og-drift.md §2)."""


@dataclass(frozen=True)
class Identitet:
    """Et gyldig identitetsnummer med type, kontrollregel og eventuell fødselsdato."""

    nummer: str
    type: Identtype
    regel: int  # 1964 eller 2032
    syntetisk: bool
    fodselsdato: date | None


def _rest_k1(sifre: list[int]) -> int:
    return (sum(v * s for v, s in zip(VEKTER_K1, sifre, strict=False)) + sifre[9]) % 11


def _rest_k2(sifre: list[int]) -> int:
    return (sum(v * s for v, s in zip(VEKTER_K2, sifre, strict=False)) + sifre[10]) % 11


def _aarhundre_1964(aa: int, individ: int) -> list[int]:
    """Mulige fødselsår for to sifre år og individnummer etter seriene (sikkerhet-og-drift.md §2.1)."""
    ar = []
    for fra, til, ind_fra, ind_til in SERIER:
        kandidat = fra // 100 * 100 + aa
        if kandidat < fra:
            kandidat += 100
        if kandidat <= til and ind_fra <= individ <= ind_til:
            ar.append(kandidat)
    return ar


def _dato(ar: int, maned: int, dag: int) -> date | None:
    try:
        return date(ar, maned, dag)
    except ValueError:
        return None


def _les_type(dag: int, maned: int, tillat_syntetisk: bool) -> tuple[Identtype, bool, int, int]:
    """Tolk første og tredje siffer: type, syntetisk, ekte dag og ekte måned (sikkerhet-og-drift.md §2.3)."""
    if dag >= 80:
        return Identtype.FH, False, 0, 0
    type_ = Identtype.FNR
    if dag > D_TILLEGG:
        type_, dag = Identtype.DNR, dag - D_TILLEGG
    syntetisk = False
    if maned > SYNTETISK_TILLEGG:
        if not tillat_syntetisk:
            raise UgyldigIdentitet("Syntetiske testnummer (måned + 80) er ikke tillatt her.")
        syntetisk, maned = True, maned - SYNTETISK_TILLEGG
    elif maned > H_TILLEGG:
        if type_ is Identtype.DNR:
            raise UgyldigIdentitet("Nummeret kan ikke være både D-nummer og H-nummer.")
        type_, maned = Identtype.HNR, maned - H_TILLEGG
    return type_, syntetisk, dag, maned


def valider_identitetsnummer(nummer: str, *, tillat_syntetisk: bool = False) -> Identitet:
    """Valider fødsels-, D-, H-, FH- eller syntetisk nummer (Skatteetaten; sikkerhet-og-drift.md §2.2–2.4)."""
    renset = "".join(nummer.split())
    if len(renset) != 11 or not renset.isascii() or not renset.isdigit():
        raise UgyldigIdentitet("Identitetsnummeret må ha nøyaktig 11 sifre.")
    sifre = [int(c) for c in renset]
    rest1 = _rest_k1(sifre)
    if rest1 not in REST_2032:
        raise UgyldigIdentitet("Første kontrollsiffer stemmer ikke.")
    if _rest_k2(sifre) != 0:
        raise UgyldigIdentitet("Andre kontrollsiffer stemmer ikke.")
    type_, syntetisk, dag, maned = _les_type(int(renset[0:2]), int(renset[2:4]), tillat_syntetisk)
    if type_ is Identtype.FH:
        regel = 1964 if rest1 in REST_1964 else 2032
        return Identitet(renset, type_, regel, False, None)
    aa, individ = int(renset[4:6]), int(renset[6:9])
    if rest1 in REST_1964:
        for ar in _aarhundre_1964(aa, individ):
            fodt = _dato(ar, maned, dag)
            if fodt is not None:
                return Identitet(renset, type_, 1964, syntetisk, fodt)
    skuddar = 2000 if aa % 4 == 0 else 2001  # Skatteetatens referanse: åå delelig med 4 er skuddår
    if _dato(skuddar, maned, dag) is None:
        raise UgyldigIdentitet("Fødselsdatoen i nummeret finnes ikke.")
    return Identitet(renset, type_, 2032, syntetisk, None)


def _kontrollsiffer(sifre: list[int], vekter: tuple[int, ...]) -> int | None:
    k = (11 - sum(v * s for v, s in zip(vekter, sifre, strict=False)) % 11) % 11
    return None if k == 10 else k


def lag_identitetsnummer(
    fodselsdato: date,
    individnummer: int,
    *,
    type: Identtype = Identtype.FNR,
    syntetisk: bool = False,
) -> str | None:
    """Lag et nummer etter 1964-regelen; None når et kontrollsiffer blir 10 (sikkerhet-og-drift.md §2.2)."""
    if type is Identtype.FH:
        raise ValueError("FH-nummer har ingen fødselsdato og kan ikke lages fra en dato.")
    if type is Identtype.HNR and syntetisk:
        raise ValueError("Syntetiske H-nummer støttes ikke.")
    if fodselsdato.year not in _aarhundre_1964(fodselsdato.year % 100, individnummer):
        raise ValueError(f"Individnummer {individnummer} passer ikke med fødselsåret {fodselsdato.year}.")
    dag = fodselsdato.day + (D_TILLEGG if type is Identtype.DNR else 0)
    maned = fodselsdato.month + (H_TILLEGG if type is Identtype.HNR else 0)
    maned += SYNTETISK_TILLEGG if syntetisk else 0
    grunn = f"{dag:02d}{maned:02d}{fodselsdato.year % 100:02d}{individnummer:03d}"
    sifre = [int(c) for c in grunn]
    k1 = _kontrollsiffer(sifre, VEKTER_K1)
    if k1 is None:
        return None
    k2 = _kontrollsiffer([*sifre, k1], VEKTER_K2)
    if k2 is None:
        return None
    return f"{grunn}{k1}{k2}"


def alder(fodselsdato: date, idag: date) -> int:
    """Alder i hele år på `idag` (aldersgrensene i kilderegler.md §4.2); 29.02-fødte fyller år 01.03 (tolkning)."""
    ar = idag.year - fodselsdato.year
    if (idag.month, idag.day) < (fodselsdato.month, fodselsdato.day):
        ar -= 1
    return ar


def fyller_ar(fodselsdato: date, antall_ar: int) -> date:
    """Dagen personen fyller `antall_ar` år (kilderegler.md §4.2); 29.02 gir 01.03 i vanlige år (tolkning)."""
    ar = fodselsdato.year + antall_ar
    try:
        return fodselsdato.replace(year=ar)
    except ValueError:
        return date(ar, 3, 1)
