"""Driftsstatusen lest fra et ekte Prefect-API (testharnessen): en bevisst ødelagt flyt vises som feilet med
feilmeldingen, en som virker som fullført, både i bruksområdet, i `enheten status` og på siden «Drift»."""

from datetime import UTC, datetime
from typing import Any

import pytest
import streamlit as st
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.flow_engine import run_flow_async
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashbord.innlogging import NOKKEL, lag_innlogging
from dashbord.tilstand import FAST_NA
from flyter.cli import app
from modeller.oppsett import Avhengigheter
from modeller.orkestrering import PrefectOrkestrering
from modeller.tjenester.drift import Driftsstatus, driftsstatus_async
from modeller.tjenester.tilgang import SYSTEM
from tests.dashbord.conftest import APP
from tests.dashbord.verden import NA, lag_verden

FEIL = "Bevisst feil i driftstesten (fnr 15108695088)"


@flow(name="drifttest_feiler")
async def feiler() -> None:
    """En flyt som alltid feiler."""
    raise ValueError(FEIL)


@flow(name="drifttest_virker")
async def virker() -> int:
    """En flyt som alltid lykkes."""
    return 42


async def _rull_ut_og_kjor(f: Any, navn: str, **oppsett: Any) -> None:
    """Registrer utrullingen, lag en kjøring av den og kjør den her i prosessen (som en flyttjener ville)."""
    utrulling_id = await (await f.ato_deployment(name=navn, **oppsett)).aapply()
    async with get_client() as klient:
        kjoring = await klient.create_flow_run_from_deployment(utrulling_id)
    await run_flow_async(f, flow_run=kjoring, return_type="state")


@pytest.fixture
async def status(flytmiljo: Avhengigheter) -> Driftsstatus:
    await _rull_ut_og_kjor(feiler, "drifttest")
    await _rull_ut_og_kjor(virker, "drifttest", schedules=[Cron("0 6 * * *", timezone="Europe/Oslo")])
    kilde = PrefectOrkestrering(str(PREFECT_API_URL.value()))
    return await driftsstatus_async(flytmiljo, SYSTEM, na=datetime.now(UTC), orkestrering=kilde)


def _rad(status: Driftsstatus, flyt: str) -> Any:
    [rad] = [u for u in status.utrullinger if u.flyt == flyt]
    return rad


async def test_odelagt_flyt_vises_som_feilet_med_feilen(status: Driftsstatus) -> None:
    assert status.prefect_feil is None
    odelagt, hel = _rad(status, "drifttest_feiler"), _rad(status, "drifttest_virker")
    assert (odelagt.navn, odelagt.tidsplan, odelagt.siste_tilstand, odelagt.siste_type, odelagt.feiler) == (
        "drifttest", "ved behov", "Feilet", "FAILED", True)
    assert odelagt.siste_melding is not None and "ValueError: Bevisst feil i driftstesten (fnr [tall])" in (
        odelagt.siste_melding)
    assert odelagt.siste_vellykkede is None and odelagt.siste_tid is not None
    assert (hel.tidsplan, hel.siste_tilstand, hel.siste_type, hel.feiler, hel.siste_melding) == (
        "cron 0 6 * * * (Europe/Oslo)", "Fullført", "COMPLETED", False, None)
    assert hel.siste_vellykkede is not None and hel.siste_vellykkede >= hel.siste_tid
    assert [v.kode for v in status.varsler] == []


def test_status_i_terminalen_og_pa_driftssiden(status: Driftsstatus, flytmiljo: Avhengigheter,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    svar = CliRunner().invoke(app, ["status"])
    assert svar.exit_code == 0, svar.output
    [linje] = [linje for linje in svar.output.splitlines() if linje.startswith("drifttest_feiler/drifttest")]
    assert "FEILER: Feilet" in linje and "Bevisst feil i driftstesten" in linje and "15108695088" not in linje

    st.cache_resource.clear()
    leder = lag_verden(flytmiljo.motor).leder
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[FAST_NA] = NA
    at.session_state[NOKKEL] = lag_innlogging(leder, NA)
    at.run()
    at.switch_page("sider/drift.py").run()
    assert not at.exception, at.exception
    tabell = at.dataframe[0].value.set_index("Flyt")
    assert tabell.loc["drifttest_feiler", "Tilstand"] == "Feilet"
    assert "Bevisst feil i driftstesten" in tabell.loc["drifttest_feiler", "Melding"]
    assert tabell.loc["drifttest_virker", "Tilstand"] == "Fullført"
    assert [w.value for w in at.warning if "drifttest\\_feiler" in w.value]
    st.cache_resource.clear()
