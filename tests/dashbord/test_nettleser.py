"""Ende til ende i ekte, hodeløs Chromium mot `streamlit run dashbord/app.py` og en demodatabase.

Koordinatoren logger inn, fullfører en oppgave, åpner en person og registrerer en evaluering av et tiltak.
Skjermbilder av «Mine oppgaver» og personsiden lagres i tests/artefakter/ (ignorert av git).
Hver forespørsel nettleseren gjør, registreres (`Nettverkslogg`); testen feiler på alt som ikke går til
127.0.0.1/localhost, og slike forespørsler stoppes før de når nettet. Fiksturene ligger i nettleser_fiks.py.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from modeller.db import lesing
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Evaluering, Oppgave
from tests.dashbord.nettleser_fiks import (
    ARGUMENTER,
    ARTEFAKTER,
    Nettverkslogg,
    koordinatorens_person,
    logg_inn,
    ny_kontekst,
)

pytestmark = pytest.mark.nettleser


def _antall(avh: Avhengigheter, sporring: object) -> int:
    with lesing(avh.motor) as okt:
        return int(okt.exec(sporring).one())  # type: ignore[call-overload]


def test_koordinator_fullforer_oppgave_og_evaluerer_tiltak(chromium: Path, demo: Avhengigheter, server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    idag = lokal_dato(datetime.now(UTC))
    bruker_id, navn, person_id = koordinatorens_person(demo, idag)
    fullforte = select(func.count()).select_from(Oppgave).where(Oppgave.status == "fullfort")
    evalueringer = select(func.count()).select_from(Evaluering)
    for_oppgaver, for_evalueringer = _antall(demo, fullforte), _antall(demo, evalueringer)
    assert _antall(demo, select(func.count()).select_from(Oppgave).where(
        Oppgave.eier_id == bruker_id, Oppgave.status == "apen")) > 0, "demokoordinatoren har ingen åpne oppgaver"
    ARTEFAKTER.mkdir(parents=True, exist_ok=True)
    nett = Nettverkslogg()
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        side = ny_kontekst(nettleser, nett, viewport={"width": 1400, "height": 1000}).new_page()
        logg_inn(side, server, "koordinator")
        expect(side.get_by_role("heading", name="Mine oppgaver")).to_be_visible()
        expect(side.get_by_role("button", name="Marker som fullført")).to_be_visible()
        # Vent til widgetene er tegnet (ikke skjeletter) før skjermbildet.
        expect(side.get_by_role("button", name="Åpne person").first).to_be_visible()
        expect(side.get_by_role("button", name="Logg ut")).to_be_visible()
        expect(side.get_by_role("combobox", name="Status")).to_be_visible()
        side.screenshot(path=str(ARTEFAKTER / "mine_oppgaver.png"), full_page=True)

        side.get_by_role("textbox", name="Notat (valgfritt)").fill("Fullført i ende-til-ende-testen")
        side.get_by_role("button", name="Marker som fullført").click()
        expect(side.get_by_text("er fullført", exact=False)).to_be_visible()
        assert _antall(demo, fullforte) == for_oppgaver + 1

        side.get_by_role("link", name="Personer").click()
        side.get_by_role("textbox", name="Navn, fødselsdato (ddmmåå) eller fødselsnummer").fill(navn.split()[-1])
        side.get_by_role("button", name="Søk").click()
        side.locator(f".st-key-apne_person_{person_id} button").click()
        expect(side.get_by_role("heading", name=navn)).to_be_visible()
        expect(side.get_by_role("tab", name="Samtykke")).to_be_visible()
        expect(side.get_by_role("button", name="Logg ut")).to_be_visible()
        side.screenshot(path=str(ARTEFAKTER / "person.png"), full_page=True)

        side.get_by_role("tab", name="Plan").click()
        side.get_by_role("button", name="Åpne individuell plan").click()
        expect(side.get_by_role("heading", name=f"Individuell plan – {navn}")).to_be_visible()
        side.get_by_role("textbox", name="Vurdering", exact=True).fill("Tiltaket virker; fortsetter som før.")
        # Datofeltet er et tilgjengelig React Aria-felt med ett «spinbutton»-segment for dag, måned og år.
        side.get_by_role("spinbutton", name="day, Neste evalueringsdato").click()
        side.keyboard.type((idag + timedelta(days=30)).strftime("%d%m%Y"))
        side.get_by_role("button", name="Lagre evalueringen").click()
        expect(side.get_by_text("Evalueringen er lagret")).to_be_visible()
        side.screenshot(path=str(ARTEFAKTER / "plan.png"), full_page=True)
        nettleser.close()
    assert _antall(demo, evalueringer) == for_evalueringer + 1
    nett.sjekk()
