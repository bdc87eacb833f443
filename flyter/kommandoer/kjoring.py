"""`enheten kjor FLYT [--dato D]`: kjør en flyt én gang gjennom Prefect."""

import asyncio
import inspect
import json
import os

import typer

from flyter.kommandoer.felles import dato as les_dato
from flyter.kommandoer.felles import feil, skriv_json
from flyter.kommandoer.prefect_server import var_server
from modeller.innstillinger import Innstillinger
from modeller.oppsett import database_mangler

# En flyktig Prefect-server bruker om lag 15 s på å starte på en ledig maskin med 2 kjerner; under last mye mer.
FLYKTIG_OPPSTARTSTID = "180"


def velg_prefect_server(innst: Innstillinger) -> None:
    """Bruk hovedjobbens egen Prefect-server når den kjører for datamappen, ellers en flyktig server."""
    if "PREFECT_API_URL" in os.environ:
        return
    egen = var_server(innst)
    if egen:
        os.environ["PREFECT_API_URL"] = egen
        return
    os.environ["PREFECT_SERVER_EPHEMERAL_ENABLED"] = "true"
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", FLYKTIG_OPPSTARTSTID)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _parametre(par: list[str]) -> dict[str, object]:
    verdier: dict[str, object] = {}
    for p in par:
        navn, skille, tekst = p.partition("=")
        if not skille:
            feil(f"--param: «{p}» må ha formen navn=verdi.", 2)
        try:
            verdier[navn] = json.loads(tekst)
        except json.JSONDecodeError:
            verdier[navn] = tekst
    return verdier


def registrer(app: typer.Typer) -> None:
    """Legg kommandoen til appen."""

    @app.command()
    def kjor(
        flyt: str = typer.Argument(..., help="Flytens navn, f.eks. daglig_oppfolging, paminnelser, utsending."),
        dato: str | None = typer.Option(None, "--dato", help="Referansedato (ÅÅÅÅ-MM-DD) for omkjøring."),
        param: list[str] = typer.Option([], "--param", help="Ekstra parameter navn=verdi (JSON-verdi)."),
    ) -> None:
        """Kjør en flyt én gang gjennom Prefect (mot `enheten start` sin server om den kjører)."""
        innst = Innstillinger()
        mangler = database_mangler(innst)
        if mangler:
            feil(mangler)
        velg_prefect_server(innst)
        from flyter.register import utrullinger

        alle = utrullinger()
        if flyt not in alle:
            feil(f"Ukjent flyt «{flyt}». Kjente flyter: {', '.join(sorted(alle))}.", 2)
        parametre = _parametre(param)
        referansedato = les_dato(dato)
        funksjon = alle[flyt].flyt
        if referansedato is not None:
            parametre["referansedato"] = referansedato
        resultat = funksjon(**parametre)
        if inspect.isawaitable(resultat):
            resultat = asyncio.run(resultat)  # type: ignore[arg-type]
        skriv_json(resultat)
