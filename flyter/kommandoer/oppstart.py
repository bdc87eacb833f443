"""`enheten start`: hovedjobben på innebygde standarder.

Starter en lokal SMTP-mottaker (når ingen SMTP-vert er satt), en ekte `prefect server start` på SQLite
i datamappen (den flyktige serveren kjører ikke tidsplaner), prosessen som serverer alle deployments,
og dashbordet når det finnes. Skriver ut hvor alt er, og stopper alt i riktig rekkefølge.
"""

import os
import signal
import sys
import time
from enum import StrEnum
from pathlib import Path
from types import FrameType

import typer
from sqlmodel import select

from flyter.felles import na_utc, referansedag
from flyter.kommandoer import prefect_server as ps
from flyter.kommandoer.felles import feil, hent_avh
from flyter.kommandoer.grunn import initialiser, lag_demokommune, skriv_demo
from flyter.kommandoer.prosesser import Prosesser, port_ledig, vent_til_lytter
from flyter.kommandoer.vakt import Vakttraad
from modeller.db import lesing
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Person

ROT = Path(__file__).resolve().parents[2]
HELSETID = 180.0  # sekunder Prefect-serveren får på å svare (om lag 15 s på en ledig maskin med 2 kjerner)


class Prefectvalg(StrEnum):
    """Start en ny Prefect-server, eller bruk datamappens egen som allerede kjører."""

    START = "start"
    BRUK = "bruk"


class Stopp(Exception):
    """SIGINT eller SIGTERM: stopp alt rent."""


def _stoppsignal(signum: int, _ramme: FrameType | None) -> None:
    raise Stopp(signal.Signals(signum).name)


def vent_pa_helse(url: str, sekunder: float) -> bool:
    """Vent til Prefect-serveren svarer på /health."""
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        if ps.svarer(url):
            return True
        time.sleep(0.5)
    return False


def _miljo(innst: Innstillinger, api_url: str) -> dict[str, str]:
    prefect_hjem = ps.prefect_hjem(innst)
    prefect_hjem.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "PREFECT_HOME": str(prefect_hjem),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": env.get(
            "PREFECT_SERVER_DATABASE_CONNECTION_URL", f"sqlite+aiosqlite:///{prefect_hjem / 'prefect.db'}"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_ENABLED": "false",
        # Hele datoen i loggen, så driftsvisningen vet hvilken dag en feil skjedde.
        "PREFECT_LOGGING_FORMATTERS_STANDARD_DATEFMT": "%Y-%m-%d %H:%M:%S",
        "ENHETEN_DATAMAPPE": str(innst.datamappe.resolve()),
    })
    return env


def sjekk_porter(innst: Innstillinger) -> Prefectvalg:
    """Stopp med norsk melding før noe startes, når en port er i bruk av noe som ikke er vårt."""
    opptatt = [f"{navn} {port}" for navn, port, trengs in (
        ("e-post", innst.lokal_smtp_port, not innst.smtp_host), ("dashbord", innst.dashbord_port, True))
        if trengs and not port_ledig(port)]
    if opptatt:
        feil(f"port {', '.join(opptatt)} er i bruk av en annen prosess. Stopp den, eller velg andre porter med "
             "ENHETEN_LOKAL_SMTP_PORT og ENHETEN_DASHBORD_PORT.")
    url = ps.api_url(innst)
    if port_ledig(innst.prefect_port):
        return Prefectvalg.START
    eier = ps.eierskap(url, ps.instans_id(innst))
    if eier is ps.Eierskap.VAR:
        return Prefectvalg.BRUK
    hva = "noe som ikke er en Prefect-server" if eier is ps.Eierskap.INGEN else "en Prefect-server som ikke hører til"
    feil(f"port {innst.prefect_port} brukes av {hva} datamappen {innst.datamappe}. Stopp den, eller velg en "
         "annen port med ENHETEN_PREFECT_PORT.")


def start_alt(innst: Innstillinger, prosesser: Prosesser, prefect: Prefectvalg) -> list[str]:
    """Start delene; returner linjene som sier hvor alt er."""
    logger = innst.datamappe / "logg"
    logger.mkdir(parents=True, exist_ok=True)
    api_url = ps.api_url(innst)
    env = _miljo(innst, api_url)
    database = innst.database if innst.database.startswith("sqlite") else "ENHETEN_DATABASE_URL (PostgreSQL)"
    linjer = [f"Datamappe:        {innst.datamappe.resolve()}",
              f"Database:         {database}",
              f"Logger:           {logger.resolve()}"]
    if not innst.smtp_host:
        smtp = prosesser.start("smtp", [sys.executable, "-m", "modeller.lokal_smtp", "--maildir", str(innst.maildir),
                                        "--port", str(innst.lokal_smtp_port)], env, logger / "smtp.log")
        if not vent_til_lytter(innst.lokal_smtp_port, smtp, 60):
            feil(f"den lokale e-postmottakeren startet ikke; se {logger / 'smtp.log'}.")
        linjer.append(f"Lokal e-post:     smtp://127.0.0.1:{innst.lokal_smtp_port} → {innst.maildir.resolve()}")
    else:
        linjer.append(f"E-post sendes via {innst.smtp_host}:{innst.smtp_port} ({innst.smtp_tls})")
    linjer += _start_prefect(innst, prosesser, env, logger, prefect)
    linjer += _start_dashbord(innst, prosesser, env, logger)
    return linjer


