"""Den lokale SMTP-mottakeren: lagrer i Maildir og kan leses tilbake, også som egen prosess."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from modeller.epost import Epost, SmtpOppsett, SmtpPostsender
from modeller.lokal_smtp import les_maildir, start_lokal_smtp
from tests.smtp_fiks import ledig_port

ROT = Path(__file__).resolve().parents[2]


async def send(port: int, antall: int) -> None:
    """Sender `antall` e-poster til mottakeren uten TLS."""
    oppsett = SmtpOppsett(vert="127.0.0.1", port=port, tls="av", avsender="ke@kommune.example", samtidighet=1)
    eposter = [Epost(f"m{i}@kommune.example", f"Emne {i}", f"Tekst {i} æøå\n", f"<p>{i}</p>") for i in range(antall)]
    utfall = await SmtpPostsender(oppsett).send_parti(eposter)
    assert [u.status for u in utfall] == ["sendt"] * antall


async def test_lagrer_og_leser_maildir(tmp_path: Path) -> None:
    port = ledig_port()
    kontroller = start_lokal_smtp(tmp_path / "epost", port=port)
    try:
        await send(port, 3)
    finally:
        kontroller.stop()
    mottatt = les_maildir(tmp_path / "epost")
    assert sorted(m.emne for m in mottatt) == ["Emne 0", "Emne 1", "Emne 2"]
    assert all(a.tidspunkt >= b.tidspunkt for a, b in zip(mottatt, mottatt[1:], strict=False))
    forste = next(m for m in mottatt if m.emne == "Emne 1")
    assert forste.til == "m1@kommune.example"
    assert forste.tekst.strip() == "Tekst 1 æøå"
    assert forste.message_id.endswith("@kommune.example>")
    assert len(les_maildir(tmp_path / "epost", grense=2)) == 2
    assert les_maildir(tmp_path / "finnes-ikke") == []


async def test_kjorer_som_egen_prosess_og_stopper_paa_sigterm(tmp_path: Path) -> None:
    port = ledig_port()
    prosess = subprocess.Popen(
        [sys.executable, "-m", "modeller.lokal_smtp", "--maildir", str(tmp_path / "md"), "--port", str(port)],
        cwd=ROT,
        env={**os.environ, "PYTHONPATH": str(ROT)},
    )
    try:
        await vent_paa_port(port, prosess)
        await send(port, 1)
        prosess.send_signal(signal.SIGTERM)
        assert prosess.wait(timeout=30) == 0
    finally:
        if prosess.poll() is None:
            prosess.kill()
            prosess.wait()
    assert [m.emne for m in les_maildir(tmp_path / "md")] == ["Emne 0"]


async def vent_paa_port(port: int, prosess: subprocess.Popen[bytes]) -> None:
    """Venter til prosessen lytter på porten (eller avslutter)."""
    for _ in range(300):
        assert prosess.poll() is None, "mottakeren avsluttet før den lyttet"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            await asyncio.sleep(0.1)
    raise AssertionError("mottakeren begynte aldri å lytte")
