"""Prefect-testharness for flytene: én ekte, midlertidig Prefect-server for hele testøkten (bare her)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from modeller import oppsett
from tests.db_fiks import url_for


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    """Start Prefects testharness én gang; flytene i testene kjører mot den."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def flytmiljo(motor: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[oppsett.Avhengigheter]:
    """Pek flytenes komposisjonsrot mot testdatabasen; gi tilbake avhengighetene flytene bruker."""
    monkeypatch.setenv("ENHETEN_DATABASE_URL", url_for(motor))
    monkeypatch.setenv("ENHETEN_DATAMAPPE", str(tmp_path))
    oppsett.avhengigheter.cache_clear()
    yield oppsett.avhengigheter()
    oppsett.avhengigheter().motor.dispose()
    oppsett.avhengigheter.cache_clear()
