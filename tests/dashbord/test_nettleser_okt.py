"""Å forbli innlogget, i ekte Chromium mot `streamlit run dashbord/app.py`.

En omlasting, en ny fane og en lenke fra e-post (`/?ref=P-…`, klikket på en side fra en annen vert) finner økten
igjen. Utlogging i én fane avslutter økten på tjeneren for alle faner, og en kopi av informasjonskapselen gir ikke
tilgang etterpå. En økt som har vært ubrukt lenger enn tidsavbruddet, avvises. Fiksturene ligger i
nettleser_fiks.py, og ingen forespørsel får gå ut av maskinen.
"""

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import col, select

from dashbord.informasjonskapsel import NAVN
from modeller.db import arbeidsenhet, lesing
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Innloggingsokt, Person
from tests.dashbord.nettleser_fiks import (
    ARGUMENTER,
    VENT_MS,
    Nettverkslogg,
    koordinatorens_person,
    logg_inn,
    ny_kontekst,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.nettleser


def _kapsel(kontekst: "BrowserContext", *, finnes: bool = True) -> dict[str, Any] | None:
    """Øktens informasjonskapsel når den finnes (eller er borte, med `finnes=False`); venter til da."""
    slutt = time.monotonic() + VENT_MS / 1000
    while True:
        kapsel = next((dict(k) for k in kontekst.cookies() if k.get("name") == NAVN), None)
        if (kapsel is not None) == finnes or time.monotonic() > slutt:
            assert (kapsel is not None) == finnes, "kapselen ble ikke satt" if finnes else "kapselen ble ikke slettet"
            return kapsel
        time.sleep(0.2)


@contextmanager
def _innboks(lenke: str) -> Iterator[str]:
    """En «nettpostleser» på en annen vert (localhost) med en lenke til dashbordet, som fra en varsel-e-post."""
    side = f'<html><body><a href="{escape(lenke)}">Åpne saken</a></body></html>'.encode()

    class Svar(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - navnet kreves av http.server
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(side)

        def log_message(self, *_: object) -> None:
            return

    tjener = ThreadingHTTPServer(("127.0.0.1", 0), Svar)
    trad = threading.Thread(target=tjener.serve_forever, daemon=True)
    trad.start()
    try:
        yield f"http://localhost:{tjener.server_address[1]}/"
    finally:
        tjener.shutdown()
        tjener.server_close()


def _referanse(avh: Avhengigheter, person_id: int) -> str:
    with lesing(avh.motor) as okt:
        return okt.exec(select(Person.referanse).where(col(Person.id) == person_id)).one()


def _er_innlogget(side: "Page") -> None:
    from playwright.sync_api import expect

    expect(side.get_by_role("button", name="Logg ut")).to_be_visible(timeout=VENT_MS)
    expect(side.get_by_label("Passord")).to_have_count(0)


def _er_utlogget(side: "Page") -> None:
    from playwright.sync_api import expect

    expect(side.get_by_label("Passord")).to_be_visible(timeout=VENT_MS)
    expect(side.get_by_role("button", name="Logg ut")).to_have_count(0)


def test_okten_overlever_omlasting_ny_fane_og_epostlenke(chromium: Path, demo: Avhengigheter,
                                                         server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    _, navn, person_id = koordinatorens_person(demo, lokal_dato(datetime.now(UTC)))
    referanse = _referanse(demo, person_id)
    nett = Nettverkslogg()
    with sync_playwright() as p, _innboks(f"{server}/?ref={referanse}") as innboks:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        kontekst = ny_kontekst(nettleser, nett, viewport={"width": 1400, "height": 1000})
        side = kontekst.new_page()
        logg_inn(side, server, "koordinator")
        kapsel = _kapsel(kontekst)
        assert kapsel is not None
        assert (kapsel["httpOnly"], kapsel["sameSite"], kapsel["path"], kapsel["expires"]) == (True, "Strict", "/", -1)
        assert NAVN not in side.evaluate("document.cookie"), "JavaScript skal ikke kunne lese tokenet"
        with lesing(demo.motor) as okt:
            lagret = okt.exec(select(Innloggingsokt.token_hash).where(col(Innloggingsokt.avsluttet).is_(None))).all()
        assert lagret == [hashlib.sha256(kapsel["value"].encode()).hexdigest()], "bare hashen av tokenet lagres"

        side.reload()
        _er_innlogget(side)
        expect(side.get_by_role("heading", name="Mine oppgaver")).to_be_visible()

        fane = kontekst.new_page()
        fane.goto(server)
        _er_innlogget(fane)

        epost = kontekst.new_page()
        epost.goto(innboks)
        epost.get_by_role("link", name="Åpne saken").click()
        expect(epost.get_by_role("heading", name=navn)).to_be_visible(timeout=VENT_MS)
        _er_innlogget(epost)
        expect(epost).not_to_have_url(re.compile(r"ref="))

        side.get_by_role("button", name="Logg ut").click()
        _er_utlogget(side)
        _kapsel(kontekst, finnes=False)  # tjeneren slettet kapselen til den avsluttede økten
        fane.get_by_test_id("stSidebarNav").get_by_role("link", name="Personer").click()
        _er_utlogget(fane)  # utloggingen gjelder på tjeneren, også for fanen som var åpen
        expect(fane.get_by_text("Du er logget ut.")).to_be_visible()
        side.reload()
        _er_utlogget(side)

        # En kopi av den gamle kapselen i en helt ny nettleserkontekst gir ikke tilgang.
        kopi = ny_kontekst(nettleser, nett)
        kopi.add_cookies([{"name": NAVN, "value": kapsel["value"], "url": server}])
        tyv = kopi.new_page()
        tyv.goto(server)
        _er_utlogget(tyv)
        nettleser.close()
    nett.sjekk()


def test_okt_ubrukt_lenger_enn_tidsavbruddet_avvises(chromium: Path, demo: Avhengigheter,
                                                     server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    nett = Nettverkslogg()
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        kontekst = ny_kontekst(nettleser, nett, viewport={"width": 1400, "height": 1000})
        side = kontekst.new_page()
        logg_inn(side, server, "leder")
        _kapsel(kontekst)
        side.reload()
        _er_innlogget(side)

        # Som om fanen har stått urørt i 31 minutter (tidsavbruddet er 30).
        with arbeidsenhet(demo.motor) as okt:
            rad = okt.exec(select(Innloggingsokt).where(col(Innloggingsokt.avsluttet).is_(None))).one()
            rad.sist_aktiv = datetime.now(UTC) - timedelta(minutes=demo.innstillinger.okt_inaktiv_minutter + 1)
            okt.add(rad)
        side.reload()
        _er_utlogget(side)
        expect(side.get_by_text("uten aktivitet", exact=False)).to_be_visible()
        with lesing(demo.motor) as okt:
            assert okt.exec(select(Innloggingsokt.avsluttet_grunn)).all() == ["inaktiv"]
        fane = kontekst.new_page()
        fane.goto(server)
        _er_utlogget(fane)
        nettleser.close()
    nett.sjekk()
