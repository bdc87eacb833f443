"""Oppsett for testene i ekte Chromium: nettleseren, en demokommune, `streamlit run dashbord/app.py` og en
nettverkslogg som feiler på hver forespørsel ut av maskinen.

Chromium kommer fra Debians `chromium`-pakke (/usr/bin/chromium); oppsettet installerer den når den mangler og vi
er root, og feiler med en tydelig melding hvis den ikke kan skaffes. Fiksturene gjøres kjent i conftest.py.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import lesing
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.tabeller import IndividuellPlan, Koordinatoroppdrag, Person, Systembruker, Tiltak
from tests.db_fiks import url_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROT = Path(__file__).resolve().parents[2]
ARTEFAKTER = ROT / "tests" / "artefakter"
CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTER = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"]
VENT_MS = 30_000
LOKALE_VERTER = frozenset({"127.0.0.1", "localhost"})


def lokal(adresse: str) -> bool:
    """Sann for adresser på maskinen selv (og data:/blob:, som ikke er forespørsler over nettet)."""
    deler = urlsplit(adresse)
    return deler.scheme in {"data", "blob"} or deler.hostname in LOKALE_VERTER


@dataclass
class Nettverkslogg:
    """Alle forespørsler og websocketer i en nettleserkontekst; det som skulle gått ut av maskinen, stoppes."""

    adresser: list[str] = field(default_factory=list)

    def folg(self, kontekst: "BrowserContext") -> "BrowserContext":
        """Registrer alt konteksten (alle faner) ber om, og stopp forespørsler til andre verter."""
        kontekst.on("request", lambda r: self.adresser.append(r.url))
        kontekst.on("page", self._folg_side)
        kontekst.route(lambda adresse: not lokal(adresse), lambda rute: rute.abort("blockedbyclient"))
        for side in kontekst.pages:
            self._folg_side(side)
        return kontekst

    def _folg_side(self, side: "Page") -> None:
        side.on("websocket", lambda ws: self.adresser.append(ws.url))

    def eksterne(self) -> list[str]:
        """Adressene som ikke var lokale, i den rekkefølgen de ble bedt om."""
        return [a for a in self.adresser if not lokal(a)]

    def sjekk(self) -> None:
        """Feil hvis noe gikk (eller ville gått) til en annen vert enn maskinen selv."""
        assert not self.eksterne(), f"forespørsler ut av maskinen: {sorted(set(self.eksterne()))}"
        assert any("/_stcore/" in a for a in self.adresser), "ingen forespørsler ble registrert"


def ny_kontekst(nettleser: "Browser", logg: Nettverkslogg, **valg: object) -> "BrowserContext":
    """En nettleserkontekst med norsk språk der hver forespørsel registreres."""
    kontekst = nettleser.new_context(locale="nb-NO", **valg)  # type: ignore[arg-type]
    kontekst.set_default_timeout(VENT_MS)
    return logg.folg(kontekst)


def logg_inn(side: "Page", server: str, brukernavn: str) -> None:
    """Åpne dashbordet og logg inn med en demokonto (passordet er brukernavnet)."""
    from playwright.sync_api import expect

    side.goto(server)
    side.get_by_label("Brukernavn").fill(brukernavn)
    side.get_by_label("Passord").fill(brukernavn)
    side.get_by_role("button", name="Logg inn").click()
    expect(side.get_by_role("button", name="Logg ut")).to_be_visible()


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debians Chromium; installeres med apt-get når den mangler og vi er root, ellers feiler testen tydelig."""
    if not CHROMIUM.exists() and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        miljo = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for kommando in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
            subprocess.run(kommando, check=False, env=miljo, timeout=900, stdout=subprocess.DEVNULL,  # noqa: S603
                           stderr=subprocess.DEVNULL)
    if not CHROMIUM.exists():
        pytest.fail(f"Fant ikke {CHROMIUM}. Installer Debians Chromium («apt-get install chromium») som root; "
                    "ende-til-ende-testen kan ikke kjøre uten den.")
    return CHROMIUM


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _vent_pa(url: str, prosess: subprocess.Popen[bytes], sekunder: float = 60) -> None:
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        if prosess.poll() is not None:
            raise AssertionError(f"streamlit stoppet med kode {prosess.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as svar:  # noqa: S310 - lokal adresse
                if svar.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit svarte ikke på {url} innen {sekunder} s")


@pytest.fixture
def demo(sqlite_motor: Engine, tmp_path: Path) -> Avhengigheter:
    """En demokommune med 50 personer og dagens oppgaver, på dagens dato."""
    from modeller.demo import lag_demo
    from modeller.tjenester.oppfolging import daglig_oppfolging

    avh = Avhengigheter(innstillinger=Innstillinger(datamappe=tmp_path, database_url=url_for(sqlite_motor), demo=True),
                        motor=sqlite_motor, regelverk=Innstillinger(demo=True).regelverk())
    idag = lokal_dato(datetime.now(UTC))
    lag_demo(avh, personer=50, seed=1, idag=idag)
    daglig_oppfolging(avh, referansedato=idag)
    return avh


@pytest.fixture
def server(demo: Avhengigheter, tmp_path: Path) -> Iterator[str]:
    """`streamlit run dashbord/app.py` på en ledig port mot demodatabasen; stoppes etter testen."""
    port = _ledig_port()
    miljo = {**os.environ, "ENHETEN_DATABASE_URL": demo.innstillinger.database, "ENHETEN_DATAMAPPE": str(tmp_path),
             "ENHETEN_DEMO": "true"}
    logg = (tmp_path / "streamlit.log").open("wb")
    prosess = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("streamlit")), "run", str(ROT / "dashbord" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"], cwd=ROT, env=miljo, stdout=logg, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _vent_pa(url, prosess)
        yield url
    finally:
        prosess.terminate()
        try:
            prosess.wait(timeout=20)
        except subprocess.TimeoutExpired:
            prosess.kill()
        logg.close()


def koordinatorens_person(avh: Avhengigheter, idag: date) -> tuple[int, str, int]:
    """Demokoordinatorens bruker-id, og navnet og id-en på en av personene hen har en aktiv plan med tiltak for."""
    with lesing(avh.motor) as okt:
        bruker = okt.exec(select(Systembruker).where(Systembruker.brukernavn == "koordinator")).one()
        person = okt.exec(
            select(Person).join(Koordinatoroppdrag, col(Koordinatoroppdrag.person_id) == col(Person.id))
            .join(IndividuellPlan, col(IndividuellPlan.person_id) == col(Person.id))
            .join(Tiltak, col(Tiltak.plan_id) == col(IndividuellPlan.id))
            .where(col(Koordinatoroppdrag.tjenesteyter_id) == bruker.tjenesteyter_id,
                   col(Koordinatoroppdrag.fra) <= idag,
                   or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag),
                   col(IndividuellPlan.status) != "avsluttet", col(Tiltak.status) == "aktiv",
                   col(Person.fodselsdato) < idag,
                   or_(col(IndividuellPlan.periode_til).is_(None),
                       col(IndividuellPlan.periode_til) > idag + timedelta(days=40)))
            .order_by(col(Person.id))).first()
        assert person is not None, "demodataene har ingen person med aktiv plan for demokoordinatoren"
        return int(bruker.id or 0), person.navn, int(person.id or 0)
