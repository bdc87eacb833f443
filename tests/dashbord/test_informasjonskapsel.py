"""Rutene som setter og sletter øktens informasjonskapsel (HttpOnly), mot en ekte database og Starlette i prosess."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette

from dashbord.informasjonskapsel import NAVN, ruter
from modeller.oppsett import Avhengigheter
from modeller.tjenester import okt
from tests.dashbord.verden import Verden

EGEN = {"Origin": "http://testserver"}


def _klient(base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=Starlette(routes=ruter())), base_url=base_url)


@pytest.fixture
async def klient(avh: Avhengigheter) -> AsyncIterator[httpx.AsyncClient]:
    async with _klient() as k:
        yield k


def _kode(avh: Avhengigheter, bruker_id: int) -> tuple[str, str]:
    return okt.start_okt(avh, bruker_id, metode="lokal", na=datetime.now(UTC))


async def test_engangskoden_gir_en_httponly_kapsel_en_gang(verden: Verden, avh: Avhengigheter,
                                                          klient: httpx.AsyncClient) -> None:
    okt_id, kode = _kode(avh, verden.koordinator)
    svar = await klient.post("/okt/apne", content=kode, headers=EGEN)
    assert svar.status_code == 204
    kapsel = svar.headers["set-cookie"]
    assert kapsel.startswith(f"{NAVN}=")
    assert "; Path=/; HttpOnly; SameSite=Strict" in kapsel
    assert "Secure" not in kapsel and "Max-Age" not in kapsel and "Expires" not in kapsel
    assert svar.headers["cache-control"] == "no-store"
    token = kapsel.split(";")[0].split("=", 1)[1]
    hentet = okt.gjenopprett_okt(avh, token, datetime.now(UTC))
    assert isinstance(hentet, okt.Okt) and hentet.okt_id == okt_id

    igjen = await klient.post("/okt/apne", content=kode, headers=EGEN)
    assert igjen.status_code == 400 and "set-cookie" not in igjen.headers


async def test_annet_opphav_avvises_uten_aa_bruke_koden(verden: Verden, avh: Avhengigheter,
                                                       klient: httpx.AsyncClient) -> None:
    _, kode = _kode(avh, verden.koordinator)
    for hode in ({"Origin": "http://angriper.example"}, {}):
        svar = await klient.post("/okt/apne", content=kode, headers=hode)
        assert svar.status_code == 403 and "set-cookie" not in svar.headers
    assert (await klient.post("/okt/apne", content=kode, headers=EGEN)).status_code == 204


async def test_for_stor_eller_tom_kropp_avvises(verden: Verden, klient: httpx.AsyncClient) -> None:
    assert (await klient.post("/okt/apne", content="x" * 1000, headers=EGEN)).status_code == 400
    assert (await klient.post("/okt/apne", content="", headers=EGEN)).status_code == 400


async def test_secure_over_https(verden: Verden, avh: Avhengigheter) -> None:
    _, kode = _kode(avh, verden.leder)
    async with _klient("https://testserver") as k:
        svar = await k.post("/okt/apne", content=kode, headers={"Origin": "https://testserver"})
    assert svar.status_code == 204 and svar.headers["set-cookie"].endswith("; Secure")


async def test_lukk_sletter_bare_kapselen_til_en_avsluttet_okt(verden: Verden, avh: Avhengigheter,
                                                          klient: httpx.AsyncClient) -> None:
    okt_id, kode = _kode(avh, verden.koordinator)
    assert (await klient.post("/okt/apne", content=kode, headers=EGEN)).status_code == 204
    assert NAVN in klient.cookies

    gyldig = await klient.post("/okt/lukk", headers=EGEN)
    assert gyldig.status_code == 204 and "set-cookie" not in gyldig.headers, "en gyldig økt røres ikke"
    assert (await klient.post("/okt/lukk", headers={"Origin": "http://angriper.example"})).status_code == 403

    okt.avslutt_okt(avh, okt_id, "utlogget", datetime.now(UTC))
    svar = await klient.post("/okt/lukk", headers=EGEN)
    assert svar.status_code == 204 and "Max-Age=0" in svar.headers["set-cookie"]
    assert NAVN not in klient.cookies
