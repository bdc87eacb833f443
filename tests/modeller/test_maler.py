"""E-postmalene: alle varseltyper på bokmål og nynorsk, tillatte felt, escaping og ingen personopplysninger."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from modeller.kalender import OSLO
from modeller.maler import MAPPE, MILJO, PAKREVDE_FELT, TILLATTE_FELT, VARSELTYPER, lag_epost
from modeller.regler.begreper import Malform

FNR = "15108695088"
KONTEKST: dict[str, object] = {
    "referanse": "K-7F3A9C",
    "frist": date(2027, 3, 1),
    "dato": date(2027, 2, 1),
    "lenke": "https://ke.kommune.example/sak/K-7F3A9C",
    "kommunenavn": "Eksempel kommune",
    "ke_navn": "Koordinerende enhet",
    "antall": 3,
    "dager": 14,
    "motestart": datetime(2027, 3, 29, 9, 0, tzinfo=OSLO),
    "mottakerrolle": "koordinator",
    "oppgavetype_tekst": "Skriv referat",
    "varselkode": "sveip",
}
ALLE = [(vt, m) for vt in VARSELTYPER for m in Malform]


def felt_for(varseltype: str, **endringer: object) -> dict[str, object]:
    """Akkurat feltene varseltypen trenger."""
    return {f: endringer.get(f, KONTEKST[f]) for f in PAKREVDE_FELT[varseltype]}


@pytest.mark.parametrize(("varseltype", "malform"), ALLE)
def test_hver_varseltype_og_malform_fylles_ut(varseltype: str, malform: Malform) -> None:
    e = lag_epost(varseltype, malform, felt_for(varseltype))
    assert e.emne and "\n" not in e.emne and "\r" not in e.emne
    if "referanse" in PAKREVDE_FELT[varseltype]:
        assert "K-7F3A9C" in e.tekst and "K-7F3A9C" in e.html
    assert "https://ke.kommune.example/sak/K-7F3A9C" in e.tekst
    assert 'href="https://ke.kommune.example/sak/K-7F3A9C"' in e.html
    for del_ in (e.tekst, e.html):
        assert "Koordinerende enhet" in del_ and "Eksempel kommune" in del_
        assert "personopplysning" in del_
    assert e.html.lstrip().startswith("<!DOCTYPE html>")
    assert f'<html lang="{malform.value}">' in e.html


def test_nynorsk_er_nynorsk() -> None:
    nn = lag_epost("referat_mangler", Malform.NYNORSK, felt_for("referat_mangler"))
    nb = lag_epost("referat_mangler", Malform.BOKMAL, felt_for("referat_mangler"))
    assert "ikkje" in nn.tekst and "innan" in nn.tekst and "Du får denne e-posten fordi" in nn.tekst
    assert "ikke" in nb.tekst and "innen" in nb.tekst
    assert "ikke " not in nn.tekst and "innen" not in nn.tekst
    assert "måndag 1. februar 2027" in nn.tekst and "mandag 1. februar 2027" in nb.tekst


def test_filtre_for_dato_klokkeslett_og_flertall() -> None:
    nn = lag_epost("mote_innkalling", Malform.NYNORSK, felt_for("mote_innkalling"))
    assert "måndag 29. mars 2027 kl. 09.00" in nn.tekst
    en_dag = lag_epost("oppgave_forfalt", Malform.NYNORSK, felt_for("oppgave_forfalt", dager=1))
    mange = lag_epost("oppgave_forfalt", Malform.NYNORSK, felt_for("oppgave_forfalt", dager=3))
    assert "1 dag på overtid" in en_dag.tekst and "3 dagar på overtid" in mange.tekst
    rolle = lag_epost("plan_revisjon", Malform.NYNORSK, felt_for("plan_revisjon", mottakerrolle="ansvarlig for tiltak"))
    assert "fordi du er ansvarleg for tiltak." in rolle.tekst


def test_malfilene_finnes_for_begge_malformer() -> None:
    def nokler(malform: str) -> set[str]:
        return {p.name for p in (MAPPE / "epost" / malform).iterdir() if p.is_file()}

    nb, nn = nokler("nb"), nokler("nn")
    assert nb == nn
    forventet = {f"{vt}.{ending}" for vt in VARSELTYPER for ending in ("emne.txt", "txt", "html")}
    assert forventet <= nb
    assert (MAPPE / "epost" / "_base.html").is_file() and (MAPPE / "epost" / "_base.txt").is_file()


@pytest.mark.parametrize("varseltype", VARSELTYPER)
def test_pakrevde_felt_er_akkurat_de_malen_bruker(varseltype: str) -> None:
    for felt in PAKREVDE_FELT[varseltype]:
        uten = {f: v for f, v in felt_for(varseltype).items() if f != felt}
        with pytest.raises(UndefinedError, match=felt):
            lag_epost(varseltype, Malform.BOKMAL, uten)


@pytest.mark.parametrize("nokkel", ["navn", "fodselsnummer", "diagnose", "tjeneste", "malform"])
def test_felt_som_ikke_er_tillatt_avvises(nokkel: str) -> None:
    with pytest.raises(ValueError, match=f"«{nokkel}»"):
        lag_epost("plan_revisjon", Malform.BOKMAL, {**felt_for("plan_revisjon"), nokkel: "Kari Testesen"})


@pytest.mark.parametrize(
    ("felt", "verdi"),
    [
        ("kommunenavn", f"Rom {FNR}"),
        ("referanse", "Kari Testesen"),
        ("frist", "ikke en dato"),
        ("dager", "14"),
        ("motestart", datetime(2027, 3, 29, 9, 0)),  # noqa: DTZ001 (naiv med vilje)
        ("mottakerrolle", "koordinator\nBcc: x"),
        ("lenke", "javascript:alert(1)"),
        ("varselkode", "ukjent"),
    ],
)
def test_ugyldige_verdier_avvises_med_feltnavn(felt: str, verdi: object) -> None:
    vt = "mote_innkalling" if felt == "motestart" else "oppgave_forfalt"
    with pytest.raises(ValueError, match=f"«{felt}»"):
        lag_epost(vt, Malform.BOKMAL, {**felt_for(vt), felt: verdi})


def test_iso_tekst_fra_utboksen_godtas() -> None:
    json_felt = felt_for("mote_innkalling", motestart="2027-03-29T07:00:00+00:00")
    e = lag_epost("mote_innkalling", Malform.BOKMAL, json_felt)
    assert "mandag 29. mars 2027 kl. 09.00" in e.tekst
    assert (
        "1. mars 2027"
        in lag_epost("klagefrist_nar", Malform.BOKMAL, felt_for("klagefrist_nar", frist="2027-03-01")).emne
    )


@pytest.mark.parametrize("verdi", [
    "010190 12345", "010190-12345", "01.01.90 12345", "01 01 90 123 45", "010190 - 12345", "01/01/90-12345",
    "010190\u00a012345", "010190\u201312345", "Hjemme hos Kari Nordmann, Storgata 1, 010190 12345",
])
@pytest.mark.parametrize("felt", ["referanse", "kommunenavn", "ke_navn", "mottakerrolle", "oppgavetype_tekst"])
def test_fodselsnummer_med_skilletegn_avvises(felt: str, verdi: str) -> None:
    if felt == "referanse" and " " in verdi:
        verdi = verdi.replace(" ", "-")  # referansen godtar bare bokstaver, tall og bindestrek
    with pytest.raises(ValueError, match=f"«{felt}».*elleve sifre"):
        lag_epost("oppgave_forfalt", Malform.BOKMAL, {**felt_for("oppgave_forfalt"), felt: verdi})


@pytest.mark.parametrize(("felt", "verdi"), [
    ("lenke", "https://10.120.130.140:8501/?ref=K-7F3A9C"),  # IP-adresse med punktum: ikke et fødselsnummer
    ("lenke", "https://ke.kommune.example/sak/S-2027-0001"),
    ("referanse", "2027-K1"),
    ("referanse", "O-123456789"),
    ("kommunenavn", "Nord-Fron"),
])
def test_vanlige_verdier_med_sifre_godtas(felt: str, verdi: str) -> None:
    assert lag_epost("oppgave_forfalt", Malform.BOKMAL, {**felt_for("oppgave_forfalt"), felt: verdi}).tekst


def test_lenke_med_fodselsnummer_avvises() -> None:
    with pytest.raises(ValueError, match="«lenke»"):
        lag_epost("oppgave_forfalt", Malform.BOKMAL,
                  {**felt_for("oppgave_forfalt"), "lenke": "https://ke.kommune.example/?ref=010190-12345"})


@pytest.mark.parametrize("malform", Malform)
def test_motested_fra_eldre_utboksrader_kommer_aldri_med(malform: Malform) -> None:
    sted = "Hjemme hos Kari Nordmann, Storgata 1, 010190 12345"
    e = lag_epost("mote_innkalling", malform, {**felt_for("mote_innkalling"), "motested": sted})
    for del_ in (e.emne, e.tekst, e.html):
        assert "Hjemme" not in del_ and "Storgata" not in del_ and "010190" not in del_
    assert ("Sted: logg inn" if malform is Malform.BOKMAL else "Stad: logg inn") in e.tekst
    assert "mandag 29. mars 2027 kl. 09.00" in e.tekst or "måndag 29. mars 2027 kl. 09.00" in e.tekst


def test_html_escapes_men_ikke_ren_tekst() -> None:
    e = lag_epost("mote_innkalling", Malform.BOKMAL, felt_for("mote_innkalling", ke_navn="<script>x</script> & Co"))
    assert "<script>" not in e.html and "&lt;script&gt;x&lt;/script&gt; &amp; Co" in e.html
    assert "<script>x</script> & Co" in e.tekst
    assert MILJO.autoescape("epost/nb/plan_revisjon.html") is True  # type: ignore[operator]
    assert MILJO.autoescape("epost/nb/plan_revisjon.txt") is False  # type: ignore[operator]


@pytest.mark.parametrize(("varseltype", "malform"), ALLE)
def test_ingen_personopplysninger_lekker(varseltype: str, malform: Malform) -> None:
    vakt = {
        "oppgavetype_tekst": "VAKTOPPGAVE",
        "mottakerrolle": "VAKTROLLE",
        "ke_navn": "VAKTENHET",
    }
    e = lag_epost(varseltype, malform, felt_for(varseltype, **vakt))
    alt = "\n".join((e.emne, e.tekst, e.html))
    assert not re.search(r"\d{11}", alt)
    for verdi in vakt.values():
        assert verdi not in e.emne
    for ord_ in ("Testesen", FNR, "habilitering", "diagnose"):
        assert ord_ not in alt


@pytest.mark.parametrize("malform", Malform)
def test_driftsvarsel_har_egen_tekst_for_hvert_slag(malform: Malform) -> None:
    from modeller.regler.begreper import Driftsvarselkode

    eposter = [lag_epost("driftsvarsel", malform, felt_for("driftsvarsel", varselkode=k.value))
               for k in Driftsvarselkode]
    assert len({e.emne for e in eposter}) == len({e.tekst for e in eposter}) == len(Driftsvarselkode)
    assert all(e.emne.startswith("Driftsvarsel: ") and e.html.count("<h1") == 1 for e in eposter)


def test_ukjent_varseltype_avvises() -> None:
    with pytest.raises(ValueError, match="varseltype"):
        lag_epost("finnes_ikke", Malform.BOKMAL, {})


def test_malmappen_ligger_i_prosjektet() -> None:
    assert MAPPE == Path(__file__).resolve().parents[2] / "maler"
    assert set(TILLATTE_FELT) == set(KONTEKST)
