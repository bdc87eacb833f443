"""`enheten start`: hovedjobben på innebygde standarder.

Starter en lokal SMTP-mottaker (når ingen SMTP-vert er satt), en ekte `prefect server start` på SQLite
i datamappen (den flyktige serveren kjører ikke tidsplaner), prosessen som serverer alle deployments,
og dashbordet når det finnes. Skriver ut hvor alt er, og stopper alt i riktig rekkefølge.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import typer
from sqlmodel import select

from flyter.felles import referansedag
from flyter.kommandoer.felles import hent_avh
from flyter.kommandoer.grunn import initialiser, lag_demokommune, skriv_demo
from modeller.db import lesing
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Person

ROT = Path(__file__).resolve().parents[2]


@dataclass
class Prosesser:
    """Barneprosessene, i den rekkefølgen de startes; stoppes baklengs."""

    liste: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, navn: str, argv: list[str], env: dict[str, str], logg: Path) -> subprocess.Popen[bytes]:
        """Start en prosess med logg i datamappen."""
        ut = logg.open("ab")
        p = subprocess.Popen(argv, env=env, stdout=ut, stderr=subprocess.STDOUT, cwd=ROT)
        self.liste.append((navn, p))
        return p

    def stopp(self) -> None:
        """Stopp baklengs: dashbord og flyttjener før Prefect-serveren (tjeneren pauser via API-et)."""
        for navn, p in reversed(self.liste):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    typer.echo(f"  {navn} stoppet ikke, avslutter hardt.", err=True)
                    p.kill()


def port_ledig(port: int) -> bool:
    """Sann når ingen lytter på porten på 127.0.0.1."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def vent_pa_helse(url: str, sekunder: float) -> bool:
    """Vent til Prefect-serveren svarer på /health."""
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as svar:  # noqa: S310 - lokal adresse
                if svar.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def _miljo(innst: Innstillinger, api_url: str) -> dict[str, str]:
    prefect_hjem = (innst.datamappe / "prefect").resolve()
    prefect_hjem.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "PREFECT_HOME": str(prefect_hjem),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": env.get(
            "PREFECT_SERVER_DATABASE_CONNECTION_URL", f"sqlite+aiosqlite:///{prefect_hjem / 'prefect.db'}"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_ENABLED": "false",
        "ENHETEN_DATAMAPPE": str(innst.datamappe.resolve()),
    })
    return env


def start_alt(innst: Innstillinger, prosesser: Prosesser) -> list[str]:
    """Start delene som finnes; returner linjene som sier hvor alt er."""
    logger = innst.datamappe / "logg"
    logger.mkdir(parents=True, exist_ok=True)
    api_url = f"http://127.0.0.1:{innst.prefect_port}/api"
    env = _miljo(innst, api_url)
    database = innst.database if innst.database.startswith("sqlite") else "ENHETEN_DATABASE_URL (PostgreSQL)"
    linjer = [f"Datamappe:        {innst.datamappe.resolve()}",
              f"Database:         {database}",
              f"Logger:           {logger.resolve()}"]
    if not innst.smtp_host:
        if port_ledig(innst.lokal_smtp_port):
            prosesser.start("smtp", [sys.executable, "-m", "modeller.lokal_smtp", "--maildir", str(innst.maildir),
                                     "--port", str(innst.lokal_smtp_port)], env, logger / "smtp.log")
            linjer.append(f"Lokal e-post:     smtp://127.0.0.1:{innst.lokal_smtp_port} → {innst.maildir.resolve()}")
        else:
            linjer.append(f"Advarsel: port {innst.lokal_smtp_port} er opptatt; lokal e-post ble ikke startet.")
    else:
        linjer.append(f"E-post sendes via {innst.smtp_host}:{innst.smtp_port} ({innst.smtp_tls})")
    linjer += _start_prefect(innst, prosesser, env, logger, api_url)
    linjer += _start_dashbord(innst, prosesser, env, logger)
    return linjer


def _start_prefect(innst: Innstillinger, prosesser: Prosesser, env: dict[str, str], logger: Path,
                   api_url: str) -> list[str]:
    if not port_ledig(innst.prefect_port):
        if not vent_pa_helse(api_url, 2):
            return [f"Advarsel: port {innst.prefect_port} er opptatt av noe annet enn Prefect; flytene kjører ikke."]
        linjer = [f"Prefect:          bruker serveren som allerede kjører på {api_url}"]
    else:
        prefect = str(Path(sys.executable).with_name("prefect"))
        prosesser.start("prefect", [prefect, "server", "start", "--host", "127.0.0.1", "--port",
                                    str(innst.prefect_port)], env, logger / "prefect.log")
        if not vent_pa_helse(api_url, 120):
            return ["Advarsel: Prefect-serveren svarte ikke innen 120 s; se logg/prefect.log."]
        linjer = [f"Prefect:          http://127.0.0.1:{innst.prefect_port} (flyter og tidsplaner)"]
    prosesser.start("flyter", [sys.executable, "-m", "flyter.tjener"], env, logger / "flyter.log")
    return linjer + ["Flyter:           daglig_oppfolging kl. 06, paminnelser kl. 06.30, utsending hvert 5. min"]


def _start_dashbord(innst: Innstillinger, prosesser: Prosesser, env: dict[str, str], logger: Path) -> list[str]:
    app = ROT / "dashbord" / "app.py"
    if not app.exists():
        return ["Dashbord:         (ikke med i denne versjonen ennå)"]
    if not port_ledig(innst.dashbord_port):
        return [f"Advarsel: port {innst.dashbord_port} er opptatt; dashbordet ble ikke startet."]
    streamlit = str(Path(sys.executable).with_name("streamlit"))
    prosesser.start("dashbord", [streamlit, "run", str(app), "--server.port", str(innst.dashbord_port),
                                 "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                    env, logger / "dashbord.log")
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
        """Start hovedjobben: database, lokal e-post, Prefect-server, flyter og dashbord."""
        avh = hent_avh()
        initialiser(avh)
        innst = avh.innstillinger
        if demo and innst.database_url is None:
            _demo_ved_behov(avh)
        prosesser = Prosesser()
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            for linje in start_alt(innst, prosesser):
                typer.echo(linje)
            typer.echo("enheten kjører. Stopp med Ctrl+C.")
            _vent(prosesser, varighet)
        except KeyboardInterrupt:
            pass
        finally:
            typer.echo("Stopper …")
            prosesser.stopp()
            typer.echo("Stoppet.")


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
