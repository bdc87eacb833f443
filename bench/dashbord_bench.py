"""Måler hvor lang tid «Mine oppgaver» og personsiden bruker på å tegnes (AppTest), med 1 000 og 100 000 personer.

Bruk: `.venv/bin/python bench/dashbord_bench.py [--personer 1000 100000] [--gjentak 7] [--postgres URL]`

For hver størrelse lages en migrert SQLite-fil med demokommunen (`modeller.demo.lag_demo`) og dagens oppgaver
(`daglig_oppfolging`). Så kjøres appen i AppTest som demokoordinatoren: først «Mine oppgaver», deretter
personsiden for en av koordinatorens personer. Rapporten gir median og beste tid per side og forholdet
mellom største og minste database; sidene skal ikke bli merkbart tregere med registerets størrelse (sidedelt og
filtrert i SQL). Tidsmålinger hører hjemme her, ikke i testene.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROT))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")

import streamlit as st  # noqa: E402
from sqlalchemy import or_  # noqa: E402
from sqlmodel import col, select  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashbord.innlogging import NOKKEL, lag_innlogging  # noqa: E402
from dashbord.tilstand import FAST_NA, PERSON  # noqa: E402
from modeller import oppsett  # noqa: E402
from modeller.db import lesing  # noqa: E402
from modeller.migrering import oppgrader  # noqa: E402
from modeller.tabeller import Koordinatoroppdrag, Person, Systembruker  # noqa: E402

APP = str(ROT / "dashbord" / "app.py")
IDAG = date(2027, 3, 1)
NA = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Maling:
    """Tider i millisekunder for én databasestørrelse."""

    personer: int
    oppbygging_s: float
    oppgaver_ms: list[float]
    person_ms: list[float]


def _bygg(mappe: Path, personer: int) -> tuple[int, str]:
    from modeller.demo import lag_demo
    from modeller.tjenester.oppfolging import daglig_oppfolging

    os.environ["ENHETEN_DATAMAPPE"] = str(mappe)
    os.environ["ENHETEN_DATABASE_URL"] = f"sqlite:///{mappe / 'enheten.db'}"
    os.environ["ENHETEN_DEMO"] = "true"
    oppsett.avhengigheter.cache_clear()
    st.cache_resource.clear()
    avh = oppsett.avhengigheter()
    oppgrader(avh.innstillinger.database)
    lag_demo(avh, personer=personer, seed=1, idag=IDAG)
    daglig_oppfolging(avh, referansedato=IDAG)
    with lesing(avh.motor) as okt:
        bruker = okt.exec(select(Systembruker).where(Systembruker.brukernavn == "koordinator")).one()
        referanse = okt.exec(select(Person.referanse).join(
            Koordinatoroppdrag, col(Koordinatoroppdrag.person_id) == col(Person.id)).where(
            col(Koordinatoroppdrag.tjenesteyter_id) == bruker.tjenesteyter_id, col(Koordinatoroppdrag.fra) <= IDAG,
            or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= IDAG))
            .order_by(col(Person.id))).first()
        assert referanse is not None, "demokoordinatoren har ingen personer"
        return int(bruker.id or 0), referanse


def _tid(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(f"appen feilet: {at.exception}")
    return ms


def _mal(personer: int, gjentak: int) -> Maling:
    with tempfile.TemporaryDirectory(prefix=f"bench-{personer}-") as mappe:
        start = time.perf_counter()
        bruker_id, referanse = _bygg(Path(mappe), personer)
        oppbygging = time.perf_counter() - start
        oppgaver, person = [], []
        for i in range(gjentak + 1):  # første runde varmer opp (import, motor, hurtigbuffer i SQLite)
            at = AppTest.from_file(APP, default_timeout=120)
            at.session_state[FAST_NA] = NA
            at.session_state[NOKKEL] = lag_innlogging(bruker_id, NA)
            t_oppg = _tid(at)
            assert at.title[0].value == "Mine oppgaver"
            at.session_state[PERSON] = referanse
            at.switch_page("sider/person.py")
            t_person = _tid(at)
            assert not at.error, [e.value for e in at.error]
            if i > 0:
                oppgaver.append(t_oppg)
                person.append(t_person)
        oppsett.avhengigheter().motor.dispose()
        oppsett.avhengigheter.cache_clear()
        st.cache_resource.clear()
    return Maling(personer, oppbygging, oppgaver, person)


def _linje(navn: str, tider: list[float]) -> str:
    return f"  {navn:<14} median {statistics.median(tider):7.1f} ms   beste {min(tider):7.1f} ms"


def main() -> None:
    """Kjør målingene og skriv rapporten."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personer", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--gjentak", type=int, default=7)
    args = parser.parse_args()
    malinger = []
    for antall in args.personer:
        m = _mal(antall, args.gjentak)
        malinger.append(m)
        print(f"{antall:>7} personer (demodata bygd på {m.oppbygging_s:.0f} s):")
        print(_linje("Mine oppgaver", m.oppgaver_ms))
        print(_linje("Person", m.person_ms))
    if len(malinger) > 1:
        liten, stor = malinger[0], malinger[-1]
        for navn, felt in (("Mine oppgaver", "oppgaver_ms"), ("Person", "person_ms")):
            forhold = statistics.median(getattr(stor, felt)) / statistics.median(getattr(liten, felt))
            print(f"Forhold {stor.personer}/{liten.personer} personer, {navn}: {forhold:.2f}")


if __name__ == "__main__":
    main()
