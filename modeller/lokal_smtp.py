"""Lokal SMTP-mottaker for innebygd drift: tar imot all e-post på 127.0.0.1 og lagrer den i en Maildir.

Bruk: `python -m modeller.lokal_smtp --maildir DIR --port P` (går til SIGTERM/SIGINT). Avsenderen
skal da bruke tls="av"; mottakeren er bare for lokal bruk og skal aldri lytte på et offentlig grensesnitt.
"""

import argparse
import logging
import mailbox
import os
import signal
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from types import FrameType
from typing import Any

from aiosmtpd.controller import Controller

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MottattEpost:
    """En e-post slik den ligger i den lokale Maildir-en."""

    tidspunkt: datetime
    til: str
    emne: str
    message_id: str
    tekst: str


class _MaildirMottak:
    """aiosmtpd-handler som lagrer de mottatte bytene uendret, med konvoluttmottakerne i X-RcptTo."""

    def __init__(self, maildir: Path) -> None:
        """Oppretter Maildir-en ved behov."""
        self._maildir = mailbox.Maildir(maildir, create=True)
        self._las = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Lagrer meldingen og svarer 250."""
        innhold = envelope.original_content or b""
        mottakere = ", ".join(envelope.rcpt_tos).encode("utf-8", "replace")
        with self._las:
            self._maildir.add(b"X-RcptTo: " + mottakere + b"\r\n" + innhold)
        return "250 OK"


def start_lokal_smtp(maildir: Path, *, vert: str = "127.0.0.1", port: int) -> Controller:
    """Starter SMTP-mottakeren i en egen tråd og gir tilbake kontrolleren (stoppes med .stop())."""
    kontroller = Controller(_MaildirMottak(maildir), hostname=vert, port=port)
    kontroller.start()
    logger.info("Lokal SMTP-mottaker lytter på %s:%s og lagrer i %s", vert, port, maildir)
    return kontroller


def _tekstdel(melding: EmailMessage) -> str:
    """Ren tekst-delen av meldingen (tom hvis den mangler)."""
    del_ = melding.get_body(preferencelist=("plain",))
    if del_ is None:
        return ""
    innhold = del_.get_content()
    return innhold if isinstance(innhold, str) else ""


def _les_fil(sti: Path) -> MottattEpost:
    """Tolker én Maildir-fil."""
    with sti.open("rb") as fil:
        melding = BytesParser(policy=policy.default).parse(fil)
    assert isinstance(melding, EmailMessage)
    return MottattEpost(
        tidspunkt=datetime.fromtimestamp(sti.stat().st_mtime, tz=UTC),
        til=str(melding.get("To", "")),
        emne=str(melding.get("Subject", "")).strip(),
        message_id=str(melding.get("Message-ID", "")),
        tekst=_tekstdel(melding),
    )


def les_maildir(maildir: Path, grense: int = 50) -> list[MottattEpost]:
    """De `grense` nyeste e-postene i Maildir-en, nyeste først (for dashbordet og CLI)."""
    filer: list[tuple[int, str, Path]] = []
    for undermappe in ("new", "cur"):
        mappe = maildir / undermappe
        if not mappe.is_dir():
            continue
        with os.scandir(mappe) as innhold:
            for oppforing in innhold:
                if oppforing.is_file() and not oppforing.name.startswith("."):
                    filer.append((oppforing.stat().st_mtime_ns, oppforing.name, Path(oppforing.path)))
    filer.sort(reverse=True)
    return [_les_fil(sti) for _, _, sti in filer[: max(grense, 0)]]


def main(argv: list[str] | None = None) -> None:
    """Kjører mottakeren til prosessen får SIGTERM eller SIGINT."""
    parser = argparse.ArgumentParser(description="Lokal SMTP-mottaker som lagrer e-post i en Maildir.")
    parser.add_argument("--maildir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--vert", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stopp = threading.Event()

    def _signal(signum: int, _ramme: FrameType | None) -> None:
        stopp.set()

    signal.signal(signal.SIGTERM, _signal)
    signal.signal(signal.SIGINT, _signal)
    kontroller = start_lokal_smtp(args.maildir, vert=args.vert, port=args.port)
    try:
        while not stopp.wait(1.0):  # kort vent, så signalet alltid blir sett
            pass
    finally:
        kontroller.stop()
        logger.info("Lokal SMTP-mottaker stoppet.")


if __name__ == "__main__":
    main()
