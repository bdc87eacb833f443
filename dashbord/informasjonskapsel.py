"""Informasjonskapselen som bærer øktens token: satt og slettet av tjeneren som HttpOnly, aldri lesbar for JavaScript.

Streamlit sender alt etter sideinnlastingen over én websocket, og den kan ikke sette informasjonskapsler. Derfor
har dashbordet to små HTTP-ruter ved siden av Streamlit (`st.App`, se app.py):

* `POST /okt/apne` tar imot engangskoden fra innloggingen og svarer med `Set-Cookie` for et nytt token:
  `HttpOnly; SameSite=Strict; Path=/` (eller `server.baseUrlPath`), og `Secure` når forespørselen eller
  `dashbord_url` er https. Tokenet lages først her, etter autentiseringen, og finnes bare i svaret, i nettleserens
  kapsellager og som hash i databasen.
* `POST /okt/lukk` sletter informasjonskapselen når den peker til en økt som er avsluttet (en gyldig økt røres ikke).

Avveiningen: et lite skript på siden sender engangskoden (`st.html` med JavaScript). Koden er synlig for skript på
siden til den er løst inn, men den kan brukes én gang, bare i to minutter og bare fra dashbordets eget opphav;
tokenet som faktisk bærer økten, kan JavaScript aldri lese. Begge rutene avviser forespørsler fra et annet opphav
(`Origin` må være dashbordets egen vert). Kapselen har ingen `Max-Age`: den forsvinner når nettleseren lukkes
(trygt på delte PC-er), og tjeneren avgjør uansett om økten gjelder. Appen leser tokenet tilbake fra
`st.context.cookies` (websocketens håndtrykk sender den med, også etter en lenke fra en annen side).
"""

import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from modeller import oppsett
from modeller.tjenester import okt

NAVN = "enheten_okt"
_MAKS_KROPP = 200


def _base() -> str:
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def sti(navn: str) -> str:
    """Adressen til en av rutene (`apne` eller `lukk`), med `server.baseUrlPath` foran."""
    return f"{_base()}/okt/{navn}"


def ruter() -> list[Route]:
    """Rutene som setter og sletter informasjonskapselen (monteres av `st.App` i app.py)."""
    return [Route(sti("apne"), _apne, methods=["POST"]), Route(sti("lukk"), _lukk, methods=["POST"])]


def les_token() -> str | None:
    """Tokenet nettleseren sendte da fanen koblet til, eller None."""
    verdi = st.context.cookies.get(NAVN)
    return verdi if isinstance(verdi, str) and verdi else None


def send_kode(kode: str) -> None:
    """Legg inn skriptet som løser inn engangskoden, så nettleseren får informasjonskapselen."""
    _skript(sti("apne"), kode)


def slett_avsluttet() -> None:
    """Legg inn skriptet som ber tjeneren slette informasjonskapselen hvis økten den peker til, er avsluttet."""
    _skript(sti("lukk"), "")


def _skript(adresse: str, kropp: str) -> None:
    kall = (f"fetch({json.dumps(adresse)},{{method:'POST',credentials:'same-origin',cache:'no-store',"
            f"headers:{{'Content-Type':'text/plain'}},body:{json.dumps(kropp)}}}).catch(()=>{{}});")
    # Verdiene er base64url eller en fast sti; `<` skrives likevel som escape, så ingenting kan avslutte taggen.
    st.html("<script>" + kall.replace("<", "\\u003c") + "</script>", unsafe_allow_javascript=True)


def _samme_opphav(request: Request) -> bool:
    opphav, vert = request.headers.get("origin"), request.headers.get("host")
    return bool(opphav and vert) and urlsplit(opphav).netloc == vert


def _https(request: Request) -> bool:
    return request.url.scheme == "https" or oppsett.avhengigheter().innstillinger.dashbord_url.startswith("https:")


def _kapsel(verdi: str, request: Request, *, slett: bool = False) -> str:
    deler = [f"{NAVN}={verdi}", f"Path={_base() or '/'}", "HttpOnly", "SameSite=Strict"]
    if slett:
        deler.append("Max-Age=0")
    if _https(request):
        deler.append("Secure")
    return "; ".join(deler)


def _svar(status: int, kapsel: str | None = None) -> Response:
    svar = Response(status_code=status, headers={"Cache-Control": "no-store"})
    if kapsel:
        svar.headers.append("Set-Cookie", kapsel)
    return svar


async def _kropp(request: Request) -> str | None:
    """Forespørselens korte tekst, eller None når den er lengre enn en engangskode kan være (leses aldri helt inn)."""
    kropp = b""
    async for bit in request.stream():
        kropp += bit
        if len(kropp) > _MAKS_KROPP:
            return None
    return kropp.decode("ascii", errors="ignore").strip()


async def _apne(request: Request) -> Response:
    if not _samme_opphav(request):
        return _svar(403)
    kode = await _kropp(request)
    if not kode:
        return _svar(400)
    token = await run_in_threadpool(okt.bind_token, oppsett.avhengigheter(), kode, datetime.now(UTC))
    return _svar(204, _kapsel(token, request)) if token else _svar(400)


async def _lukk(request: Request) -> Response:
    if not _samme_opphav(request):
        return _svar(403)
    token = request.cookies.get(NAVN)
    if not token or await run_in_threadpool(okt.token_gjelder, oppsett.avhengigheter(), token):
        return _svar(204)
    return _svar(204, _kapsel("", request, slett=True))
