"""Hvor fort lages lederens rapporter? Kvartalsrapport, nøkkeltall og KPR-eksport for demokommuner av ulik størrelse.

For hver størrelse lages en demokommune (lag_demo + dagens oppfølging, som `enheten demo`) i en ny SQLite-fil
(eller PostgreSQL-database). Så måles, som median av flere kjøringer:

* `kvartalskontroll` for 1. kvartal (ny utregning hver gang, uten lagring),
* `nokkeltall` for 1. kvartal med fire tidligere kvartaler,
* `kpr_eksport` for året før (én kjøring: filen og én loggrad per person).

Forholdstallet sier hvor mye dyrere den største kommunen er enn den minste (lineært ville være størrelsesforholdet).

Bruk: `.venv/bin/python bench/leder_bench.py [--antall 1000 100000] [--gjentak 3]`
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modeller.demo import lag_demo  # noqa: E402
from modeller.innstillinger import Innstillinger  # noqa: E402
from modeller.migrering import oppgrader  # noqa: E402
from modeller.oppsett import Avhengigheter, bygg  # noqa: E402
from modeller.tjenester.leder import kpr_eksport, kvartalskontroll, nokkeltall  # noqa: E402
from modeller.tjenester.oppfolging import daglig_oppfolging  # noqa: E402
from modeller.tjenester.tilgang import SYSTEM  # noqa: E402

DEMODAG = date(2027, 3, 1)
NA = datetime(2027, 4, 2, 6, tzinfo=UTC)


def _tid(funksjon: Callable[[], Any], gjentak: int) -> tuple[float, Any]:
    tider, svar = [], None
    for _ in range(gjentak):
        start = time.perf_counter()
        svar = funksjon()
        tider.append(time.perf_counter() - start)
    return statistics.median(tider), svar


def _kommune(antall: int, mappe: Path) -> tuple[Avhengigheter, float]:
    innst = Innstillinger(datamappe=mappe, database_url=f"sqlite:///{mappe / 'bench.db'}", demo=True)
    oppgrader(innst.database)
    avh = bygg(innst)
    start = time.perf_counter()
    lag_demo(avh, personer=antall, seed=11, idag=DEMODAG)
    daglig_oppfolging(avh, referansedato=DEMODAG)
    return avh, time.perf_counter() - start


def mal(antall: int, gjentak: int) -> dict[str, Any]:
    """Lag kommunen og mål rapportene; gir sekunder og størrelsen på resultatene."""
    with tempfile.TemporaryDirectory() as mappe:
        avh, laget = _kommune(antall, Path(mappe))
        kvartal, rapport = _tid(lambda: kvartalskontroll(avh, ar=2027, kvartal=1, na=NA, lagre=False, ny=True),
                                gjentak)
        tall, n = _tid(lambda: nokkeltall(avh, SYSTEM, ar=2027, kvartal=1, idag=NA.date()), gjentak)
        kpr, eksport = _tid(lambda: kpr_eksport(avh, SYSTEM, ar=2026, na=NA), 1)
        avh.motor.dispose()
    return {"personer": antall, "demo_s": round(laget, 1), "kvartalskontroll_s": round(kvartal, 3),
            "nokkeltall_s": round(tall, 3), "kpr_eksport_s": round(kpr, 3),
            "funn": {f.kode: f.antall for f in rapport.funn}, "med_ip": n.gjeldende.med_ip,
            "kpr_personer": eksport.antall}


def main() -> None:
    """Mål hver størrelse og skriv resultatene og forholdstallene som JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--antall", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--gjentak", type=int, default=3)
    args = parser.parse_args()
    resultater = []
    for antall in args.antall:
        resultater.append(mal(antall, args.gjentak))
        print(json.dumps(resultater[-1], ensure_ascii=False), flush=True)
    minst, storst = resultater[0], resultater[-1]
    print(json.dumps({
        "størrelsesforhold": storst["personer"] / minst["personer"],
        "forhold_kvartalskontroll": round(storst["kvartalskontroll_s"] / minst["kvartalskontroll_s"], 1),
        "forhold_nokkeltall": round(storst["nokkeltall_s"] / minst["nokkeltall_s"], 1),
        "forhold_kpr_eksport": round(storst["kpr_eksport_s"] / minst["kpr_eksport_s"], 1),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
