"""Ende til ende i ekte, hodeløs Chromium mot `streamlit run dashbord/app.py` og en demodatabase.

Koordinatoren logger inn, fullfører en oppgave, åpner en person og registrerer en evaluering av et tiltak.
Skjermbilder av «Mine oppgaver» og personsiden lagres i tests/artefakter/ (ignorert av git).
Chromium kommer fra Debians `chromium`-pakke (/usr/bin/chromium); testoppsettet installerer den når den
mangler og vi er root, og feiler med en tydelig melding hvis den ikke kan skaffes.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from modeller.db import lesing
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.tabeller import (
    Evaluering,
    IndividuellPlan,
    Koordinatoroppdrag,
    Oppgave,
    Person,
    Systembruker,
    Tiltak,
)
from tests.db_fiks import url_for

pytestmark = pytest.mark.nettleser

ROT = Path(__file__).resolve().parents[2]
ARTEFAKTER = ROT / "tests" / "artefakter"
CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTER = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"]
VENT_MS = 30_000


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


def _koordinatorens_person(avh: Avhengigheter, idag: date) -> tuple[int, str, int]:
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


def _antall(avh: Avhengigheter, sporring: object) -> int:
    with lesing(avh.motor) as okt:
        return int(okt.exec(sporring).one())  # type: ignore[call-overload]


def test_koordinator_fullforer_oppgave_og_evaluerer_tiltak(chromium: Path, demo: Avhengigheter, server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    idag = lokal_dato(datetime.now(UTC))
    bruker_id, navn, person_id = _koordinatorens_person(demo, idag)
    fullforte = select(func.count()).select_from(Oppgave).where(Oppgave.status == "fullfort")
    evalueringer = select(func.count()).select_from(Evaluering)
    for_oppgaver, for_evalueringer = _antall(demo, fullforte), _antall(demo, evalueringer)
    assert _antall(demo, select(func.count()).select_from(Oppgave).where(
        Oppgave.eier_id == bruker_id, Oppgave.status == "apen")) > 0, "demokoordinatoren har ingen åpne oppgaver"
    ARTEFAKTER.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        nettleser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGUMENTER)
        side = nettleser.new_page(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
        side.set_default_timeout(VENT_MS)
        side.goto(server)
        side.get_by_label("Brukernavn").fill("koordinator")
        side.get_by_label("Passord").fill("koordinator")
        side.get_by_role("button", name="Logg inn").click()
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
