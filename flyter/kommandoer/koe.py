"""`enheten oppgaver` og `enheten oppgave fullfor`."""

import typer

from flyter.felles import na_utc, referansedag
from flyter.kommandoer.felles import aktor, hent_avh, norske_feil, skriv_json, skriv_tabell
from modeller.db import arbeidsenhet, lesing
from modeller.regler.begreper import Oppgavestatus
from modeller.tjenester.oppgaver import fullfor_oppgave, oppgavekoen

oppgave_app = typer.Typer(help="Arbeid med én oppgave.", no_args_is_help=True)


def registrer(app: typer.Typer) -> None:
    """Legg kommandoene til appen."""
    app.add_typer(oppgave_app, name="oppgave")

    @app.command()
    def oppgaver(
        eier: str | None = typer.Option(None, "--eier", help="Rolle (koordinator, saksbehandler, leder) eller «meg»."),
        som: str | None = typer.Option(None, "--som", help="Vis køen slik denne brukeren ser den."),
        status: Oppgavestatus = typer.Option(Oppgavestatus.APEN, "--status", help="apen, fullfort eller avbrutt."),
        grense: int = typer.Option(100, "--grense", min=1, max=10000),
        json_: bool = typer.Option(False, "--json", help="Skriv køen som JSON."),
    ) -> None:
        """List oppgavekøen: forfalte først, så etter frist."""
        avh = hent_avh()
        idag = referansedag(None)
        with lesing(avh.motor) as okt:
            rader = [
                {"id": o.id, "type": o.oppgavetype, "tittel": o.tittel, "frist": o.frist, "status": o.status,
                 "eier": o.eier_id, "rolle": o.eier_rolle, "forfalt": o.frist < idag, "objekt": o.objekt_type,
                 "objekt_id": o.objekt_id}
                for o in oppgavekoen(okt, aktor(avh, som), idag=idag, status=status, eier=eier, grense=grense)
            ]
        if json_:
            skriv_json(rader)
            return
        skriv_tabell(rader, [("id", "Id"), ("frist", "Frist"), ("tittel", "Oppgave"), ("rolle", "Rolle"),
                             ("objekt", "Gjelder")])

    @oppgave_app.command("fullfor")
    def fullfor(
        oppgave_id: int = typer.Argument(..., help="Oppgavens id."),
        notat: str | None = typer.Option(None, "--notat", help="Notat om hva som ble gjort."),
        som: str | None = typer.Option(None, "--som", help="Brukernavnet som fullfører."),
    ) -> None:
        """Fullfør en oppgave med et valgfritt notat."""
        avh = hent_avh()
        with norske_feil(), arbeidsenhet(avh.motor) as okt:
            oppgave = fullfor_oppgave(okt, aktor(avh, som), oppgave_id, na=na_utc(), notat=notat)
        typer.echo(f"Oppgave {oppgave.id} er fullført.")
