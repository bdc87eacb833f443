"""Serverer alle deployments mot Prefect-serveren i PREFECT_API_URL (startes av `enheten start`)."""

from typing import Any

from flyter.register import utrullinger
from modeller.innstillinger import Innstillinger


def deployments(innst: Innstillinger) -> list[Any]:
    """Alle deployments, med kommunens egne tidsplaner (ENHETEN_TIDSPLANER) der de er satt."""
    alle = utrullinger()
    ukjente = sorted(set(innst.tidsplaner) - set(alle))
    if ukjente:
        raise SystemExit(f"Feil: ENHETEN_TIDSPLANER nevner ukjente flyter: {', '.join(ukjente)}. "
                         f"Kjente flyter: {', '.join(sorted(alle))}.")
    return [u.til_deployment(innst.tidsplaner.get(navn)) for navn, u in alle.items()]


def main() -> None:
    """Server alle flytene med tidsplanene sine til prosessen stoppes."""
    from prefect import serve

    serve(*deployments(Innstillinger()), print_starting_message=False, limit=4)


if __name__ == "__main__":
    main()
