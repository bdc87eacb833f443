"""Ingenting forlater maskinen: hver rolle logger inn og åpner hver side den ser, i ekte Chromium.

Nettleseren registrerer hver forespørsel og websocket, fra innloggingssiden (med favikonet) til siste fane på siste
side, også lederens diagrammer. Testen feiler på alt som ikke går til 127.0.0.1/localhost; slike forespørsler
stoppes dessuten før de når nettet. Fiksturene ligger i nettleser_fiks.py.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dashbord.tilstand import sider_for
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from tests.dashbord.nettleser_fiks import ARGUMENTER, VENT_MS, Nettverkslogg, logg_inn, ny_kontekst

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.nettleser


def test_nettverksloggen_fanger_og_stopper_forespoersler_ut_av_maskinen(chromium: Path) -> None:
    from playwright.sync_api import sync_playwright

    nett = Nettverkslogg()
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        side = ny_kontekst(nettleser, nett).new_page()
        with side.expect_event("requestfailed"):
            side.set_content('<img src="https://fonts.gstatic.com/s/i/enheten-test.svg">')
        nettleser.close()
    assert nett.eksterne() == ["https://fonts.gstatic.com/s/i/enheten-test.svg"]
    with pytest.raises(AssertionError, match="ut av maskinen"):
        nett.sjekk()


def _alle_faner(side: "Page") -> None:
    """Klikk hver fane på siden, så innhold som bare tegnes i en fane (diagrammer) også lastes."""
    from playwright.sync_api import expect

    faner = side.get_by_role("tab")
    for i in range(faner.count()):
        faner.nth(i).click()
        expect(faner.nth(i)).to_have_attribute("aria-selected", "true")
    for diagram in side.locator(".vega-embed").all():
        expect(diagram.locator("svg, canvas").first).to_be_visible(timeout=VENT_MS)


def test_ingen_rolle_henter_noe_utenfor_maskinen(chromium: Path, demo: Avhengigheter, server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    nett = Nettverkslogg()
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        for rolle in Rolle:
            side = ny_kontekst(nettleser, nett, viewport={"width": 1400, "height": 1400}).new_page()
            logg_inn(side, server, rolle.value)
            meny = side.get_by_test_id("stSidebarNav")
            for sidedef in [s for s in sider_for(rolle) if not s.skjult]:
                meny.get_by_role("link", name=sidedef.tittel).click()
                tittel = re.compile("^" + re.escape(sidedef.tittel))
                expect(side.get_by_role("heading", level=1, name=tittel)).to_be_visible()
                _alle_faner(side)
                if sidedef.navn == "leder":
                    side.get_by_role("tab", name="Nøkkeltall").click()
                    expect(side.locator(".vega-embed canvas, .vega-embed svg").first).to_be_visible(timeout=VENT_MS)
            side.get_by_role("button", name="Logg ut").click()
            expect(side.get_by_label("Passord")).to_be_visible()
            side.context.close()
        nettleser.close()
    nett.sjekk()
    assert any("/okt/apne" in a for a in nett.adresser), "innloggingen ga ikke nettleseren informasjonskapselen"
