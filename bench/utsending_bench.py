"""Måler utsendingen: meldinger per sekund fra utboksen til en lokal aiosmtpd-oppsamler i en egen prosess.

Sammenligner `send_varsler` (reserver, sjekk samtykke, lag e-post fra mal, send partiet over gjenbrukte
forbindelser, registrer utfallet) med en ren aiosmtplib-løkke (én forbindelse, sekvensielt) som sender de
samme ferdige meldingene i samme kjøring. Skriver begge tallene og forholdet.

Bruk: .venv/bin/python bench/utsending_bench.py [--antall 2000] [--gjentak 3] [--database-url URL]
Uten --database-url brukes en ny SQLite-fil i en midlertidig mappe; en PostgreSQL-URL må peke på en tom database.
"""

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modeller.db import arbeidsenhet, lesing  # noqa: E402
from modeller.epost import Epost, bygg_melding  # noqa: E402
from modeller.innstillinger import Innstillinger  # noqa: E402
from modeller.maler import lag_epost  # noqa: E402
from modeller.migrering import oppgrader  # noqa: E402
from modeller.oppsett import Avhengigheter, bygg  # noqa: E402
from modeller.regler.begreper import Malform  # noqa: E402
from modeller.tabeller import Varsel  # noqa: E402
from modeller.tjenester.utboks import legg_i_utboks  # noqa: E402
from modeller.tjenester.utsending import lag_postsender, send_varsler  # noqa: E402

AVSENDER = "ke@kommune.example"
DAG = date(2027, 2, 10)
NA = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_oppsamler(port: int) -> subprocess.Popen[bytes]:
    """aiosmtpd med Sink-handleren i en egen prosess (deler ikke GIL med utsenderen)."""
    prosess = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                                "-c", "aiosmtpd.handlers.Sink"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return prosess
        except OSError:
            time.sleep(0.1)
    prosess.kill()
    raise RuntimeError("Oppsamleren startet ikke.")


def _fyll_utboksen(avh: Avhengigheter, antall: int, runde: int) -> None:
    with arbeidsenhet(avh.motor) as okt:
        for i in range(antall):
            legg_i_utboks(okt, varseltype="tiltak_evaluering_snart", mottaker_epost=f"ty{i % 50}@kommune.example",
                          kopi_epost="koordinator@kommune.example", forfallsdato=DAG, objekt_type=f"bench{runde}",
                          objekt_id=i, malform=Malform.BOKMAL if i % 3 else Malform.NYNORSK,
                          kontekst={"referanse": f"IP-{runde:02d}{i:06d}", "frist": date(2027, 2, 24), "dager": 14,
                                    "lenke": f"https://enheten.kommune.example/?ref=IP-{i:06d}",
                                    "kommunenavn": "Demo kommune", "ke_navn": "Koordinerende enhet",
                                    "mottakerrolle": "ansvarlig for tiltak"})


def _ferdige_meldinger(avh: Avhengigheter, runde: int) -> list[EmailMessage]:
    """De samme radene som ferdige MIME-meldinger (mal + bygg_melding), for grunnlinjen."""
    with lesing(avh.motor) as okt:
        rader = list(okt.exec(select(Varsel).where(Varsel.objekt_type == f"bench{runde}").order_by(col(Varsel.id))))
        meldinger = []
        for v in rader:
            innhold = lag_epost(v.varseltype, Malform(v.malform), v.kontekst)
            epost = Epost(mottaker=v.mottaker_epost, emne=innhold.emne, tekst=innhold.tekst, html=innhold.html,
                          kopi=(v.kopi_epost,) if v.kopi_epost else ())
            meldinger.append(bygg_melding(epost, avsender=AVSENDER, domene="kommune.example"))
    return meldinger


async def _grunnlinje(port: int, meldinger: list[EmailMessage]) -> float:
    """Ren aiosmtplib: én forbindelse, sekvensielt. Gir sekunder."""
    start = time.perf_counter()
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False) as smtp:
        for melding in meldinger:
            await smtp.send_message(melding)
    return time.perf_counter() - start


def main() -> None:
    """Kjør målingen og skriv resultatet."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antall", type=int, default=2000)
    parser.add_argument("--gjentak", type=int, default=3)
    parser.add_argument("--parti", type=int, default=200)
    parser.add_argument("--samtidighet", type=int, default=4)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    port = _ledig_port()
    oppsamler = _start_oppsamler(port)
    try:
        with tempfile.TemporaryDirectory() as mappe:
            url = args.database_url or f"sqlite:///{Path(mappe) / 'bench.db'}"
            oppgrader(url)
            innst = Innstillinger(datamappe=Path(mappe), database_url=url, smtp_host="127.0.0.1", smtp_port=port,
                                  smtp_tls="av", smtp_avsender=AVSENDER, smtp_samtidighet=args.samtidighet)
            avh = bygg(innst)
            _kjor(avh, innst, args, port)
    finally:
        oppsamler.terminate()
        oppsamler.wait(10)


def _kjor(avh: Avhengigheter, innst: Innstillinger, args: argparse.Namespace, port: int) -> None:
    utsending, grunnlinje, bygging = [], [], []
    for runde in range(args.gjentak):
        _fyll_utboksen(avh, args.antall, runde)
        start = time.perf_counter()
        meldinger = _ferdige_meldinger(avh, runde)
        bygging.append(time.perf_counter() - start)
        start = time.perf_counter()
        resultat = send_varsler(avh, lag_postsender(innst), klokke=lambda: NA, arbeider="bench", parti=args.parti,
                                maks_partier=10_000)
        utsending.append(time.perf_counter() - start)
        assert resultat.sendt == args.antall, resultat
        grunnlinje.append(asyncio.run(_grunnlinje(port, meldinger)))
    n = args.antall
    mot = avh.motor.dialect.name
    a, b, c = (statistics.median(x) for x in (utsending, grunnlinje, bygging))
    print(f"{n} meldinger, median av {args.gjentak} runder, database {mot}, oppsamler aiosmtpd Sink i egen prosess")
    print(f"  send_varsler (parti {args.parti}, samtidighet {args.samtidighet}): {n / a:7.0f} msg/s  ({a:.2f} s)")
    print(f"  ren aiosmtplib, 1 forbindelse, sekvensielt:     {n / b:7.0f} msg/s  ({b:.2f} s)")
    print(f"  forhold send_varsler / ren løkke:               {b / a:7.2f}")
    print(f"  lesing + mal + MIME-bygging alene:              {n / c:7.0f} msg/s  ({c:.2f} s)")
    print(f"  ren løkke medregnet lesing, mal og bygging:     {n / (b + c):7.0f} msg/s  ({b + c:.2f} s)")
    print(f"  forhold send_varsler / løkke med bygging:       {(b + c) / a:7.2f}")


if __name__ == "__main__":
    main()
