"""Flytene kjører under Prefect (ekte testserver) mot ekte database og ekte SMTP-server."""

import asyncio
import json
from collections import Counter
from datetime import date

import pytest
from sqlmodel import col, func, select
from typer.testing import CliRunner

from flyter.cli import app
from flyter.daglig_oppfolging import daglig_oppfolging
from flyter.innkall_ansvarsgruppe import innkall_ansvarsgruppe
from flyter.kommandoer.grunn import initialiser, lag_demokommune
from flyter.oppnevn_koordinator import oppnevn_koordinator
from flyter.paminnelser import planlegg_paminnelser
from flyter.utsending import send_varsler
from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Varselstatus
from modeller.tabeller import Gruppe, Koordinatoroppdrag, Oppgave, Person, Varsel

DEMODAG = date(2027, 3, 1)


def _demo(avh: Avhengigheter, personer: int = 80) -> None:
    initialiser(avh)
    avh.innstillinger.datamappe.mkdir(parents=True, exist_ok=True)
    lag_demokommune(avh, personer=personer, seed=7, idag=DEMODAG)


def _oppgavetyper(avh: Avhengigheter) -> Counter[str]:
    with lesing(avh.motor) as okt:
        return Counter(dict(okt.exec(select(Oppgave.oppgavetype, func.count()).group_by(Oppgave.oppgavetype)).all()))


def test_daglig_oppfolging_et_ar_senere_gir_blandingen_og_er_idempotent(flytmiljo: Avhengigheter) -> None:
    _demo(flytmiljo)
    cli = CliRunner()
    forste = cli.invoke(app, ["kjor", "daglig_oppfolging", "--dato", "2028-03-01"])
    assert forste.exit_code == 0, forste.output
    etter_forste = _oppgavetyper(flytmiljo)
    forventet = {"send_forelopig_svar", "vedtak_revurdering", "plan_revisjon", "evaluer_tiltak", "skriv_referat",
                 "barnekoordinator_overgang"}
    assert forventet <= set(etter_forste), etter_forste
    andre = cli.invoke(app, ["kjor", "daglig_oppfolging", "--dato", "2028-03-01"])
    assert andre.exit_code == 0, andre.output
    assert _oppgavetyper(flytmiljo) == etter_forste
    assert all(v == 0 for v in json.loads(andre.output).values() if isinstance(v, int))


def test_paminnelser_og_utsending_gir_e_post_hos_ekte_smtp_server(flytmiljo: Avhengigheter, smtp_server: object,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from modeller import oppsett

    monkeypatch.setenv("ENHETEN_SMTP_HOST", smtp_server.vert)  # type: ignore[attr-defined]
    monkeypatch.setenv("ENHETEN_SMTP_PORT", str(smtp_server.port))  # type: ignore[attr-defined]
    monkeypatch.setenv("ENHETEN_SMTP_TLS", "av")
    oppsett.avhengigheter.cache_clear()
    avh = oppsett.avhengigheter()
    _demo(avh)
    asyncio.run(planlegg_paminnelser(referansedato=date(2027, 3, 15)))
    resultat = asyncio.run(send_varsler(referansedato=date(2027, 3, 15)))
    assert resultat["sendt"] > 0
    assert len(smtp_server.meldinger) == resultat["sendt"]  # type: ignore[attr-defined]
    with lesing(avh.motor) as okt:
        sendt = okt.exec(select(func.count()).select_from(Varsel).where(Varsel.status == Varselstatus.SENDT)).one()
    assert sendt == resultat["sendt"]
    igjen = asyncio.run(send_varsler(referansedato=date(2027, 3, 15)))
    assert igjen["sendt"] == 0 and len(smtp_server.meldinger) == sendt  # type: ignore[attr-defined]


def test_oppnevn_koordinator_gir_forklart_forslag(flytmiljo: Avhengigheter) -> None:
    _demo(flytmiljo, personer=40)
    with lesing(flytmiljo.motor) as okt:
        uten = okt.exec(select(Person.id).where(~select(Koordinatoroppdrag.id).where(
            Koordinatoroppdrag.person_id == Person.id).exists(), col(Person.fodselsdato) < DEMODAG)).first()
    assert uten is not None
    svar = asyncio.run(oppnevn_koordinator(person_id=uten, referansedato=DEMODAG))
    assert svar["forslag"] and svar["forslag"][0]["plass"] == 1
    assert all(r["forklaring"] for r in svar["forslag"])
    assert "oppdrag_id" not in svar


def test_innkall_uten_gruppe_innkaller_grupper_uten_planlagt_mote(flytmiljo: Avhengigheter) -> None:
    _demo(flytmiljo, personer=40)
    moter = asyncio.run(innkall_ansvarsgruppe(referansedato=DEMODAG))
    assert isinstance(moter, list)
    igjen = asyncio.run(innkall_ansvarsgruppe(referansedato=DEMODAG))
    assert igjen == [], "grupper med planlagt møte innkalles ikke på nytt"
    with lesing(flytmiljo.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Gruppe).where(
            Gruppe.gruppetype == Gruppetype.KE_GRUPPE)).one() >= 1


