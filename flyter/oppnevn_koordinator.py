"""Flyt: foreslå og oppnevn koordinator eller barnekoordinator for en person."""

from dataclasses import asdict
from datetime import date
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flyter.felles import Utrulling, avh, na_utc, referansedag
from modeller.regler.begreper import Koordinatorrolle
from modeller.tjenester import koordinator
from modeller.tjenester.tilgang import SYSTEM


@task(cache_policy=NO_CACHE)
def foresla(person_id: int, referansedato: date, onsket_tjenesteyter_id: int | None) -> list[dict[str, Any]]:
    """Ranger kandidatene og forklar rangeringen (skrives ikke til databasen)."""
    rangert = koordinator.foresla_koordinator(avh(), SYSTEM, person_id, idag=referansedato,
                                              onsket_tjenesteyter_id=onsket_tjenesteyter_id)
    return [{"tjenesteyter_id": r.kandidat.id, "plass": r.plass, "forklaring": list(r.forklaring)} for r in rangert]


@task(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=5), cache_policy=NO_CACHE)
def oppnevn(skjema: dict[str, Any], referansedato: date) -> int:
    """Oppnevn (én transaksjon; varselet til koordinatoren legges i utboksen samtidig)."""
    oppdrag = koordinator.oppnevn_koordinator(avh(), SYSTEM, koordinator.NyKoordinator(**skjema),
                                              idag=referansedato, na=na_utc())
    assert oppdrag.id is not None
    return oppdrag.id


@flow(name="oppnevn_koordinator")
async def oppnevn_koordinator(person_id: int, tjenesteyter_id: int | None = None, rolle: str = "koordinator",
                              onsket_tjenesteyter_id: int | None = None, begrunnelse: str = "",
                              referansedato: date | None = None) -> dict[str, Any]:
    """Uten valgt tjenesteyter: gi rangert forslag. Med: oppnevn, med begrunnelse når valget avviker."""
    dag = referansedag(referansedato)
    forslag = foresla(person_id, dag, onsket_tjenesteyter_id)
    if tjenesteyter_id is None:
        return {"forslag": forslag}
    skjema = asdict(koordinator.NyKoordinator(
        person_id=person_id, tjenesteyter_id=tjenesteyter_id, rolle=Koordinatorrolle(rolle),
        onsket_tjenesteyter_id=onsket_tjenesteyter_id, begrunnelse=begrunnelse))
    return {"forslag": forslag, "oppdrag_id": oppnevn(skjema, dag)}


UTRULLING = Utrulling(oppnevn_koordinator, "ved-behov",
                      beskrivelse="Startes ved behov (fra dashbordet eller kommandolinjen) for én person.")
