"""Fiendtlig tekst i dataene vises som tekst: ingen lenke, intet bilde og ingen formatering fra navn og notater.

En demokommune får markdown, HTML og matte lagt til i hvert fritekstfelt sidene viser (navn, notater, titler, mål,
tiltak, steder, e-postadresser, feilmeldinger). Hver rolle åpner hver side den ser; hvert element som tolker
markdown (tekst, titler, bildetekster, varsler, etiketter, hjelpetekster) skal ha dataene escapet, og navnene skal
fortsatt stå der.
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import text
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from dashbord.tilstand import sider_for
from modeller.db import arbeidsenhet, lesing
from modeller.demo import lag_demo
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.tabeller import IndividuellPlan, Koordinatoroppdrag, Person, Systembruker
from tests.dashbord.conftest import Apning
from tests.dashbord.nettleser_fiks import ARGUMENTER, Nettverkslogg, koordinatorens_person, logg_inn, ny_kontekst
from tests.dashbord.verden import IDAG

FIENDTLIG = (" ![x](http://evil.example/beacon.png) [Logg inn på nytt](http://evil.example) "
             "<img src=x onerror=alert(1)> **fet** _kursiv_ # overskrift $\\frac{1}{2}$ :red[rød] www.evil.example")
FELT = {
    "person": ("fornavn", "etternavn", "adresse"), "tjenestetype": ("navn",), "virksomhet": ("navn",),
    "gruppe": ("navn", "sted"), "individuell_plan": ("ressurser_og_behov", "bidrag", "samarbeid"),
    "relasjon": ("navn",), "tjenesteyter": ("navn", "stilling"), "varsel": ("mottaker_epost", "siste_feil"),
    "koordinatoroppdrag": ("begrunnelse", "brukers_onske"), "mal": ("beskrivelse", "livsomrade"),
    "mote": ("sted", "referat"), "systembruker": ("navn",), "samtykke": ("gitt_av_navn",),
    "tiltak": ("beskrivelse", "omfang", "gjennomforing"), "evaluering": ("vurdering", "evaluert_av"),
    "melding": ("avsender_navn", "avsender_virksomhet"), "oppgave": ("tittel", "notat"),
    "vedtak": ("fattet_av", "begrunnelse"), "klage": ("klager", "merknad"),
}
# Elementer og egenskaper Streamlit viser som markdown (nedtrekkslistenes valg og tabellceller er ren tekst).
MARKDOWNFELT = ("value", "label", "help", "body")
REN_TEKST = {"selectbox", "multiselect", "text_input", "text_area", "dataframe", "text", "code", "json"}
MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@pytest.fixture(autouse=True)
def _demomodus(monkeypatch: pytest.MonkeyPatch) -> None:
    """Demodata har syntetiske fødselsnumre, som appen bare godtar i demomodus."""
    monkeypatch.setenv("ENHETEN_DEMO", "true")


@pytest.fixture
def fiendtlig(avh: Avhengigheter) -> tuple[str, str]:
    """Demokommunen med fiendtlig tekst i hvert fritekstfelt; gir referansen og det lagrede navnet til en person
    med koordinator, plan og tiltak."""
    lag_demo(avh, personer=12, seed=3, idag=IDAG)
    with arbeidsenhet(avh.motor) as okt:
        for tabell, kolonner in FELT.items():
            sett = ", ".join(f"{k} = {k} || :f" for k in kolonner)
            okt.execute(text(f"UPDATE {tabell} SET {sett}"), {"f": FIENDTLIG})  # noqa: S608 - faste navn
    with lesing(avh.motor) as okt:
        koordinator = okt.exec(select(Systembruker).where(Systembruker.brukernavn == "koordinator")).one()
        person = okt.exec(select(Person)
                          .join(Koordinatoroppdrag, col(Koordinatoroppdrag.person_id) == col(Person.id))
                          .join(IndividuellPlan, col(IndividuellPlan.person_id) == col(Person.id))
                          .where(col(Koordinatoroppdrag.tjenesteyter_id) == koordinator.tjenesteyter_id)
                          .order_by(col(Person.id))).first()
        assert person is not None, "demokommunen har ingen person med plan for demokoordinatoren"
        return person.referanse, person.navn


def _noder(node: Any) -> Iterator[Any]:
    yield node
    for barn in getattr(node, "children", {}).values():
        yield from _noder(barn)


def markdowntekster(at: AppTest) -> list[tuple[str, str]]:
    """(elementtype, kildetekst) for hver tekst Streamlit tolker som markdown i kjøringen."""
    tekster = []
    for node in _noder(at._tree):
        if node.type in REN_TEKST:
            tekster += [(node.type, t) for t in (getattr(node, "label", None), getattr(node, "help", None))
                        if isinstance(t, str)]
            continue
        for felt in MARKDOWNFELT:
            try:
                verdi = getattr(node, felt, None)
            except Exception:  # noqa: BLE001, S112 - noen elementer har egenskaper som ikke gjelder dem
                continue
            if isinstance(verdi, str) and verdi:
                tekster.append((node.type, verdi))
    return tekster


def farlig(kilde: str) -> list[str]:
    """Det i markdownkilden som ville blitt lenke, bilde, HTML, matte, autolenke eller Streamlit-direktiv."""
    funn = [m for m in ("](http://evil.example", "http://evil.example", "www.evil.example", "$\\frac", ":red[")
            if m in kilde]
    if "evil" in kilde and FIENDTLIG.strip() not in ren_visning(kilde):
        funn.append(f"vises ikke bokstavelig: {ren_visning(kilde)!r}")
    return funn


def ren_visning(kilde: str) -> str:
    """Teksten brukeren ser når kilden tegnes som markdown (uten tagger; det usynlige U+200B vises ikke)."""
    tokens = MD.parseInline(" ".join(kilde.split()))
    tekst = "".join(b.content for t in tokens for b in (t.children or []) if b.type in {"text", "code_inline"})
    return tekst.replace("\u200b", "")


def _bruker(avh: Avhengigheter, brukernavn: str) -> int:
    with lesing(avh.motor) as okt:
        return int(okt.exec(select(Systembruker.id).where(Systembruker.brukernavn == brukernavn)).one() or 0)


@pytest.mark.parametrize("rolle", list(Rolle))
def test_fiendtlig_tekst_vises_escapet_paa_hver_side(rolle: Rolle, avh: Avhengigheter, apne: Apning,
                                                      fiendtlig: tuple[str, str]) -> None:
    referanse, _ = fiendtlig
    bruker = _bruker(avh, rolle.value)
    sett = 0
    for side in sider_for(rolle):
        at = apne(bruker, side.navn, person=referanse)
        assert not at.exception, (side.navn, [e.value for e in at.exception])
        tekster = markdowntekster(at)
        assert tekster, side.navn
        feil = [(side.navn, typ, kilde, funn) for typ, kilde in tekster if (funn := farlig(kilde))]
        assert not feil, feil
        sett += sum("evil" in kilde for _, kilde in tekster)
    assert sett, "ingen side viste noe av den fiendtlige teksten; testen beviser ingenting"


def test_navnet_staar_der_som_tekst_med_aeoa(avh: Avhengigheter, apne: Apning, fiendtlig: tuple[str, str]) -> None:
    referanse, navn = fiendtlig
    at = apne(_bruker(avh, "koordinator"), "person", person=referanse)
    assert [ren_visning(t.value) for t in at.title] == [" ".join(navn.split())]
    assert "![x](http://evil.example/beacon.png)" in ren_visning(at.title[0].value)
    viste = [ren_visning(m.value) for m in at.markdown]
    assert sum(FIENDTLIG.strip() in v for v in viste) >= 3, viste


def test_ren_bevarer_vanlige_navn() -> None:
    from dashbord.komponenter import ren

    for navn in ("Anna Ås", "Kari-Lise O'Neil", "Bjørn Æsir-Øvre", "Jean-Luc d'Aubigné"):
        assert ren_visning(ren(navn)) == navn
    assert ren("Anna\n# Ås") == "Anna \\# Ås"
    assert farlig(ren(FIENDTLIG)) == []
    assert ren(None) == ""


@pytest.mark.nettleser
def test_personsiden_i_chromium_henter_ingen_bilder_og_viser_ingen_lenker(chromium: Path, demo: Avhengigheter,
                                                                          server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    idag = lokal_dato(datetime.now(UTC))
    _, navn, person_id = koordinatorens_person(demo, idag)
    with arbeidsenhet(demo.motor) as okt:
        okt.execute(text("UPDATE person SET fornavn = fornavn || :f WHERE id = :id"), {"f": FIENDTLIG, "id": person_id})
    nett = Nettverkslogg()
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        side = ny_kontekst(nettleser, nett, viewport={"width": 1400, "height": 1400}).new_page()
        logg_inn(side, server, "koordinator")
        side.get_by_test_id("stSidebarNav").get_by_role("link", name="Personer").click()
        side.get_by_role("textbox", name="Navn, fødselsdato (ddmmåå) eller fødselsnummer").fill(navn.split()[-1])
        side.get_by_role("button", name="Søk").click()
        side.get_by_text("Logg inn på nytt").first.wait_for()
        side.get_by_role("button", name="Åpne").first.click()
        expect(side.get_by_role("heading", level=1, name=re.compile(re.escape(navn.split()[0])))).to_be_visible()
        side.wait_for_timeout(500)
        farlige = side.locator("a[href*='evil.example'], img[src*='evil.example'], img[src='x']")
        assert farlige.count() == 0, [farlige.nth(i).evaluate("e => e.parentElement.outerHTML.slice(0, 400)")
                                      for i in range(farlige.count())]
        vist = side.get_by_role("heading", level=1).first.inner_text().replace("\u200b", "")
        assert "![x](http://evil.example/beacon.png)" in vist
        nettleser.close()
    assert not [a for a in nett.adresser if "evil.example" in a]
    nett.sjekk()
