"""README-kontrakten: `enheten start` starter alt på innebygde standarder, skriver hvor alt er, og stopper rent."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from tests.smtp_fiks import ledig_port

ENHETEN = str(Path(sys.executable).with_name("enheten"))


def _les_til(prosess: subprocess.Popen[str], tekst: str, sekunder: float) -> list[str]:
    linjer: list[str] = []
    slutt = time.monotonic() + sekunder
    assert prosess.stdout is not None
    while time.monotonic() < slutt:
        linje = prosess.stdout.readline()
        if not linje:
            if prosess.poll() is not None:
                break
            continue
        linjer.append(linje.rstrip())
        if tekst in linje:
            return linjer
    raise AssertionError(f"Fant ikke «{tekst}» i utskriften:\n" + "\n".join(linjer))


def _deployments(api: str) -> list[str]:
    foresporsel = urllib.request.Request(f"{api}/deployments/filter", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(foresporsel, timeout=10) as svar:  # noqa: S310 - lokal adresse
        return sorted(d["name"] for d in json.loads(svar.read()))


def test_start_kjorer_alt_og_stopper_rent(tmp_path: Path) -> None:
    prefect_port, smtp_port, dashbord_port = ledig_port(), ledig_port(), ledig_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ENHETEN_"))}
    env.update({"ENHETEN_DATAMAPPE": str(tmp_path / "data"), "ENHETEN_PREFECT_PORT": str(prefect_port),
                "ENHETEN_LOKAL_SMTP_PORT": str(smtp_port), "ENHETEN_DASHBORD_PORT": str(dashbord_port)})
    prosess = subprocess.Popen([ENHETEN, "start", "--varighet", "600"], env=env, cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        utskrift = _les_til(prosess, "enheten kjører", 240)
        tekst = "\n".join(utskrift)
        assert str(tmp_path / "data") in tekst
        assert f"http://127.0.0.1:{prefect_port}" in tekst
        assert f"smtp://127.0.0.1:{smtp_port}" in tekst
        assert "Demo-pålogging" in tekst
        api = f"http://127.0.0.1:{prefect_port}/api"
        for _ in range(60):
            if len(_deployments(api)) >= 3:
                break
            time.sleep(1)
        assert {"daglig", "hvert-femte-minutt"} <= set(_deployments(api))

        melding = EmailMessage()
        melding["From"], melding["To"], melding["Subject"] = "ke@kommune.example", "a@kommune.example", "Prøve"
        melding.set_content("Hei")
        asyncio.run(aiosmtplib.send(melding, hostname="127.0.0.1", port=smtp_port, start_tls=False))
        ny = tmp_path / "data" / "epost" / "new"
        for _ in range(20):
            if any(ny.iterdir()):
                break
            time.sleep(0.25)
        assert len(list(ny.iterdir())) == 1
    finally:
        prosess.send_signal(signal.SIGINT)
        rest, _ = prosess.communicate(timeout=90)
    assert "Stoppet." in rest
    assert prosess.returncode == 0
