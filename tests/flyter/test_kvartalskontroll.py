"""Flyten `kvartalskontroll` under Prefect (ekte testserver) mot ekte database."""

import asyncio
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from flyter.kvartalskontroll import kvartalskontroll
from flyter.register import utrullinger
from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Rapport, Varsel
from tests.modeller.test_leder_verden import LEDER_EPOST, bygg_kvartalsverden, bygg_moter


def _antall(avh: Avhengigheter, modell: type) -> int:
    with lesing(avh.motor) as okt:
        return int(okt.exec(select(func.count()).select_from(modell)).one())


def test_uten_argumenter_kontrolleres_kvartalet_som_nettopp_ble_avsluttet(flytmiljo: Avhengigheter) -> None:
    bygg_kvartalsverden(flytmiljo.motor)
    rapport = asyncio.run(kvartalskontroll(referansedato=date(2027, 4, 1)))
    assert (rapport["periode"], rapport["dato"], rapport["ferdig"], rapport["avvik"], rapport["brudd"]) == (
        "2027-K1", "2027-03-31", True, 9, 6)
    assert all("saker" not in f for f in rapport["funn"])
    with lesing(flytmiljo.motor) as okt:
        assert okt.exec(select(Rapport.periode)).all() == ["2027-K1"]
        assert okt.exec(select(Varsel.mottaker_epost, Varsel.varseltype)).all() == [(LEDER_EPOST, "kvartalsrapport")]
    igjen = asyncio.run(kvartalskontroll(ar=2027, kvartal=1, referansedato=date(2027, 4, 3)))
    assert igjen == rapport, "øyeblikksbildet gis tilbake uendret"
    assert (_antall(flytmiljo, Rapport), _antall(flytmiljo, Varsel)) == (1, 1)


def test_nyttar_gir_fjerde_kvartal_i_fjor(flytmiljo: Avhengigheter) -> None:
    bygg_moter(flytmiljo.motor, ke=[date(2026, 2, 10), date(2026, 5, 12), date(2026, 9, 8)])
    rapport = asyncio.run(kvartalskontroll(referansedato=date(2027, 1, 1)))
    ke = rapport["funn"][0]
    assert (rapport["periode"], ke["kode"], ke["status"], ke["antall"]) == ("2026-K4", "ke_gruppe", "brudd", 3)


def test_bare_ar_uten_kvartal_avvises(flytmiljo: Avhengigheter) -> None:
    with pytest.raises(ValueError, match="både år og kvartal"):
        asyncio.run(kvartalskontroll(ar=2027, referansedato=date(2027, 4, 1)))


def test_utrullingen_kjorer_forste_dag_i_hvert_kvartal() -> None:
    utrulling = utrullinger()["kvartalskontroll"]
    assert (utrulling.navn, utrulling.cron, utrulling.flyt.name) == (
        "kvartalskontroll", "0 7 1 1,4,7,10 *", "kvartalskontroll")
    deployment = utrulling.til_deployment()
    assert [s.schedule.timezone for s in deployment.schedules] == ["Europe/Oslo"]
