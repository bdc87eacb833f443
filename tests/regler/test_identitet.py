"""Identitetsnummer: testvektorer fra sikkerhet-og-drift.md §2.4–2.5 og egenskapstester."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from modeller.regler.begreper import Identtype
from modeller.regler.identitet import (
    SERIER,
    VEKTER_K1,
    VEKTER_K2,
    Identitet,
    UgyldigIdentitet,
    alder,
    fyller_ar,
    lag_identitetsnummer,
    valider_identitetsnummer,
)


def med_kontrollsifre(grunn: str, rest1: int = 0) -> str | None:
    """Uavhengig beregning: legg til k1 slik at resten blir `rest1`, og k2 (None når et siffer blir 10)."""
    sifre = [int(c) for c in grunn]
    k1 = (rest1 - sum(v * s for v, s in zip(VEKTER_K1, sifre, strict=True))) % 11
    if k1 == 10:
        return None
    sifre.append(k1)
    k2 = (-sum(v * s for v, s in zip(VEKTER_K2, sifre, strict=True))) % 11
    if k2 == 10:
        return None
    return grunn + str(k1) + str(k2)


# sikkerhet-og-drift.md §2.5 (tabellen) og §2.4 (Skatteetatens eksempler for 2032-regelen)
@pytest.mark.parametrize(
    ("nummer", "tillat", "forventet"),
    [
        ("15108695088", False, Identitet("15108695088", Identtype.FNR, 1964, False, date(1986, 10, 15))),
        ("55108695071", False, Identitet("55108695071", Identtype.DNR, 1964, False, date(1986, 10, 15))),
        ("15508695060", False, Identitet("15508695060", Identtype.HNR, 1964, False, date(1986, 10, 15))),
        ("15908695043", True, Identitet("15908695043", Identtype.FNR, 1964, True, date(1986, 10, 15))),
        ("85108695094", False, Identitet("85108695094", Identtype.FH, 1964, False, None)),
        # rest 0: består også dagens kontroll, så regel = 1964 (se modulens docstring)
        ("30108299920", False, Identitet("30108299920", Identtype.FNR, 1964, False, date(1982, 10, 30))),
        # rest 1: bare gyldig etter 2032-regelen; ingen fødselsdato utledes
        ("30108299939", False, Identitet("30108299939", Identtype.FNR, 2032, False, None)),
        # Skatteetatens eksempel; serien 500–999 gir 2032-01-02, i framtiden, men avvises ikke
        ("02013299997", False, Identitet("02013299997", Identtype.FNR, 1964, False, date(2032, 1, 2))),
    ],
)
def test_testvektorer(nummer: str, tillat: bool, forventet: Identitet) -> None:
    assert valider_identitetsnummer(nummer, tillat_syntetisk=tillat) == forventet


def test_syntetisk_avvises_uten_flagg() -> None:
    # sikkerhet-og-drift.md §2.3: syntetiske nummer bare når test-modus er slått på
    with pytest.raises(UgyldigIdentitet, match="Syntetiske"):
        valider_identitetsnummer("15908695043")


@pytest.mark.parametrize(
    ("nummer", "melding"),
    [
        ("1510869508", "11 sifre"),
        ("151086950888", "11 sifre"),
        ("1510869508a", "11 sifre"),
        ("15108695038", "Første kontrollsiffer"),
        ("15108695089", "Andre kontrollsiffer"),
        ("", "11 sifre"),
        ("١٥١٠٨٦٩٥٠٨٨", "11 sifre"),  # arabisk-indiske sifre er ikke ASCII
    ],
)
def test_ugyldig_form_og_kontrollsiffer(nummer: str, melding: str) -> None:
    with pytest.raises(UgyldigIdentitet, match=melding):
        valider_identitetsnummer(nummer)


@pytest.mark.parametrize(
    ("ddmmaa", "melding"),
    [
        ("310486", "finnes ikke"),  # 31. april
        ("300286", "finnes ikke"),  # 30. februar
        ("290201", "finnes ikke"),  # 29.02.01 finnes ikke i noe århundre
        ("001086", "finnes ikke"),  # dag 00
        ("150086", "finnes ikke"),  # måned 00
        ("551586", "finnes ikke"),  # D-nummer med måned 15
        ("723186", "finnes ikke"),  # D-nummer med dag 32
        ("555086", "både D-nummer og H-nummer"),
    ],
)
def test_ugyldig_dato_eller_type(ddmmaa: str, melding: str) -> None:
    nummer = next(n for i in range(900, 1000) if (n := med_kontrollsifre(f"{ddmmaa}{i}")) is not None)
    with pytest.raises(UgyldigIdentitet, match=melding):
        valider_identitetsnummer(nummer, tillat_syntetisk=True)


def test_mellomrom_fjernes() -> None:
    assert valider_identitetsnummer(" 151086 95088 ").nummer == "15108695088"


# sikkerhet-og-drift.md §2.1: 1854–1899 500–749, 1900–1999 000–499, 1940–1999 900–999, 2000–2039 500–999
@pytest.mark.parametrize(
    ("ddmmaa", "individ_fra", "individ_til", "forventet"),
    [
        ("010160", 500, 749, date(1860, 1, 1)),
        ("010160", 0, 499, date(1960, 1, 1)),
        ("010160", 900, 999, date(1960, 1, 1)),
        ("010110", 500, 749, date(2010, 1, 1)),
        ("010110", 900, 999, date(2010, 1, 1)),
        ("010110", 0, 499, date(1910, 1, 1)),
        ("311299", 500, 749, date(1899, 12, 31)),
        ("010139", 750, 899, date(2039, 1, 1)),
    ],
)
def test_aarhundre_fra_individnummer(ddmmaa: str, individ_fra: int, individ_til: int, forventet: date) -> None:
    nummer = next(
        n for i in range(individ_fra, individ_til + 1) if (n := med_kontrollsifre(f"{ddmmaa}{i:03d}")) is not None
    )
    ident = valider_identitetsnummer(nummer)
    assert (ident.regel, ident.fodselsdato) == (1964, forventet)


def test_ingen_serie_gir_2032_uten_fodselsdato() -> None:
    # År 45 med individnummer 600 passer ingen serie; fra 2032 angir individnummeret ikke århundre
    for siste in range(10):
        nummer = med_kontrollsifre(f"01014560{siste}")
        if nummer is not None:
            break
    assert nummer is not None
    ident = valider_identitetsnummer(nummer)
    assert (ident.regel, ident.fodselsdato) == (2032, None)


def test_29_februar_i_ikke_skuddar_1900_gir_2032() -> None:
    # 29.02.1900 finnes ikke (serie 000–499); som 2032-nummer kan det være 29.02.2000
    nummer = med_kontrollsifre("290200100")
    assert nummer is not None
    ident = valider_identitetsnummer(nummer)
    assert (ident.regel, ident.fodselsdato) == (2032, None)


def test_lag_identitetsnummer_kjente_vektorer() -> None:
    assert lag_identitetsnummer(date(1986, 10, 15), 950) == "15108695088"
    assert lag_identitetsnummer(date(1986, 10, 15), 950, type=Identtype.DNR) == "55108695071"
    assert lag_identitetsnummer(date(1986, 10, 15), 950, type=Identtype.HNR) == "15508695060"
    assert lag_identitetsnummer(date(1986, 10, 15), 950, syntetisk=True) == "15908695043"


def test_lag_gir_none_bare_nar_kontrollsiffer_blir_10() -> None:
    # sikkerhet-og-drift.md §2.2: «A result of 10 is rejected»
    ingen = [i for i in range(500) if lag_identitetsnummer(date(1975, 3, 14), i) is None]
    assert ingen, "forventet minst ett individnummer uten gyldige kontrollsifre"
    for individ in ingen[:5]:
        for suffiks in range(100):
            try:
                ident = valider_identitetsnummer(f"140375{individ:03d}{suffiks:02d}")
            except UgyldigIdentitet:
                continue
            assert ident.regel == 2032  # ingen kombinasjon består 1964-regelen


def test_lag_avviser_fh() -> None:
    with pytest.raises(ValueError, match="FH-nummer"):
        lag_identitetsnummer(date(1986, 10, 15), 950, type=Identtype.FH)


def test_lag_avviser_syntetisk_h_nummer() -> None:
    with pytest.raises(ValueError, match="H-nummer"):
        lag_identitetsnummer(date(1986, 10, 15), 950, type=Identtype.HNR, syntetisk=True)


def test_lag_avviser_individnummer_utenfor_serien() -> None:
    with pytest.raises(ValueError, match="passer ikke"):
        lag_identitetsnummer(date(1986, 10, 15), 600)


@pytest.mark.parametrize(
    ("fodt", "idag", "forventet"),
    [
        (date(2010, 5, 20), date(2026, 5, 19), 15),  # dagen før 16-årsdagen
        (date(2010, 5, 20), date(2026, 5, 20), 16),  # 16-årsdagen
        (date(2010, 5, 20), date(2026, 5, 21), 16),
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # skuddårsfødt: fyller år 1. mars i vanlige år
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2012, 2, 29), date(2028, 2, 28), 15),
        (date(2012, 2, 29), date(2028, 2, 29), 16),
    ],
)
def test_alder(fodt: date, idag: date, forventet: int) -> None:
    assert alder(fodt, idag) == forventet


def test_fyller_ar_skuddag() -> None:
    assert fyller_ar(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert fyller_ar(date(2008, 2, 29), 16) == date(2024, 2, 29)
    assert fyller_ar(date(2008, 6, 15), 18) == date(2026, 6, 15)


# --- Egenskapstester ---------------------------------------------------------------------------


@st.composite
def fodsel_og_individ(draw: st.DrawFn) -> tuple[date, int]:
    fodt = draw(st.dates(min_value=date(1854, 1, 1), max_value=date(2039, 12, 31)))
    serier = [(fra, til) for ar_fra, ar_til, fra, til in SERIER if ar_fra <= fodt.year <= ar_til]
    fra, til = draw(st.sampled_from(serier))
    return fodt, draw(st.integers(min_value=fra, max_value=til))


TYPER = st.sampled_from(
    [
        (Identtype.FNR, False),
        (Identtype.DNR, False),
        (Identtype.HNR, False),
        (Identtype.FNR, True),
        (Identtype.DNR, True),
    ]
)


@given(fodsel_og_individ(), TYPER)
def test_genererte_nummer_valideres_og_rundtur(par: tuple[date, int], type_og_synt: tuple[Identtype, bool]) -> None:
    fodt, individ = par
    type_, syntetisk = type_og_synt
    nummer = lag_identitetsnummer(fodt, individ, type=type_, syntetisk=syntetisk)
    assume(nummer is not None)
    assert nummer is not None
    ident = valider_identitetsnummer(nummer, tillat_syntetisk=True)
    assert ident == Identitet(nummer, type_, 1964, syntetisk, fodt)
    if syntetisk:
        with pytest.raises(UgyldigIdentitet):
            valider_identitetsnummer(nummer)


@given(fodsel_og_individ(), st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_enhver_ensifret_endring_avvises(par: tuple[date, int], posisjon: int, tillegg: int) -> None:
    nummer = lag_identitetsnummer(*par)
    assume(nummer is not None)
    assert nummer is not None
    nytt = (int(nummer[posisjon]) + tillegg) % 10
    endret = nummer[:posisjon] + str(nytt) + nummer[posisjon + 1 :]
    with pytest.raises(UgyldigIdentitet):
        valider_identitetsnummer(endret, tillat_syntetisk=True)


@given(fodsel_og_individ(), st.sampled_from([1, 2, 3]))
def test_2032_nummer_med_rest_1_til_3(par: tuple[date, int], rest: int) -> None:
    fodt, individ = par
    nummer = med_kontrollsifre(f"{fodt:%d%m%y}{individ:03d}", rest1=rest)
    assume(nummer is not None)
    assert nummer is not None
    ident = valider_identitetsnummer(nummer)
    assert (ident.regel, ident.fodselsdato, ident.type) == (2032, None, Identtype.FNR)


@given(st.dates(), st.dates())
def test_alder_stemmer_med_fyller_ar(fodt: date, idag: date) -> None:
    assume(fodt <= idag)
    ar = alder(fodt, idag)
    assert fyller_ar(fodt, ar) <= idag
    if fodt.year + ar + 1 <= 9999:
        assert idag < fyller_ar(fodt, ar + 1)