def _start_prefect(innst: Innstillinger, prosesser: Prosesser, env: dict[str, str], logger: Path,
                   prefect: Prefectvalg) -> list[str]:
    api_url = ps.api_url(innst)
    if prefect is Prefectvalg.BRUK:
        linjer = [f"Prefect:          bruker datamappens egen server, som allerede kjører på {api_url}"]
    else:
        kommando = str(Path(sys.executable).with_name("prefect"))
        prosesser.start("prefect", [kommando, "server", "start", "--host", "127.0.0.1", "--port",
                                    str(innst.prefect_port)], env, logger / "prefect.log")
        if not vent_pa_helse(api_url, HELSETID):
            feil(f"Prefect-serveren svarte ikke innen {HELSETID:.0f} s; se {logger / 'prefect.log'}.")
        ps.merk(api_url, ps.instans_id(innst))
        linjer = [f"Prefect:          http://127.0.0.1:{innst.prefect_port} (flyter og tidsplaner)"]
    prosesser.start("flyter", [sys.executable, "-m", "flyter.tjener"], env, logger / "flyter.log")
    return linjer + [f"Flyter:           {_tidsplantekst(innst)}"]


def _tidsplantekst(innst: Innstillinger) -> str:
    standard = "daglig_oppfolging kl. 06, paminnelser kl. 06.30, utsending hvert 5. min i arbeidstiden"
    egne = ", ".join(f"{navn} «{cron}»" for navn, cron in sorted(innst.tidsplaner.items()))
    return standard + (f" (egne tidsplaner: {egne})" if egne else "")


def _start_dashbord(innst: Innstillinger, prosesser: Prosesser, env: dict[str, str], logger: Path) -> list[str]:
    streamlit = str(Path(sys.executable).with_name("streamlit"))
    argv = [streamlit, "run", str(ROT / "dashbord" / "app.py"), "--server.port", str(innst.dashbord_port),
            "--server.address", innst.dashbord_adresse, "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]
    dashbord = prosesser.start("dashbord", argv, env, logger / "dashbord.log")
    if not vent_til_lytter(innst.dashbord_port, dashbord, 120):
        feil(f"dashbordet startet ikke; se {logger / 'dashbord.log'}.")
    return [f"Dashbord:         http://localhost:{innst.dashbord_port}"]


def registrer(app: typer.Typer) -> None:
    """Legg kommandoene til appen."""
    tjen_registrer(app)

    @app.command()
    def start(
        demo: bool = typer.Option(True, "--demo/--uten-demo",
                                  help="Fyll en tom innebygd database med en demokommune."),
        varighet: float | None = typer.Option(None, "--varighet", help="Stopp av seg selv etter så mange sekunder."),
    ) -> None:
        """Start hovedjobben: database, lokal e-post, Prefect-server, flyter og dashbord (stopp med Ctrl+C/SIGTERM)."""
        avh = hent_avh(ny=True)
        initialiser(avh)
        innst = avh.innstillinger
        if demo and innst.database_url is None:
            _demo_ved_behov(avh)
        prefect = sjekk_porter(innst)
        prosesser = Prosesser(ROT)
        vakt = Vakttraad(avh, na_utc(), innst.driftsvakt_intervall_sekunder)
        _fang_stoppsignaler()
        try:
            for linje in start_alt(innst, prosesser, prefect):
                typer.echo(linje)
            typer.echo("enheten kjører. Stopp med Ctrl+C.")
            vakt.start()
            _vent(prosesser, varighet)
        except (KeyboardInterrupt, Stopp):
            pass
        finally:
            vakt.stopp()
            for signalnr in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signalnr, signal.SIG_IGN)  # et nytt Ctrl+C skal ikke avbryte selve stoppingen
            typer.echo("Stopper …")
            prosesser.stopp()
            typer.echo("Stoppet.")


def _fang_stoppsignaler() -> None:
    """SIGINT og SIGTERM stopper alt, også når jobben er startet i bakgrunnen (`nohup … &` ignorerer SIGINT)."""
    for signalnr in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signalnr, _stoppsignal)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:  # terminalen lukket, men ikke under nohup
        signal.signal(signal.SIGHUP, _stoppsignal)


def tjen_registrer(app: typer.Typer) -> None:
    """`enheten tjen`: bare flyttjeneren, for ekstra arbeidsmaskiner mot en felles Prefect-server."""

    @app.command()
    def tjen() -> None:
        """Server alle flytene mot Prefect-serveren i PREFECT_API_URL (for flere arbeidere; se README)."""
        from flyter.tjener import main as tjen_flyter

        if "PREFECT_API_URL" not in os.environ:
            typer.echo("Feil: sett PREFECT_API_URL til den felles Prefect-serveren (…/api).", err=True)
            raise typer.Exit(2)
        tjen_flyter()


def _vent(prosesser: Prosesser, varighet: float | None) -> None:
    slutt = None if varighet is None else time.monotonic() + varighet
    meldt: set[str] = set()
    while slutt is None or time.monotonic() < slutt:
        for navn, p in prosesser.liste:
            if p.poll() is not None and navn not in meldt:
                meldt.add(navn)
                typer.echo(f"Advarsel: {navn} stoppet (kode {p.returncode}); se loggen i datamappen.", err=True)
        time.sleep(1)


def _demo_ved_behov(avh: Avhengigheter) -> None:
    """Fyll en tom database med demodata, så en nykommer ser et levende system."""
    from modeller.demo import DEMOBRUKERE

    with lesing(avh.motor) as okt:
        tom = okt.exec(select(Person.id).limit(1)).first() is None
    if tom:
        typer.echo("Tom database: fyller den med en syntetisk demokommune …")
        skriv_demo(lag_demokommune(avh, personer=200, seed=1, idag=referansedag(None)))
    elif avh.innstillinger.demo:
        for brukernavn, rolle in DEMOBRUKERE:
            typer.echo(f"  Demo-pålogging: brukernavn «{brukernavn}», passord «{brukernavn}» ({rolle})")
