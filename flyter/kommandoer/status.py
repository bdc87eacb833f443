"""`enheten status [--json]`: driftsstatusen i terminalen (samme bruksområde som dashbordets «Drift»).

Viser hver utrulling med siste og siste vellykkede kjøring og neste planlagte, utboksens tall, feil i
Prefect-serverens logg og driftsvarslene. Prefect leses på PREFECT_API_URL, ellers på den lokale serveren
`enheten start` starter. Kommandoen oppretter aldri en database.

Utgangskoder: 0 når det ikke er noen driftsvarsler, 1 når det er driftsvarsler eller databasen mangler.
"""

from typing import Any

import typer

from flyter.felles import na_utc
from flyter.kommandoer.felles import hent_avh, skriv_json, skriv_tabell


def _tid(verdi: Any) -> str:
    from modeller.tjenester.drift import tidstekst

    return "–" if verdi is None else tidstekst(verdi)


def _skriv(status: Any) -> None:
    typer.echo(f"Driftsstatus {_tid(status.na)}")
    typer.echo(f"\nUtrullinger (Prefect: {status.prefect_adresse}):")
    if status.prefect_feil:
        typer.echo(f"  {status.prefect_feil}")
    else:
        skriv_tabell([{"utrulling": f"{u.flyt}/{u.navn}", "tidsplan": u.tidsplan, "siste": _tid(u.siste_tid),
                       "tilstand": ("FEILER: " if u.feiler else "") + (u.siste_tilstand or "–"),
                       "melding": u.siste_melding or u.problem or "", "vellykket": _tid(u.siste_vellykkede),
                       "neste": _tid(u.neste)} for u in status.utrullinger],
                     [("utrulling", "Utrulling"), ("tidsplan", "Tidsplan"), ("siste", "Siste kjøring"),
                      ("tilstand", "Tilstand"), ("vellykket", "Siste vellykkede"), ("neste", "Neste"),
                      ("melding", "Melding")])
    u = status.utboks
    alder = "–" if u.eldste_minutter_i_arbeidstid is None else f"{u.eldste_minutter_i_arbeidstid} min i arbeidstiden"
    typer.echo(f"\nUtboks: {u.ventende} venter, eldste forfalte: {_tid(u.eldste_forfalt)} ({alder}), {u.dode} døde.")
    logg = status.logg
    typer.echo(f"\nFeil i Prefect-loggen ({logg.sti}): " + (f"{logg.antall} siden serveren startet."
                                                              if logg.finnes else "fant ingen logg."))
    for f in logg.feil:
        typer.echo(f"  {f.tid or '–'}  {f.kilde}: {f.melding}")
    typer.echo("\nDriftsvarsler:" if status.varsler else "\nIngen driftsvarsler.")
    for v in status.varsler:
        typer.echo(f"  ! {v.tekst}. {v.detalj}")


def registrer(app: typer.Typer) -> None:
    """Legg kommandoen til appen."""

    @app.command()
    def status(json_: bool = typer.Option(False, "--json", help="Skriv driftsstatusen som JSON.")) -> None:
        """Driftsstatus: utrullinger, utboks, feil i Prefect-loggen og driftsvarsler (kode 1 ved varsler)."""
        from modeller.tjenester.drift import driftsstatus
        from modeller.tjenester.tilgang import SYSTEM

        avh = hent_avh()  # avslutter med én norsk linje og kode 1 når databasen mangler (lager den aldri)
        resultat = driftsstatus(avh, SYSTEM, na=na_utc())
        if json_:
            skriv_json(resultat)
        else:
            _skriv(resultat)
        raise typer.Exit(1 if resultat.varsler else 0)
