"""`enheten varsler` og `enheten varsel send-pa-nytt`."""

import typer

from flyter.felles import na_utc
from flyter.kommandoer.felles import aktor, hent_avh, norske_feil, skriv_json, skriv_tabell
from modeller.regler.begreper import Varselstatus

varsel_app = typer.Typer(help="Arbeid med ett varsel i utboksen.", no_args_is_help=True)


def registrer(app: typer.Typer) -> None:
    """Legg kommandoene til appen."""
    app.add_typer(varsel_app, name="varsel")

    @app.command()
    def varsler(
        status: Varselstatus | None = typer.Option(None, "--status", help="venter, sender, sendt, dod, kansellert."),
        grense: int = typer.Option(100, "--grense", min=1, max=10000),
        json_: bool = typer.Option(False, "--json", help="Skriv utboksen som JSON."),
    ) -> None:
        """List e-postutboksen med tilstander (uten personopplysninger)."""
        from modeller.tjenester.varsler import list_varsler

        rader = [r if isinstance(r, dict) else r.__dict__ for r in
                 list_varsler(hent_avh(), status=status, grense=grense, forskyvning=0)]
        if json_:
            skriv_json(rader)
            return
        skriv_tabell(rader, [("id", "Id"), ("varseltype", "Type"), ("forfallsdato", "Forfall"),
                             ("status", "Status"), ("forsok", "Forsøk"), ("mottaker_epost", "Mottaker")])

    @varsel_app.command("send-pa-nytt")
    def send_pa_nytt(
        varsel_id: int = typer.Argument(..., help="Varselets id."),
        som: str | None = typer.Option(None, "--som", help="Brukernavnet som ber om ny sending (logges)."),
    ) -> None:
        """Legg et dødt eller kansellert varsel tilbake i køen for sending nå."""
        from modeller.tjenester.varsler import send_pa_nytt as send_igjen

        avh = hent_avh()
        with norske_feil():
            send_igjen(avh, aktor(avh, som), varsel_id, na=na_utc())
        typer.echo(f"Varsel {varsel_id} sendes ved neste utsending.")
