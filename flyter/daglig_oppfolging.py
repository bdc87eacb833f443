"""Flyt: den daglige oppfølgingen som lager oppgavene som forfaller (foreløpig svar, revurdering, …)."""

from dataclasses import asdict
from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, referansedag
from modeller.tjenester import oppfolging


@task(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)
def sveip(referansedato: date) -> dict[str, int]:
    """Kjør oppfølgingssveipet for én dato (idempotent, så et nytt forsøk er trygt)."""
    return dict(asdict(oppfolging.daglig_oppfolging(avh(), referansedato=referansedato)))


@flow(name="daglig_oppfolging")
async def daglig_oppfolging(referansedato: date | None = None) -> dict[str, int]:
    """Lag dagens oppgaver; `referansedato` gjør at enhver dag kan kjøres om igjen."""
    return sveip(referansedag(referansedato))


UTRULLING = Utrulling(daglig_oppfolging, "daglig", cron="0 6 * * *",
                      beskrivelse="Hver morgen kl. 06 (Europe/Oslo): oppgaver som forfaller.")
