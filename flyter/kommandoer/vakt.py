"""Tilsynet i hovedjobben: driftsvakten kjører i en egen tråd (ENHETEN_DRIFTSVAKT_INTERVALL_SEKUNDER, standard 300).

Vakten går utenom Prefect med vilje: står planleggeren eller utsendingen, er det nettopp da KE skal få vite det.
"""

import threading
from datetime import datetime

import typer

from flyter.felles import na_utc
from modeller.oppsett import Avhengigheter


class Vakttraad(threading.Thread):
    """Kaller `driftsvakt` med jevne mellomrom til `stopp()`; en feil skrives som én linje og neste runde går."""

    def __init__(self, avh: Avhengigheter, oppstart: datetime, intervall: float) -> None:
        super().__init__(name="driftsvakt", daemon=True)
        self.avh, self.oppstart, self.intervall = avh, oppstart, intervall
        self._stopp = threading.Event()

    def run(self) -> None:
        """Første runde etter ett intervall (da har tjenestene rukket å starte), så med jevne mellomrom."""
        from modeller.tjenester.driftsvakt import driftsvakt

        while not self._stopp.wait(self.intervall):
            try:
                resultat = driftsvakt(self.avh, na_utc(), oppstart=self.oppstart)
            except Exception as feil:  # noqa: BLE001 - vakten skal aldri stoppe hovedjobben
                typer.echo(f"Advarsel: driftsvakten feilet ({type(feil).__name__}); prøver igjen om litt.", err=True)
                continue
            if resultat.meldt:
                koder = ", ".join(k.value for k in resultat.meldt)
                typer.echo(f"Driftsvarsel sendt til KEs postkasse: {koder} (se «enheten status»).", err=True)

    def stopp(self) -> None:
        """Be tråden stoppe etter runden den eventuelt er i."""
        self._stopp.set()
