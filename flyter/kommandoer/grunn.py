"""`enheten init`, `enheten demo` og `enheten importer`."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from flyter.felles import referansedag
from flyter.kommandoer.felles import aktor, feil, hent_avh, norske_feil, skriv_json
from modeller.db import arbeidsenhet
from modeller.migrering import oppgrader
from modeller.oppsett import Avhengigheter

if TYPE_CHECKING:
    from modeller.demo import Demoresultat


def initialiser(avh: Avhengigheter) -> None:
    """Opprett eller oppgrader databasen og sørg for tjenestekatalogen."""
    from modeller.katalog import sikre_katalog

    oppgrader(avh.innstillinger.database)
    with arbeidsenhet(avh.motor) as okt:
        sikre_katalog(okt)


def lag_demokommune(avh: Avhengigheter, *, personer: int, seed: int, idag: date) -> "Demoresultat":
    """Merk datamappen som demo, lag demokommunen og fyll køen og utboksen for dagen."""
    from modeller.demo import lag_demo
    from modeller.tjenester.oppfolging import daglig_oppfolging
    from modeller.tjenester.paminnelser import planlegg_paminnelser

    innst = avh.innstillinger
    if not (innst.demo or innst.tillat_syntetiske_identer):
        innst.demomerke.write_text("Denne datamappen inneholder en syntetisk demokommune.\n", encoding="utf-8")
        innst.demo = True
        avh.regelverk = innst.regelverk()
    resultat = lag_demo(avh, personer=personer, seed=seed, idag=idag)
    daglig_oppfolging(avh, referansedato=idag)
    planlegg_paminnelser(avh, referansedato=idag)
    return resultat


def skriv_demo(resultat: "Demoresultat") -> None:
    """Skriv ut hva som ble laget og demo-påloggingene."""
    typer.echo(f"Demokommunen er laget: {resultat.personer} syntetiske personer (frø {resultat.seed}).")
    for inn in resultat.innlogginger:
        typer.echo(f"  Demo-pålogging: brukernavn «{inn.brukernavn}», passord «{inn.passord}» ({inn.rolle})")


def registrer(app: typer.Typer) -> None:
    """Legg kommandoene til appen."""

    @app.command()
    def init() -> None:
        """Opprett eller oppgrader databasen (Alembic) og tjenestekatalogen."""
        avh = hent_avh(ny=True)
        initialiser(avh)
        typer.echo(f"Databasen er klar: {avh.motor.url.render_as_string(hide_password=True)}")

    @app.command()
    def demo(
        personer: int = typer.Option(500, "--personer", min=1, help="Antall syntetiske personer."),
        seed: int = typer.Option(1, "--seed", help="Frø: samme frø gir samme kommune."),
        dato: str | None = typer.Option(None, "--dato", help="Dagen demoen regnes fra (ÅÅÅÅ-MM-DD)."),
        json_: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
    ) -> None:
        """Lag en realistisk syntetisk kommune (syntetiske fødselsnumre) og skriv ut demo-påloggingene."""
        from flyter.kommandoer.felles import dato as les_dato

        avh = hent_avh(ny=True)
        initialiser(avh)
        with norske_feil():
            resultat = lag_demokommune(avh, personer=personer, seed=seed, idag=referansedag(les_dato(dato)))
        if json_:
            skriv_json(resultat)
            return
        skriv_demo(resultat)

    @app.command()
    def importer(
        fil: Path = typer.Argument(..., help="JSON- eller .xlsx-fil etter docs/importformat.md."),
        som: str | None = typer.Option(None, "--som", help="Brukernavnet som importerer (logges)."),
        json_: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
    ) -> None:
        """Importer personer, tjenesteytere, samtykker, vedtak, planer og grupper fra JSON (alt eller ingenting)."""
        from modeller.importer import Importfeil, les_importfil
        from modeller.importer import importer as importer_data

        avh = hent_avh()
        initialiser(avh)
        try:
            data = les_importfil(fil)
            resultat = importer_data(avh, aktor(avh, som), data, idag=referansedag(None))
        except Importfeil as e:
            linjer = [f"  {p.sti}: {p.melding}" for p in e.problemer]
            feil(f"Importen ble avvist, ingenting er skrevet ({len(linjer)} problemer):\n" + "\n".join(linjer))
        except FileNotFoundError:
            feil(f"Fant ikke filen {fil}.")
        if json_:
            skriv_json(resultat)
        else:
            typer.echo(resultat.sammendrag())
