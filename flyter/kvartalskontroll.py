"""Flyt: kvartalskontrollen for kvartalet som nettopp er avsluttet, lagret og meldt til lederne (lovkrav K28)."""

from datetime import date, datetime, time
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, na_utc, referansedag
from modeller.kalender import lokalt_tidspunkt
from modeller.regler.nokkeltall import avsluttet_kvartal
from modeller.tjenester.leder import kvartalskontroll as leder_kvartalskontroll


@task(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)
def lag_kvartalsrapport(ar: int, kvartal: int, na: datetime) -> dict[str, Any]:
    """Lag (eller hent) øyeblikksbildet for kvartalet; et nytt forsøk gir samme bilde og ingen ny e-post."""
    return leder_kvartalskontroll(avh(), ar=ar, kvartal=kvartal, na=na).til_json()


@flow(name="kvartalskontroll")
async def kvartalskontroll(ar: int | None = None, kvartal: int | None = None,
                           referansedato: date | None = None) -> dict[str, Any]:
    """Kontroller kvartalet `ar`/`kvartal`; uten dem kvartalet som sist ble avsluttet før referansedatoen.

    Med `referansedato` regnes «nå» som kl. 07 den dagen (Oslo), så en kjøring kan gjentas for enhver dato.
    """
    if (ar is None) != (kvartal is None):
        raise ValueError("Oppgi både år og kvartal, eller ingen av dem.")
    idag = referansedag(referansedato)
    if ar is None or kvartal is None:
        forrige = avsluttet_kvartal(idag)
        ar, kvartal = forrige.ar, forrige.kvartal or 4
    na = lokalt_tidspunkt(idag, time(7)) if referansedato else na_utc()
    return lag_kvartalsrapport(ar, kvartal, na)


UTRULLING = Utrulling(kvartalskontroll, "kvartalskontroll", cron="0 7 1 1,4,7,10 *",
                      beskrivelse="Kl. 07 (Europe/Oslo) første dag i hvert kvartal: kontroll av forrige kvartal.")
