"""Feil i Prefect-serverens logg: format som Prefect skriver det, oppstartsbanner, tilbakesporinger, vasking og tid."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from modeller.prefectlogg import HALE, les_loggfeil, utled_tidspunkter, vask

OSLO = ZoneInfo("Europe/Oslo")
BANNER = """
 ___ ___ ___ ___ ___ ___ _____
| _ \\ _ \\ __| __| __/ __|_   _|
|  _/   / _|| _|| _| (__  | |
|_| |_|_\\___|_| |___\\___| |_|

Configure Prefect to communicate with the server with:

    prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api

Check out the dashboard at http://127.0.0.1:4200
"""
# Slik Prefect 3.8 skriver (formatet «standard» og logger.exception), pluss uvicorns eget format.
LOGG = f"""{BANNER}
08:00:00.000 | ERROR   | prefect.server.services.scheduler - Feil fra før omstarten
{BANNER}
23:59:58.100 | WARNING | prefect.server - Noe å se på
00:00:05.000 | ERROR   | prefect.server.api.server - Encountered exception in request for 15108695088 kari@x.no
Traceback (most recent call last):
  File "/srv/prefect/server/api/server.py", line 1, in handler
    raise RuntimeError("kari@x.no")
RuntimeError: boom 15108695088
09:14:00.000 | ERROR   | docket.worker - Failed to execute perpetual task
Traceback (most recent call last):
  File "/srv/prefect/server/services/scheduler.py", line 250, in schedule_deployments
    await session.execute(insert)
sqlalchemy.exc.InvalidRequestError: Can't evaluate bulk DML statement
ERROR:    Exception in ASGI application
09:14:30.000 | INFO    | prefect.server - Alt vel
"""


def _skriv(sti: Path, tekst: str, endret: datetime) -> Path:
    sti.write_text(tekst, encoding="utf-8")
    os.utime(sti, (endret.timestamp(), endret.timestamp()))
    return sti


def test_feilene_etter_siste_oppstart_vasket_og_med_tid(tmp_path: Path) -> None:
    endret = datetime(2027, 3, 2, 9, 15, tzinfo=OSLO)
    utdrag = les_loggfeil(_skriv(tmp_path / "prefect.log", LOGG, endret), sone=OSLO)
    assert utdrag.finnes and utdrag.antall == 3
    [foresporsel, planlegger, uvicorn] = utdrag.feil
    assert "Feil fra før omstarten" not in str(utdrag)
    assert foresporsel.kilde == "prefect.server.api.server" and not foresporsel.planlegger
    assert foresporsel.melding == "Encountered exception in request for [tall] [e-post] → RuntimeError: boom [tall]"
    assert foresporsel.tid == "00:00:05" and foresporsel.tidspunkt == datetime(2027, 3, 2, 0, 0, 5, tzinfo=OSLO)
    assert planlegger.planlegger and planlegger.kilde == "docket.worker"
    assert planlegger.melding.endswith("sqlalchemy.exc.InvalidRequestError: Can't evaluate bulk DML statement")
    assert planlegger.tidspunkt == datetime(2027, 3, 2, 9, 14, tzinfo=OSLO)
    assert uvicorn.kilde == "uvicorn" and uvicorn.tid is None and uvicorn.tidspunkt is None
    for f in utdrag.feil:
        assert "15108695088" not in f.melding and "kari@x.no" not in f.melding


def test_grensen_gir_de_siste_feilene(tmp_path: Path) -> None:
    linjer = "".join(f"10:{i:02d}:00.000 | ERROR   | prefect.server - feil nr {i}\n" for i in range(30))
    utdrag = les_loggfeil(_skriv(tmp_path / "p.log", linjer, datetime(2027, 3, 2, 10, 30, tzinfo=UTC)), grense=5)
    assert utdrag.antall == 30
    assert [f.melding for f in utdrag.feil] == [f"feil nr {i}" for i in range(25, 30)]


def test_bare_halen_av_en_stor_logg_leses(tmp_path: Path) -> None:
    tidlig = "07:00:00.000 | ERROR   | prefect.server - tidlig feil\n"
    fyll = "07:00:01.000 | INFO    | prefect.server - " + "x" * 200 + "\n"
    tekst = tidlig + fyll * (HALE // len(fyll) + 10) + "08:00:00.000 | ERROR   | prefect.server - sen feil\n"
    utdrag = les_loggfeil(_skriv(tmp_path / "p.log", tekst, datetime(2027, 3, 2, 8, 1, tzinfo=UTC)))
    assert [f.melding for f in utdrag.feil] == ["sen feil"]


def test_manglende_logg_er_ingen_feil(tmp_path: Path) -> None:
    utdrag = les_loggfeil(tmp_path / "finnes-ikke.log")
    assert not utdrag.finnes and utdrag.feil == () and utdrag.antall == 0


def test_tidspunkter_utledes_baklengs_over_midnatt() -> None:
    anker = datetime(2027, 3, 2, 0, 10, tzinfo=OSLO)  # filens endringstid
    tider = utled_tidspunkter(["2027-02-27 12:00:00", "22:00:00", None, "23:59:00", "00:05:00"], anker)
    assert tider == [datetime(2027, 2, 27, 12, 0, tzinfo=OSLO),  # dato i loggen brukes som den står
                     datetime(2027, 3, 1, 22, 0, tzinfo=OSLO), None,
                     datetime(2027, 3, 1, 23, 59, tzinfo=OSLO), datetime(2027, 3, 2, 0, 5, tzinfo=OSLO)]


@pytest.mark.parametrize(("inn", "ut"), [
    ("kontakt ola.nordmann@kommune.no nå", "kontakt [e-post] nå"),
    ("fnr 15108695088 og tlf 98765432", "fnr [tall] og tlf [tall]"),
    ("linje\nto\tmed tab", "linje to med tab"),
    ("port 4200 og kl 09:14:00", "port 4200 og kl 09:14:00"),
])
def test_vask(inn: str, ut: str) -> None:
    assert vask(inn) == ut


def test_vask_korter_av() -> None:
    assert vask("a" * 400) == "a" * 299 + "…"
    assert len(vask("b" * 50, maks=10)) == 10


def test_timedelta_kontroll() -> None:
    """Sanity: ankeret tåler et minutts klokkeforskjell mellom siste linje og filens endringstid."""
    anker = datetime(2027, 3, 2, 9, 0, tzinfo=OSLO)
    assert utled_tidspunkter(["09:00:40"], anker) == [anker + timedelta(seconds=40)]
