"""`enheten rapport kvartal|nokkeltall|kpr`: lederens kvartalskontroll, nøkkeltall og KPR-eksport.

Kommandoene kjører som systemet (rollen leder) eller som en navngitt bruker (`--som`); bare ledere slipper til.
`--dato` gjør at rapportene kan lages som om det var en annen dag (kl. 07 i Oslo den dagen).
"""

from datetime import datetime, time
from enum import StrEnum
from typing import Any

import typer

from flyter.felles import na_utc, referansedag
from flyter.kommandoer.felles import aktor, feil, hent_avh, norske_feil, skriv_json, skriv_tabell
from flyter.kommandoer.felles import dato as les_dato
from modeller.kalender import lokalt_tidspunkt

rapport_app = typer.Typer(help="Lederens rapporter: kvartalskontroll, nøkkeltall og KPR-eksport.",
                          no_args_is_help=True)

ARSHJELP = "Året (ÅÅÅÅ)."
KVARTALSHJELP = "Kvartalet (1–4)."
SOMHJELP = "Brukernavnet som ber om rapporten (må være leder); standard er systemet."
DATOHJELP = "Lag rapporten som om i dag var denne datoen (ÅÅÅÅ-MM-DD)."


class Format(StrEnum):
    """Utformatet for kvartalsrapporten."""

    JSON = "json"
    CSV = "csv"


def _na(dato: str | None) -> datetime:
    """Nå, eller kl. 07 i Oslo på `--dato`."""
    d = les_dato(dato)
    return lokalt_tidspunkt(d, time(7)) if d else na_utc()


def _sjekk_kvartal(kvartal: int | None) -> None:
    if kvartal is not None and not 1 <= kvartal <= 4:
        feil("--kvartal: må være 1, 2, 3 eller 4.", 2)


def registrer(app: typer.Typer) -> None:
    """Legg kommandoene til appen."""
    app.add_typer(rapport_app, name="rapport")


@rapport_app.command("kvartal")
def kvartal(
    ar: int = typer.Option(..., "--ar", help=ARSHJELP),
    kvartal: int = typer.Option(..., "--kvartal", help=KVARTALSHJELP),
    format_: Format = typer.Option(Format.JSON, "--format", help="json (hele rapporten) eller csv (én rad per funn)."),
    ny: bool = typer.Option(False, "--ny", help="Regn ut og lagre på nytt selv om kvartalet er lagret før."),
    med_saker: bool = typer.Option(False, "--med-saker", help="Ta med saksreferansene bak funnene (logges)."),
    som: str | None = typer.Option(None, "--som", help=SOMHJELP),
    dato: str | None = typer.Option(None, "--dato", help=DATOHJELP),
) -> None:
    """Kvartalskontrollen: hver plikt med regel, kilde, status og antall (lagres når kvartalet er over)."""
    from modeller.tjenester.leder import funn_som_rader, kvartalskontroll, saker_i_funn, som_csv

    _sjekk_kvartal(kvartal)
    avh, na = hent_avh(), _na(dato)
    hvem = aktor(avh, som)
    with norske_feil():
        rapport = kvartalskontroll(avh, ar=ar, kvartal=kvartal, na=na, aktor=hvem, ny=ny)
        saker = saker_i_funn(avh, hvem, ar=ar, kvartal=kvartal, na=na) if med_saker else None
    if format_ is Format.CSV:
        typer.echo(som_csv(funn_som_rader(rapport)).decode("utf-8-sig"), nl=False)
        return
    data = rapport.til_json()
    for f in data["funn"]:
        if saker is not None:
            f["saker"] = list(saker.get(f["kode"], ()))
    skriv_json(data)


def _rad(p: Any) -> dict[str, Any]:
    andel = p.andel_evalueringer_i_tide
    return {"periode": p.periode, "vedtak_median": p.dager_til_vedtak.median, "vedtak_p90": p.dager_til_vedtak.p90,
            "koord_median": p.dager_til_koordinator.median, "koord_p90": p.dager_til_koordinator.p90,
            "i_tide": "–" if andel is None else f"{andel:.0%}", "ip": p.med_ip, "koord": p.med_koordinator,
            "barnek": p.med_barnekoordinator, "ag": p.med_ansvarsgruppe}


@rapport_app.command("nokkeltall")
def nokkeltall(
    ar: int = typer.Option(..., "--ar", help=ARSHJELP),
    kvartal: int | None = typer.Option(None, "--kvartal", help="Kvartalet (1–4); uten det hele året."),
    tidligere: int = typer.Option(4, "--tidligere", help="Antall tidligere perioder i trenden."),
    json_: bool = typer.Option(False, "--json", help="Skriv nøkkeltallene som JSON."),
    som: str | None = typer.Option(None, "--som", help=SOMHJELP),
    dato: str | None = typer.Option(None, "--dato", help=DATOHJELP),
) -> None:
    """Nøkkeltall per kvartal eller år med trend: saksbehandlingstid, oppnevning, evalueringer og bestand."""
    from modeller.tjenester.leder import nokkeltall as lag_nokkeltall

    _sjekk_kvartal(kvartal)
    avh = hent_avh()
    idag = referansedag(les_dato(dato))
    with norske_feil():
        tall = lag_nokkeltall(avh, aktor(avh, som), ar=ar, kvartal=kvartal, idag=idag, tidligere=tidligere)
    if json_:
        skriv_json(tall)
        return
    skriv_tabell([_rad(p) for p in tall.perioder], [
        ("periode", "Periode"), ("vedtak_median", "Dager til vedtak (median)"), ("vedtak_p90", "p90"),
        ("koord_median", "Dager til koordinator (median)"), ("koord_p90", "p90"), ("i_tide", "Evaluert i tide"),
        ("ip", "Med IP"), ("koord", "Med koordinator"), ("barnek", "Med barnekoordinator"),
        ("ag", "Med ansvarsgruppe")], format_=lambda v: "–" if v is None else str(v))


@rapport_app.command("kpr")
def kpr(
    ar: int = typer.Option(..., "--ar", help="Året som rapporteres (status per 31.12)."),
    som: str | None = typer.Option(None, "--som", help=SOMHJELP),
    dato: str | None = typer.Option(None, "--dato", help=DATOHJELP),
) -> None:
    """Skriv KPR/IPLOS-filen (IP og koordinator per person) til datamappen; hver person logges."""
    from modeller.tjenester.leder import kpr_eksport

    avh = hent_avh()
    with norske_feil():
        resultat = kpr_eksport(avh, aktor(avh, som), ar=ar, na=_na(dato))
    typer.echo(f"Skrev {resultat.antall} personer til {resultat.sti}")
    typer.echo(f"  {resultat.med_ip} med individuell plan, {resultat.med_koordinator} med koordinator, "
               f"{resultat.med_barnekoordinator} med barnekoordinator.")
    if resultat.uten_identitetsnummer:
        typer.echo(f"  {resultat.uten_identitetsnummer} personer uten identitetsnummer er ikke med.")
