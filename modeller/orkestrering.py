"""Prefect-adapter for driftsstatusen: leser utrullinger og flytkjøringer fra Prefect-API-et, bare lesing.

Adressen er den som gis inn; `standard_adresse` bruker PREFECT_API_URL (miljøet, så Prefects profil i
PREFECT_HOME) og ellers serveren `enheten start` starter på 127.0.0.1:<prefect_port>. Klienten kommer fra
`prefect.client.orchestration.get_client` med adressen satt eksplisitt, så den flyktige serveren aldri startes
herfra. Svarer ikke serveren, heves `IkkeTilgjengelig` med en kort norsk tekst (ingen tilbakesporing).
Alle tidspunkter gis videre som vanlige `datetime` i UTC.
"""

import asyncio
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from prefect.client.orchestration import PrefectClient
    from prefect.client.schemas.objects import DeploymentSchedule, FlowRun
    from prefect.client.schemas.responses import DeploymentResponse

TIDSAVBRUDD = 5.0


class IkkeTilgjengelig(RuntimeError):
    """Prefect-serveren svarer ikke (meldingen er norsk og uten tilbakesporing)."""


@dataclass(frozen=True)
class Kjoring:
    """Én flytkjøring: planlagt start, slutt, tilstandens navn og type («Failed», «FAILED») og meldingen."""

    planlagt: datetime | None
    slutt: datetime | None
    tilstand: str
    tilstandstype: str
    melding: str | None


@dataclass(frozen=True)
class Utrullingsdata:
    """Én utrulling med tidsplanene som tekst og siste, siste vellykkede og neste kjøring."""

    flyt: str
    navn: str
    tidsplaner: tuple[str, ...]
    har_aktiv_tidsplan: bool
    pauset: bool
    endret: datetime | None
    siste: Kjoring | None
    siste_vellykkede: Kjoring | None
    neste: Kjoring | None


@dataclass(frozen=True)
class Prefectbilde:
    """Det Prefect vet: alle utrullinger og siste fullførte kjøring av én bestemt flyt (uansett utrulling)."""

    utrullinger: tuple[Utrullingsdata, ...]
    siste_fullforte: Kjoring | None


class Orkestrering(Protocol):
    """Leser driftsbildet fra orkestreringen; hever `IkkeTilgjengelig` når den ikke svarer."""

    @property
    def adresse(self) -> str: ...

    async def les(self, *, na: datetime, flyt: str) -> Prefectbilde: ...


def standard_adresse(prefect_port: int) -> str:
    """PREFECT_API_URL fra miljøet eller Prefects profil, ellers den lokale serveren til `enheten start`."""
    if url := os.environ.get("PREFECT_API_URL"):
        return url
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or f"http://127.0.0.1:{prefect_port}/api"


def _utc(verdi: datetime | None) -> datetime | None:
    """Prefects datotype som vanlig datetime i UTC."""
    return None if verdi is None else datetime.fromtimestamp(verdi.timestamp(), UTC)


def _kjoring(run: "FlowRun | None") -> Kjoring | None:
    if run is None or run.state is None:
        return None
    return Kjoring(planlagt=_utc(run.expected_start_time), slutt=_utc(run.end_time), tilstand=run.state.name or "",
                   tilstandstype=run.state.type.value, melding=run.state.message or None)


def _tidsplantekst(plan: "DeploymentSchedule") -> str:
    s: Any = plan.schedule
    if getattr(s, "cron", None):
        tekst = f"cron {s.cron}"
    elif getattr(s, "interval", None) is not None:
        tekst = f"hvert {int(s.interval.total_seconds())}. sekund"
    else:
        tekst = f"rrule {getattr(s, 'rrule', '?')}"
    if getattr(s, "timezone", None):
        tekst += f" ({s.timezone})"
    return tekst if plan.active else f"{tekst} (av)"


