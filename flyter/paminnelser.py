"""Flyt: planlegg påminnelser (legg dagens e-poster i utboksen)."""

from dataclasses import asdict
from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, referansedag
from modeller.tjenester import paminnelser


@task(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)
def planlegg(referansedato: date) -> dict[str, int]:
    """Legg påminnelsene for datoen i utboksen (idempotent)."""
    return dict(asdict(paminnelser.planlegg_paminnelser(avh(), referansedato=referansedato)))


@flow(name="paminnelser")
async def planlegg_paminnelser(referansedato: date | None = None) -> dict[str, int]:
    """Planlegg dagens påminnelser; `referansedato` gjør at enhver dag kan kjøres om igjen."""
    return planlegg(referansedag(referansedato))


UTRULLING = Utrulling(planlegg_paminnelser, "daglig", cron="30 6 * * *",
                      beskrivelse="Hver morgen kl. 06.30 (Europe/Oslo): påminnelser i utboksen.")
