"""Synkrone innganger til asynkron kode (kommandolinjen, dashbordet og synkrone Prefect-oppgaver)."""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def kjor_synkront(korutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, eller i en egen tråd med egen løkke når denne tråden allerede har en kjørende løkke."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(korutine)
    with ThreadPoolExecutor(max_workers=1) as utforer:
        return utforer.submit(asyncio.run, korutine).result()