def test_flytene_kjorer_under_prefect(flytmiljo: Avhengigheter) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import FlowRunSort

    _demo(flytmiljo, personer=30)
    asyncio.run(daglig_oppfolging(referansedato=DEMODAG))

    async def siste() -> list[str]:
        async with get_client() as klient:
            runs = await klient.read_flow_runs(limit=5, sort=FlowRunSort.START_TIME_DESC)
            return [str(r.state_type.value) for r in runs if r.state_type]

    assert "COMPLETED" in asyncio.run(siste())


@pytest.mark.parametrize("oppgave", ["flyter.utsending:send", "flyter.paminnelser:planlegg",
                                     "flyter.daglig_oppfolging:sveip", "flyter.innkall_ansvarsgruppe:innkall",
                                     "flyter.oppnevn_koordinator:oppnevn", "flyter.behandle_melding:folg_opp"])
def test_oppgaver_med_bivirkninger_caches_ikke_og_prover_igjen(oppgave: str) -> None:
    """Prefect 3 cacher oppgaver etter inndata; en oppgave som sender e-post eller skriver må ikke caches."""
    import importlib

    from prefect.cache_policies import NO_CACHE

    modul, navn = oppgave.split(":")
    prefect_oppgave = getattr(importlib.import_module(modul), navn)
    assert prefect_oppgave.cache_policy is NO_CACHE
    assert prefect_oppgave.retries >= 2


def test_utsending_to_ganger_i_samme_flyt_sender_begge_gangene(flytmiljo: Avhengigheter, smtp_server: object,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Samme oppgave med samme inndata to ganger i én flyt gir to ekte utsendinger, ikke et cachet svar."""
    from prefect import flow

    from flyter.utsending import send
    from modeller import oppsett
    from modeller.db import arbeidsenhet
    from modeller.tjenester.utboks import legg_i_utboks

    monkeypatch.setenv("ENHETEN_SMTP_HOST", smtp_server.vert)  # type: ignore[attr-defined]
    monkeypatch.setenv("ENHETEN_SMTP_PORT", str(smtp_server.port))  # type: ignore[attr-defined]
    monkeypatch.setenv("ENHETEN_SMTP_TLS", "av")
    oppsett.avhengigheter.cache_clear()
    avh = oppsett.avhengigheter()
    initialiser(avh)
    kontekst = {"referanse": "P-TESTTEST", "frist": date(2027, 3, 1), "lenke": "http://localhost:8501/?ref=P-TESTTEST",
                "kommunenavn": "Demo", "ke_navn": "KE", "mottakerrolle": "koordinator"}

    def ny(epost: str) -> None:
        with arbeidsenhet(avh.motor) as okt:
            legg_i_utboks(okt, varseltype="plan_revisjon", mottaker_epost=epost, forfallsdato=date(2027, 3, 1),
                          objekt_type="plan", objekt_id=1, kontekst=kontekst)

    @flow
    def to_ganger() -> list[int]:
        ny("a@kommune.example")
        forste = send(date(2027, 3, 1))["sendt"]
        ny("b@kommune.example")
        return [forste, send(date(2027, 3, 1))["sendt"]]

    assert to_ganger() == [1, 1]
    assert len(smtp_server.meldinger) == 2  # type: ignore[attr-defined]
