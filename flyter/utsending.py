"""Flyt: send e-postene som er klare i utboksen (aiosmtplib, én tilkobling per parti)."""

import os
from dataclasses import asdict
from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, na_utc
from modeller.tjenester import utsending


@task(retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=10), cache_policy=NO_CACHE)
def send(til_dato: date | None) -> dict[str, int]:
    """Send det som er klart; mislykte rader får ny tid i utboksen, så et nytt forsøk er trygt."""
    a = avh()
    postsender = utsending.lag_postsender(a.innstillinger)
    arbeider = f"{os.uname().nodename}:{os.getpid()}"
    # Klokka (ikke ett tidspunkt) sendes med: hvert parti får sin lease fra veggklokka når partiet tas.
    return dict(asdict(utsending.send_varsler(a, postsender, klokke=na_utc, til_dato=til_dato, arbeider=arbeider)))


@flow(name="utsending")
async def send_varsler(referansedato: date | None = None) -> dict[str, int]:
    """Send det som er klart nå, eller (med dato, for omkjøring og demo) alt som forfaller til og med datoen."""
    return send(referansedato)


UTRULLING = Utrulling(send_varsler, "hvert-femte-minutt", cron="*/5 7-17 * * 1-5",
                      beskrivelse="Hvert femte minutt i arbeidstiden (Europe/Oslo).")
