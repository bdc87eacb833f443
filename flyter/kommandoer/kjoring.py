"""`enheten kjor FLYT [--dato D]`: kjør en flyt én gang gjennom Prefect."""

import asyncio
import inspect
import json
import os
import urllib.request

import typer

from flyter.kommandoer.felles import dato as les_dato
from flyter.kommandoer.felles import feil, skriv_json


def lokal_prefect_url() -> str | None:
    """API-adressen til en lokal Prefect-server startet av `enheten start`, om den svarer."""
    port = os.environ.get("ENHETEN_PREFECT_PORT", "4200")
    url = f"http://127.0.0.1:{port}/api"
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=1) as svar:  # noqa: S310 - lokal adresse
            return url if svar.status == 200 else None
    except OSError:
        return None


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
        if "PREFECT_API_URL" not in os.environ:
            lokal = lokal_prefect_url()
            if lokal:
                os.environ["PREFECT_API_URL"] = lokal
            else:
                os.environ["PREFECT_SERVER_EPHEMERAL_ENABLED"] = "true"
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
