"""Kommandolinjen `enheten`: init, demo, importer, oppgaver, varsler, kjor og start.

Feil skrives på norsk til stderr. Utgangskoder: 0 ok, 1 feil i data eller drift, 2 feil bruk.
"""

import os
import sys
from pathlib import Path

import typer

from flyter.kommandoer import grunn, kjoring, koe, oppstart, rapport, status, utboks

app = typer.Typer(help="Arbeidsflyt og oppgavekø for koordinerende enhet.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
grunn.registrer(app)
koe.registrer(app)
utboks.registrer(app)
kjoring.registrer(app)
oppstart.registrer(app)
rapport.registrer(app)
status.registrer(app)


def _prefect_miljo() -> None:
    """Prefect skal holde alt sitt i datamappen og ikke sende analyser ut."""
    datamappe = Path(os.environ.get("ENHETEN_DATAMAPPE", "data")).resolve()
    os.environ.setdefault("PREFECT_HOME", str(datamappe / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def main() -> None:
    """Inngangen til konsollskriptet `enheten`; en databasefeil blir én norsk linje og kode 1, aldri en traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    _prefect_miljo()
    try:
        sys.exit(app())
    except (OperationalError, ProgrammingError) as e:
        grunn = str(e.orig if e.orig is not None else e).splitlines()[0][:200]
        print(f"Feil: databasen svarer ikke eller er ikke oppgradert («{grunn}»). Kjør «enheten init», og sjekk "
              "ENHETEN_DATABASE_URL.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
