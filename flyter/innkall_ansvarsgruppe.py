"""Flyt: innkall møteserier (ansvarsgrupper, KE-gruppen, samhandlingsforum) etter kadensen deres."""

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, na_utc, referansedag
from modeller.tjenester import mote
from modeller.tjenester.feil import ManglerSamtykke, Valideringsfeil
from modeller.tjenester.motekalender import grupper_uten_planlagt_mote
from modeller.tjenester.tilgang import SYSTEM


@task(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)
def innkall(gruppe_id: int, referansedato: date, onsket_dato: date | None) -> int | None:
    """Innkall én gruppe; gir møtets id, eller None når den ikke kan innkalles (grunnen logges uten persondata)."""
    try:
        return mote.innkall_ansvarsgruppe(avh(), SYSTEM, gruppe_id, idag=referansedato, na=na_utc(),
                                          onsket_dato=onsket_dato).id
    except (ManglerSamtykke, Valideringsfeil) as feil:
        get_run_logger().warning("Gruppe %s ble ikke innkalt: %s", gruppe_id, type(feil).__name__)
        return None


@flow(name="innkall_ansvarsgruppe")
async def innkall_ansvarsgruppe(gruppe_id: int | None = None, onsket_dato: date | None = None,
                                referansedato: date | None = None) -> list[int]:
    """Innkall én gruppe, eller (uten gruppe) alle aktive grupper som ikke har et planlagt møte."""
    dag = referansedag(referansedato)
    grupper = [gruppe_id] if gruppe_id else grupper_uten_planlagt_mote(avh(), na=na_utc())
    return [m for g in grupper if (m := innkall(g, dag, onsket_dato)) is not None]


UTRULLING = Utrulling(innkall_ansvarsgruppe, "ukentlig", cron="0 7 * * 1",
                      beskrivelse="Mandager kl. 07 (Europe/Oslo): innkall grupper uten planlagt møte.")
