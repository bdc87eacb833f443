"""README-kontrakten: `enheten start` starter alt, tidsplanene fyrer av seg selv, og alt stopper rent.

Testen starter den ekte hovedjobben (Prefect-server, flyttjener, lokal e-post, dashbord) med komprimerte
tidsplaner (hvert minutt) og venter til Prefects planlegger selv har laget kjøringer: en planlagt kjøring av
`daglig_oppfolging` og av `utsending` må nå COMPLETED og ha gjort jobben sin (nye oppgaver i køen, e-posten fra
utboksen i den lokale mottakeren), og Prefects logg skal være uten ERROR. Det samme med PostgreSQL som Prefects
database når serveren svarer.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import func, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato
from modeller.oppsett import bygg
from modeller.regler.begreper import Varselstatus
from modeller.tabeller import Oppgave, Varsel
from modeller.tjenester.utboks import legg_i_utboks
from tests.db_fiks import PG_URL, _pg_grunn
from tests.flyter.prosesser import barneprosesser_med_datamappe, les_til
from tests.smtp_fiks import ledig_port

ENHETEN = str(Path(sys.executable).with_name("enheten"))
MOTTAKER = "leder@kommune.example"
HVERT_MINUTT = json.dumps({"daglig_oppfolging": "* * * * *", "utsending": "* * * * *"})


def _api(api: str, sti: str, data: dict[str, Any] | None = None) -> Any:
    foresporsel = urllib.request.Request(f"{api}{sti}", data=json.dumps(data or {}).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(foresporsel, timeout=10) as svar:  # noqa: S310 - lokal adresse
        return json.loads(svar.read())


def _planlagte_kjoringer(api: str) -> dict[str, list[dict[str, Any]]]:
    """Kjøringene planleggeren har laget (auto_scheduled), per flytnavn."""
    flyter = {f["id"]: f["name"] for f in _api(api, "/flows/filter")}
    ut: dict[str, list[dict[str, Any]]] = {}
    for k in _api(api, "/flow_runs/filter", {"limit": 200}):
        if k["auto_scheduled"]:
            ut.setdefault(flyter[k["flow_id"]], []).append(k)
    return ut


def _vent_pa_fullforte(api: str, flyter: set[str], sekunder: float) -> dict[str, list[dict[str, Any]]]:
    slutt = time.monotonic() + sekunder
    kjoringer: dict[str, list[dict[str, Any]]] = {}
    while time.monotonic() < slutt:
        kjoringer = _planlagte_kjoringer(api)
        ferdige = {n for n, liste in kjoringer.items() if any(k["state_type"] == "COMPLETED" for k in liste)}
        if flyter <= ferdige:
            return kjoringer
        time.sleep(3)
    tilstander = {n: [k["state_type"] for k in liste] for n, liste in kjoringer.items()}
    raise AssertionError(f"Ingen fullført planlagt kjøring av {sorted(flyter)} innen {sekunder} s: {tilstander}")


def _klar_epost(innst: Innstillinger) -> int:
    """Legg én e-post i utboksen som er klar til sending nå (forfalt i går), og gi radens id."""
    avh = bygg(innst)
    with arbeidsenhet(avh.motor) as okt:
        varsel = legg_i_utboks(
            okt, varseltype="kvartalsrapport", mottaker_epost=MOTTAKER, objekt_type="rapport", objekt_id=1,
            forfallsdato=lokal_dato(datetime.now(UTC)) - timedelta(days=1),
            kontekst={"ke_navn": innst.ke_navn, "kommunenavn": innst.kommunenavn, "lenke": innst.dashbord_url,
                      "mottakerrolle": "leder for koordinerende enhet", "referanse": "K-2026-4",
                      "dato": "2026-10-01", "antall": 3})
        assert varsel is not None and varsel.id is not None
        varsel_id = varsel.id
    avh.motor.dispose()
    return varsel_id


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def prefect_database(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """Miljøet som velger Prefects database: SQLite i datamappen, eller en ny PostgreSQL-database."""
    if request.param == "sqlite":
        yield {}
        return
    grunn = _pg_grunn()
    if grunn:
        pytest.skip(grunn)
    navn = f"enheten_prefect_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    url = create_engine(PG_URL).url.set(drivername="postgresql+asyncpg", database=navn)
    yield {"PREFECT_SERVER_DATABASE_CONNECTION_URL": url.render_as_string(hide_password=False)}
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))
    admin.dispose()


def test_hovedjobben_kjorer_tidsplanene_selv_og_stopper_rent(tmp_path: Path, prefect_database: dict[str, str]) -> None:
    data = tmp_path / "data"
    porter = {"ENHETEN_PREFECT_PORT": ledig_port(), "ENHETEN_LOKAL_SMTP_PORT": ledig_port(),
              "ENHETEN_DASHBORD_PORT": ledig_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ENHETEN_"))}
    env.update({k: str(v) for k, v in porter.items()})
    env.update({"ENHETEN_DATAMAPPE": str(data), "ENHETEN_TIDSPLANER": HVERT_MINUTT,
                "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5", **prefect_database})
    subprocess.run([ENHETEN, "init"], env=env, cwd=tmp_path, check=True, capture_output=True)
    # Demokommunen slik den var for 30 dager siden: dagens sveip finner det som har forfalt siden.
    for_30_dager = (lokal_dato(datetime.now(UTC)) - timedelta(days=30)).isoformat()
    subprocess.run([ENHETEN, "demo", "--personer", "40", "--seed", "3", "--dato", for_30_dager], env=env,
                   cwd=tmp_path, check=True, capture_output=True)
    innst = Innstillinger(datamappe=data, _env_file=None)  # type: ignore[call-arg]
    varsel_id = _klar_epost(innst)
    avh = bygg(innst)
    with lesing(avh.motor) as okt:
        oppgaver_for = okt.exec(select(func.count()).select_from(Oppgave)).one()

    prosess = subprocess.Popen([ENHETEN, "start", "--varighet", "900"], env=env, cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        tekst = "\n".join(les_til(prosess, "enheten kjører", 240))
        assert str(data) in tekst and "Demo-pålogging" in tekst
        assert f"smtp://127.0.0.1:{porter['ENHETEN_LOKAL_SMTP_PORT']}" in tekst
        api = f"http://127.0.0.1:{porter['ENHETEN_PREFECT_PORT']}/api"
        kjoringer = _vent_pa_fullforte(api, {"daglig_oppfolging", "utsending"}, 300)
        assert all(k["deployment_id"] for liste in kjoringer.values() for k in liste)
        # `enheten kjor` bruker hovedjobbens egen server (kjøringen synes der), ikke en flyktig.
        kjor = subprocess.run([ENHETEN, "kjor", "kvartalskontroll"], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=300)
        assert kjor.returncode == 0, kjor.stderr
        flyter = {f["id"]: f["name"] for f in _api(api, "/flows/filter")}
        manuelle = [k for k in _api(api, "/flow_runs/filter", {"limit": 200})
                    if not k["auto_scheduled"] and flyter[k["flow_id"]] == "kvartalskontroll"]
        assert [k["state_type"] for k in manuelle] == ["COMPLETED"]
    finally:
        prosess.send_signal(signal.SIGINT)
        rest, _ = prosess.communicate(timeout=120)
    assert "Stoppet." in rest, rest
    assert prosess.returncode == 0

    with lesing(avh.motor) as okt:
        varsel = okt.get(Varsel, varsel_id)
        assert varsel is not None and varsel.status == Varselstatus.SENDT, varsel
        assert okt.exec(select(func.count()).select_from(Oppgave)).one() > oppgaver_for
    avh.motor.dispose()
    post = [f.read_text(encoding="utf-8") for f in (data / "epost" / "new").iterdir()]
    assert any(f"To: {MOTTAKER}" in p and "K-2026-4" in p for p in post)

    logg = (data / "logg" / "prefect.log").read_text(encoding="utf-8")
    feillinjer = [linje for linje in logg.splitlines() if "ERROR" in linje or "Traceback" in linje]
    assert feillinjer == [], "\n".join(feillinjer[:20])
    assert barneprosesser_med_datamappe(data) == []
    for port in porter.values():
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} er fortsatt i bruk"
