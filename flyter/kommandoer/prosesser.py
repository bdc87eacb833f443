"""Barneprosessene til `enheten start`: egen prosessgruppe hver, dør med forelderen, stoppes som gruppe.

Hver barneprosess startes i en egen sesjon (prosessgruppe), så stoppet når også barnebarna (Prefects
flytkjøringer, uvicorn under `prefect server start`). På Linux ber barnet kjernen om SIGTERM hvis forelderen
dør (PR_SET_PDEATHSIG), så selv en `kill -9` av hovedjobben etterlater ingen prosesser som holder portene.
"""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import typer

PR_SET_PDEATHSIG = 1
STOPPETID = 20.0


def _dor_med_forelderen() -> Callable[[], None] | None:
    """preexec_fn som gir barnet SIGTERM når forelderen dør (bare Linux; ellers ingenting)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    forelder = os.getpid()

    def sett() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != forelder:  # forelderen døde før prctl rakk å virke
            os._exit(1)

    return sett


@dataclass
class Prosesser:
    """Barneprosessene, i den rekkefølgen de startes; stoppes baklengs."""

    rot: Path
    liste: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, navn: str, argv: list[str], env: dict[str, str], logg: Path) -> subprocess.Popen[bytes]:
        """Start en prosess i egen prosessgruppe, med logg i datamappen."""
        with logg.open("ab") as ut:
            p = subprocess.Popen(argv, env=env, stdout=ut, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 cwd=self.rot, start_new_session=True, preexec_fn=_dor_med_forelderen())
        self.liste.append((navn, p))
        return p

    def stopp(self) -> None:
        """Stopp baklengs: dashbord og flyttjener før Prefect-serveren; hele gruppen, hardt til slutt."""
        for navn, p in reversed(self.liste):
            _signal_gruppe(p, signal.SIGTERM)
            try:
                p.wait(timeout=STOPPETID)
            except subprocess.TimeoutExpired:
                typer.echo(f"  {navn} stoppet ikke innen {STOPPETID:.0f} s, avslutter hardt.", err=True)
            _signal_gruppe(p, signal.SIGKILL)
            p.wait()


def _signal_gruppe(p: subprocess.Popen[bytes], signalnr: int) -> None:
    """Send signalet til prosessens gruppe (barnet og barnebarna); ingenting om gruppen er borte."""
    try:
        os.killpg(p.pid, signalnr)
    except (ProcessLookupError, PermissionError):
        return


def port_ledig(port: int) -> bool:
    """Sann når ingen lytter på porten på 127.0.0.1."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def vent_til_lytter(port: int, prosess: subprocess.Popen[bytes], sekunder: float) -> bool:
    """Vent til noen lytter på porten (usann om prosessen døde eller tiden gikk ut)."""
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt and prosess.poll() is None:
        if not port_ledig(port):
            return True
        time.sleep(0.2)
    return False
