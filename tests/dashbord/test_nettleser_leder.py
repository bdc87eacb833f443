"""Lederoversikten ende til ende i ekte, hodeløs Chromium mot `streamlit run dashbord/app.py` og demodatabasen.

Lederen logger inn, ser kvartalskontrollen for inneværende kvartal, ber om sakene bak «Forfalte oppgaver»,
laster ned sakslisten (som går gjennom det loggede oppslaget i en egen tråd) og åpner en person fra listen.
Skjermbilder av kvartalskontrollen, sakene bak et funn og nøkkeltallene lagres i tests/artefakter/ (ignorert av git).
Fiksturene (Chromium, demodatabasen og serveren) ligger i nettleser_fiks.py, og testen feiler på hver
forespørsel som ikke går til maskinen selv (også når diagrammene tegnes).
"""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from modeller.db import lesing
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.regler.nokkeltall import kvartal_for
from modeller.tabeller import Systembruker, Tilgangslogg
from tests.dashbord.nettleser_fiks import ARGUMENTER, ARTEFAKTER, Nettverkslogg, logg_inn, ny_kontekst

pytestmark = pytest.mark.nettleser


def _oppslag(avh: Avhengigheter, hva: str) -> int:
    with lesing(avh.motor) as okt:
        leder = okt.exec(select(Systembruker.id).where(col(Systembruker.brukernavn) == "leder")).one()
        return int(okt.exec(select(func.count()).select_from(Tilgangslogg).where(
            col(Tilgangslogg.hva) == hva, col(Tilgangslogg.aktor_id) == leder)).one())


def test_leder_ser_kvartalet_og_aapner_en_sak(chromium: Path, demo: Avhengigheter, server: str,
                                              tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    idag = lokal_dato(datetime.now(UTC))
    hva = f"kvartalsrapport {idag.year}-K{kvartal_for(idag)}: saksliste forfalte_oppgaver"
    ARTEFAKTER.mkdir(parents=True, exist_ok=True)
    nett = Nettverkslogg()
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        side = ny_kontekst(nettleser, nett, viewport={"width": 1400, "height": 2200}, accept_downloads=True).new_page()
        logg_inn(side, server, "leder")
        expect(side.get_by_role("link", name="Lederoversikt")).to_be_visible()
        side.get_by_role("link", name="Lederoversikt").click()
        expect(side.get_by_role("heading", name="Lederoversikt")).to_be_visible()
        expect(side.get_by_role("tab", name="Kvartalskontroll")).to_be_visible()
        expect(side.get_by_text("Forfalte oppgaver", exact=False).first).to_be_visible()
        expect(side.get_by_role("button", name="Last ned funnene (CSV)")).to_be_visible()
        expect(side.get_by_role("button", name="Logg ut")).to_be_visible()
        side.screenshot(path=str(ARTEFAKTER / "leder.png"), full_page=True)

        # Knapper med hjelpetekst ligger inne i et verktøytips; finn dem med rolle og navn.
        vis_saker = side.locator(".st-key-leder_vis_forfalte_oppgaver").get_by_role("button", name="Vis saker")
        expect(vis_saker).to_be_visible()  # demodataene har forfalte oppgaver i inneværende kvartal
        vis_saker.click()
        expect(side.get_by_role("heading", name="Saker bak «Forfalte oppgaver»")).to_be_visible()
        forste = side.locator("[class*='st-key-leder_sak_forfalte_oppgaver_']").first.get_by_role(
            "button", name=re.compile(r"^[A-Z]{1,2}-"))
        expect(forste).to_be_visible()
        referanse = forste.inner_text().strip()
        side.screenshot(path=str(ARTEFAKTER / "leder_saker.png"), full_page=True)
        assert _oppslag(demo, hva) == 1

        with side.expect_download() as nedlasting:
            side.get_by_role("button", name="Last ned sakslisten (CSV)").click()
        fil = tmp_path / "saker.csv"
        nedlasting.value.save_as(fil)
        linjer = fil.read_text(encoding="utf-8-sig").splitlines()
        assert linjer[0] == "funn;referanse" and f"forfalte_oppgaver;{referanse}" in linjer
        assert _oppslag(demo, hva) == 2, "nedlastingen går gjennom det loggede oppslaget"

        side.get_by_role("tab", name="Nøkkeltall").click()
        expect(side.get_by_text("Dager fra melding til vedtak")).to_be_visible()
        expect(side.locator(".vega-embed").first).to_be_visible()
        side.screenshot(path=str(ARTEFAKTER / "leder_nokkeltall.png"), full_page=True)

        side.get_by_role("tab", name="Kvartalskontroll").click()
        forste.click()
        expect(side.get_by_role("tab", name="Samtykke")).to_be_visible()
        expect(side.get_by_text(f"Referanse {referanse}", exact=False)).to_be_visible()  # oppgavene gjelder P-
        nettleser.close()
    nett.sjekk()
