"""Felles oppsett for dashbordtestene: en migrert SQLite-fil pekt ut via miljøet, og AppTest med innlogget bruker."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashbord.innlogging import NOKKEL, lag_innlogging
from dashbord.tilstand import FAST_NA
from modeller import oppsett
from tests.dashbord.nettleser_fiks import chromium, demo, server  # noqa: F401 - fiksturer for testene i Chromium
from tests.dashbord.verden import NA, Verden, lag_verden
from tests.db_fiks import url_for

APP = str(Path(__file__).resolve().parents[2] / "dashbord" / "app.py")


@pytest.fixture
def avh(sqlite_motor: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[oppsett.Avhengigheter]:
    """Dashbordets avhengigheter mot testdatabasen (samme instans som appen får fra `st.cache_resource`)."""
    monkeypatch.setenv("ENHETEN_DATABASE_URL", url_for(sqlite_motor))
    monkeypatch.setenv("ENHETEN_DATAMAPPE", str(tmp_path))
    oppsett.avhengigheter.cache_clear()
    st.cache_resource.clear()
    avh_ = oppsett.avhengigheter()
    yield avh_
    avh_.motor.dispose()
    oppsett.avhengigheter.cache_clear()
    st.cache_resource.clear()


@pytest.fixture
def verden(avh: oppsett.Avhengigheter) -> Verden:
    """Brukere, koordinatorer, personer, en sak og to oppgaver."""
    return lag_verden(avh.motor)


Apning = Callable[..., AppTest]


@pytest.fixture
def apne(avh: oppsett.Avhengigheter) -> Apning:
    """Start appen som en innlogget bruker, eventuelt på en side og med en valgt person."""

    def _apne(bruker_id: int | None, side: str | None = None, *, person: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state[FAST_NA] = NA
        if bruker_id is not None:
            at.session_state[NOKKEL] = lag_innlogging(bruker_id, NA)
        if person is not None:
            at.session_state["person_ref"] = person
        at.run()
        if side is not None:
            at.switch_page(f"sider/{side}.py").run()
        return at

    return _apne
