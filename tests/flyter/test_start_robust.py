"""`enheten start` i virkelig bruk: i bakgrunnen med nohup, stoppet med signaler, en fremmed server på porten,
og kommandoer kjørt utenfor prosjektmappen.
"""

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from modeller.db import arbeidsenhet
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato
from modeller.oppsett import bygg
from modeller.tjenester.utboks import legg_i_utboks
from tests.flyter.prosesser import barneprosesser_med_datamappe
from tests.smtp_fiks import ledig_port

ENHETEN = str(Path(sys.executable).with_name("enheten"))


def _miljo(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ENHETEN_"))}
    env.update({"ENHETEN_DATAMAPPE": str(data), "ENHETEN_PREFECT_PORT": str(ledig_port()),
                "ENHETEN_LOKAL_SMTP_PORT": str(ledig_port()), "ENHETEN_DASHBORD_PORT": str(ledig_port())})
    return env


def _porter(env: dict[str, str]) -> list[int]:
    return [int(env[n]) for n in ("ENHETEN_PREFECT_PORT", "ENHETEN_LOKAL_SMTP_PORT", "ENHETEN_DASHBORD_PORT")]


def _i_bruk(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _vent_pa(betingelse: object, sekunder: float) -> bool:
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        if callable(betingelse) and betingelse():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.parametrize("signalnr", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_bakgrunnsstart_stopper_på_signal_og_etterlater_ingen_prosesser(tmp_path: Path, signalnr: int) -> None:
    data = tmp_path / "data"
    env = _miljo(data)
    ut = tmp_path / "nohup.out"
    # Slik en driftsperson gjør det: nohup i bakgrunnen fra et ikke-interaktivt skall (SIGINT er da ignorert).
    skall = subprocess.run(["bash", "-c", f'nohup "{ENHETEN}" start --uten-demo > "{ut}" 2>&1 & echo $!'],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    pid = int(skall.stdout.strip())
    try:
        assert _vent_pa(lambda: ut.exists() and "enheten kjører" in ut.read_text(encoding="utf-8"), 240), \
            ut.read_text(encoding="utf-8")
        assert all(_i_bruk(p) for p in _porter(env))
        os.kill(pid, signalnr)
        assert _vent_pa(lambda: not Path(f"/proc/{pid}").exists() or _zombie(pid), 90)
    finally:
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)
    if signalnr != signal.SIGKILL:
        assert "Stoppet." in ut.read_text(encoding="utf-8")
    # Også etter kill -9 dør barna (PR_SET_PDEATHSIG) og slipper portene.
    assert _vent_pa(lambda: barneprosesser_med_datamappe(data) == [], 30), barneprosesser_med_datamappe(data)
    assert _vent_pa(lambda: not any(_i_bruk(p) for p in _porter(env)), 30)
    andre = subprocess.run([ENHETEN, "start", "--uten-demo", "--varighet", "1"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert andre.returncode == 0, andre.stderr
    assert "Stoppet." in andre.stdout


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


class _FremmedPrefect(http.server.BaseHTTPRequestHandler):
    """En annen Prefect-server: svarer på /api/health, men kjenner ikke datamappens instans."""

    def do_GET(self) -> None:  # noqa: N802 - navnet er gitt av http.server
        self.send_response(200 if self.path == "/api/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"true" if self.path == "/api/health" else b'{"detail": "Variable not found"}')

    def log_message(self, *_: object) -> None:
        return


@pytest.fixture
def fremmed_server() -> Iterator[int]:
    """En HTTP-server på en ledig port som later som den er en annen Prefect-server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FremmedPrefect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()


def test_kobler_seg_ikke_til_en_fremmed_prefect_server(tmp_path: Path, fremmed_server: int) -> None:
    env = _miljo(tmp_path / "data") | {"ENHETEN_PREFECT_PORT": str(fremmed_server)}
    svar = subprocess.run([ENHETEN, "start", "--uten-demo", "--varighet", "1"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert svar.returncode == 1
    assert svar.stderr.startswith(f"Feil: port {fremmed_server} brukes av en Prefect-server som ikke hører til")
    assert "Traceback" not in svar.stderr + svar.stdout
    assert not _i_bruk(int(env["ENHETEN_LOKAL_SMTP_PORT"])) and not _i_bruk(int(env["ENHETEN_DASHBORD_PORT"]))


def test_kobler_seg_ikke_til_noe_annet_på_porten(tmp_path: Path) -> None:
    with socket.socket() as lytter:
        lytter.bind(("127.0.0.1", 0))
        lytter.listen()
        env = _miljo(tmp_path / "data") | {"ENHETEN_PREFECT_PORT": str(lytter.getsockname()[1])}
        svar = subprocess.run([ENHETEN, "start", "--uten-demo"], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
    assert svar.returncode == 1
    assert "noe som ikke er en Prefect-server" in svar.stderr and "ENHETEN_PREFECT_PORT" in svar.stderr


@pytest.mark.parametrize("kommando", [["oppgaver"], ["varsler", "--json"], ["kjor", "utsending"],
                                      ["rapport", "kvartal", "--ar", "2026", "--kvartal", "3"],
                                      ["importer", "fil.json"]], ids=lambda k: k[0])
def test_utenfor_prosjektmappen_en_norsk_linje_og_ingen_ny_database(tmp_path: Path, kommando: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ENHETEN_"))}
    svar = subprocess.run([ENHETEN, *kommando], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert svar.returncode == 1
    linjer = svar.stderr.strip().splitlines()
    assert len(linjer) == 1 and linjer[0].startswith("Feil: fant ingen database i "), svar.stderr
    assert str(tmp_path / "data") in linjer[0]
    assert list(tmp_path.iterdir()) == []


def test_driftsvakten_i_hovedjobben_varsler_kes_postkasse_om_utboksen_som_står(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # Utsendingen fyrer ikke i testvinduet (1. januar kl. 03), så utboksen står som den ville gjort ved en feil.
    env = _miljo(data) | {"ENHETEN_TIDSPLANER": '{"utsending": "0 3 1 1 *"}',
                          "ENHETEN_DRIFTSVAKT_INTERVALL_SEKUNDER": "3"}
    subprocess.run([ENHETEN, "init"], env=env, cwd=tmp_path, check=True, capture_output=True)
    innst = Innstillinger(datamappe=data, _env_file=None)  # type: ignore[call-arg]
    avh = bygg(innst)
    with arbeidsenhet(avh.motor) as okt:
        assert legg_i_utboks(okt, varseltype="kvartalsrapport", mottaker_epost="leder@kommune.example",
                             objekt_type="rapport", objekt_id=1,
                             forfallsdato=lokal_dato(datetime.now(UTC)) - timedelta(days=7),
                             kontekst={"ke_navn": "KE", "kommunenavn": "Demo", "lenke": "http://localhost",
                                       "mottakerrolle": "leder", "referanse": "K-1", "dato": "2026-10-01",
                                       "antall": 1}) is not None
    avh.motor.dispose()
    prosess = subprocess.run([ENHETEN, "start", "--uten-demo", "--varighet", "20"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert prosess.returncode == 0, prosess.stderr
    assert "Driftsvarsel sendt til KEs postkasse: utboks" in prosess.stderr
    post = [f.read_text(encoding="utf-8") for f in (data / "epost" / "new").iterdir()]
    til_ke = [p for p in post if f"To: {innst.smtp_avsender}" in p]
    assert len(til_ke) == 1, post  # én gang, selv om vakten gikk mange runder
    assert "K-1" not in til_ke[0] and "leder@kommune.example" not in til_ke[0]
