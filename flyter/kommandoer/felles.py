"""Hjelpere for kommandoene: avhengigheter, aktør, datoer, JSON-utskrift og norske feilmeldinger."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any, NoReturn

import typer
from sqlmodel import select

from modeller.db import lesing
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter, avhengigheter, database_mangler
from modeller.regler.begreper import Rolle
from modeller.tabeller import Systembruker
from modeller.tjenester.feil import IkkeFunnet, IngenTilgang, Konflikt, ManglerSamtykke, Valideringsfeil
from modeller.tjenester.tilgang import SYSTEM, Aktor


def feil(melding: str, kode: int = 1) -> NoReturn:
    """Skriv en norsk feilmelding til stderr og avslutt med koden."""
    typer.echo(f"Feil: {melding}", err=True)
    raise typer.Exit(kode)


@contextmanager
def norske_feil() -> Iterator[None]:
    """Gjør domenefeil om til en norsk melding og utgangskode 1."""
    try:
        yield
    except Valideringsfeil as e:
        feil("\n  ".join(["Ugyldige data:"] + [str(f) for f in e.feil]))
    except (IngenTilgang, IkkeFunnet, Konflikt, ManglerSamtykke) as e:
        feil(str(e))


def hent_avh(*, ny: bool = False) -> Avhengigheter:
    """Avhengighetene for kommandolinjeprosessen; uten `ny` må databasen finnes fra før (lages aldri ved et uhell)."""
    if not ny:
        mangler = database_mangler(Innstillinger())
        if mangler:
            feil(mangler)
    return avhengigheter()


def dato(verdi: str | None, felt: str = "--dato") -> date | None:
    """Tolk en dato på formen ÅÅÅÅ-MM-DD, med norsk feilmelding."""
    if verdi is None:
        return None
    try:
        return date.fromisoformat(verdi)
    except ValueError:
        feil(f"{felt}: «{verdi}» er ikke en dato på formen ÅÅÅÅ-MM-DD.", 2)


def aktor(avh: Avhengigheter, brukernavn: str | None) -> Aktor:
    """Aktøren for kommandoen: en navngitt, aktiv systembruker, ellers systemet (feltene leses mens økten er åpen)."""
    if not brukernavn:
        return SYSTEM
    with lesing(avh.motor) as okt:
        bruker = okt.exec(select(Systembruker).where(Systembruker.brukernavn == brukernavn)).first()
        hvem = None if bruker is None or not bruker.aktiv else Aktor(
            id=bruker.id, navn=bruker.brukernavn, rolle=Rolle(bruker.rolle), tjenesteyter_id=bruker.tjenesteyter_id)
    if hvem is None:
        feil(f"--som: fant ingen aktiv bruker «{brukernavn}».", 2)
    return hvem


def _til_json(verdi: Any) -> Any:
    if is_dataclass(verdi) and not isinstance(verdi, type):
        return asdict(verdi)
    if isinstance(verdi, date | datetime):
        return verdi.isoformat()
    if hasattr(verdi, "model_dump"):
        return verdi.model_dump()
    raise TypeError(type(verdi).__name__)


def skriv_json(data: Any) -> None:
    """Skriv data som JSON på stdout (datoer som ISO-tekst)."""
    typer.echo(json.dumps(data, default=_til_json, ensure_ascii=False, indent=2))


def skriv_tabell(rader: list[dict[str, Any]], kolonner: list[tuple[str, str]],
                 format_: Callable[[Any], str] = str) -> None:
    """Skriv en enkel tekstabell med overskrifter."""
    if not rader:
        typer.echo("(ingen)")
        return
    bredder = [max(len(tittel), *(len(format_(r[n])) for r in rader)) for n, tittel in kolonner]
    typer.echo("  ".join(t.ljust(b) for (_, t), b in zip(kolonner, bredder, strict=True)))
    for r in rader:
        typer.echo("  ".join(format_(r[n]).ljust(b) for (n, _), b in zip(kolonner, bredder, strict=True)))
