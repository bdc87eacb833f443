"""Flyt: ta imot en registrert melding og legg riktig neste steg i køen (samtykke først, så vurdering)."""

from dataclasses import asdict
from datetime import date
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, referansedag
from modeller.tjenester import melding


@task(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)
def folg_opp(melding_id: int, referansedato: date) -> dict[str, Any]:
    """Neste steg for meldingens sak (idempotent, så et nytt forsøk er trygt)."""
    return asdict(melding.behandle_melding(avh(), melding_id, idag=referansedato))


@flow(name="behandle_melding")
async def behandle_melding(melding_id: int, referansedato: date | None = None) -> dict[str, Any]:
    """Startes når en melding er registrert (dashbord, import eller integrasjon); parametrene har ingen persondata."""
    return folg_opp(melding_id, referansedag(referansedato))


UTRULLING = Utrulling(behandle_melding, "ved-behov",
                      beskrivelse="Startes for hver ny melding (bare meldingens id som parameter).")