class PrefectOrkestrering:
    """`Orkestrering` mot et ekte Prefect-API med `get_client` (async)."""

    def __init__(self, adresse: str, *, tidsavbrudd: float = TIDSAVBRUDD) -> None:
        """`adresse` er API-adressen (…/api)."""
        self._adresse = adresse.rstrip("/")
        self._tidsavbrudd = tidsavbrudd

    @property
    def adresse(self) -> str:
        """API-adressen som leses."""
        return self._adresse

    async def les(self, *, na: datetime, flyt: str) -> Prefectbilde:
        """Alle utrullinger med kjøringene sine, og siste fullførte kjøring av flyten `flyt`."""
        import httpx
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings

        # Ett nytt forsøk ved 503 (SQLite-lås i serveren), ellers feil fort: statusen skal svare raskt.
        with temporary_settings(updates={PREFECT_API_URL: self._adresse, PREFECT_CLIENT_MAX_RETRIES: 1}):
            try:
                async with get_client(httpx_settings={"timeout": self._tidsavbrudd}) as klient:
                    if (feil := await klient.api_healthcheck()) is not None:
                        raise IkkeTilgjengelig(self._ikke_svar(feil))
                    return await self._les(klient, na, flyt)
            except httpx.HTTPStatusError as feil:
                kode = feil.response.status_code
                raise IkkeTilgjengelig(f"Prefect-serveren på {self._adresse} svarte med feil (HTTP {kode}).") from None
            except httpx.HTTPError as feil:
                raise IkkeTilgjengelig(self._ikke_svar(feil)) from None

    def _ikke_svar(self, feil: BaseException) -> str:
        return f"Ingen svar fra {self._adresse} ({type(feil).__name__})."

    async def _les(self, klient: "PrefectClient", na: datetime, flyt: str) -> Prefectbilde:
        from prefect.client.schemas.filters import FlowFilter, FlowFilterId, FlowFilterName
        from prefect.client.schemas.objects import Flow
        from prefect.client.schemas.responses import DeploymentResponse

        utrullinger = DeploymentResponse.model_validate_list(
            await _finn(klient, "/deployments/filter", sort="NAME_ASC", limit=200))
        flyt_ider = list({u.flow_id for u in utrullinger})
        flyter = Flow.model_validate_list(await _finn(
            klient, "/flows/filter", flows=_json(FlowFilter(id=FlowFilterId(any_=flyt_ider))), limit=200)
        ) if flyt_ider else []
        navn = {f.id: f.name for f in flyter}
        data = await asyncio.gather(*(self._utrulling(klient, u, navn.get(u.flow_id, "?"), na) for u in utrullinger))
        fullfort = await _en(klient, _filter(tilstand="COMPLETED"), "END_TIME_DESC",
                             flows=_json(FlowFilter(name=FlowFilterName(any_=[flyt]))))
        return Prefectbilde(utrullinger=tuple(sorted(data, key=lambda d: (d.flyt, d.navn))),
                            siste_fullforte=_kjoring(fullfort))

    async def _utrulling(self, klient: "PrefectClient", u: "DeploymentResponse", flyt: str,
                         na: datetime) -> Utrullingsdata:
        siste, vellykket, neste = await asyncio.gather(
            _en(klient, _filter(u.id, for_=na), "EXPECTED_START_TIME_DESC"),
            _en(klient, _filter(u.id, tilstand="COMPLETED"), "END_TIME_DESC"),
            _en(klient, _filter(u.id, etter=na, tilstand="SCHEDULED"), "EXPECTED_START_TIME_ASC"),
        )
        return Utrullingsdata(
            flyt=flyt, navn=u.name, tidsplaner=tuple(_tidsplantekst(p) for p in u.schedules),
            har_aktiv_tidsplan=any(p.active for p in u.schedules), pauset=bool(u.paused), endret=_utc(u.updated),
            siste=_kjoring(siste), siste_vellykkede=_kjoring(vellykket), neste=_kjoring(neste),
        )


def _json(filter_: Any) -> dict[str, Any]:
    """Et filter som JSON, bare med feltene som er satt."""
    return dict(filter_.model_dump(mode="json", exclude_unset=True))


async def _finn(klient: "PrefectClient", sti: Any, **kropp: Any) -> Any:
    """POST til et «/filter»-endepunkt med bare filtrene som er gitt.

    Klientens read_flows/read_flow_runs sender «null» for filtre som ikke er gitt; Prefect 3.8.8-serveren avviser
    det med 422 under FastAPI 0.154 (og et tomt filter ville bety «har minst én kjøring»). Derfor sendes kroppen
    her selv, gjennom klienten fra `get_client` (samme adresse, tidsavbrudd og nye forsøk).
    """
    svar = await klient.request("POST", sti, json=kropp)
    svar.raise_for_status()
    return svar.json()


def _filter(utrulling: Any = None, *, for_: datetime | None = None, etter: datetime | None = None,
            tilstand: str | None = None) -> dict[str, Any]:
    """Kjøringer av én utrulling, planlagt før/etter et tidspunkt og i én tilstandstype (det som er gitt), som JSON."""
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    felt: dict[str, Any] = {}
    if utrulling is not None:
        felt["deployment_id"] = FlowRunFilterDeploymentId(any_=[utrulling])
    if for_ or etter:
        tid: Any = {"before_": for_} if for_ else {"after_": etter}  # Prefect gjør datetime om til sin egen type
        felt["expected_start_time"] = FlowRunFilterExpectedStartTime(**tid)
    if tilstand:
        felt["state"] = FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType(tilstand)]))
    return _json(FlowRunFilter(**felt))


async def _en(klient: "PrefectClient", filter_: dict[str, Any], sortering: str, **andre: Any) -> "FlowRun | None":
    """Første kjøring som passer filteret i sorteringsrekkefølgen."""
    from prefect.client.schemas.objects import FlowRun

    kjoringer = FlowRun.model_validate_list(await _finn(klient, "/flow_runs/filter", flow_runs=filter_, sort=sortering,
                                                        limit=1, **andre))
    return kjoringer[0] if kjoringer else None
