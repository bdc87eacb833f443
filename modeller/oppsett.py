"""Komposisjonsroten: bygger innstillinger, databasemotor, regelverk og helligdager én gang per prosess."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy.engine import Engine

from modeller.db import lag_motor
from modeller.innstillinger import Innstillinger
from modeller.regler.parametre import Regelverk


@dataclass
class Avhengigheter:
    """Det bruksområdene trenger fra omverdenen, bygd én gang og sendt videre."""

    innstillinger: Innstillinger
    motor: Engine
    regelverk: Regelverk
    _fridager: dict[tuple[int, int], frozenset[date]] = field(default_factory=dict)

    def fridager(self, fra_ar: int, til_ar: int | None = None) -> frozenset[date]:
        """Norske helligdager for årene (hentet fra `holidays`-pakken utenfor regelkjernen)."""
        from modeller.kalender import norske_fridager

        nokkel = (fra_ar, til_ar or fra_ar)
        if nokkel not in self._fridager:
            self._fridager[nokkel] = norske_fridager(*nokkel)
        return self._fridager[nokkel]

    def fridager_rundt(self, d: date) -> frozenset[date]:
        """Helligdager for året før, året og året etter `d` (nok for frister på opptil ett år)."""
        return self.fridager(d.year - 1, d.year + 2)


def database_mangler(innst: Innstillinger) -> str | None:
    """En norsk melding når den innebygde SQLite-databasen ikke finnes i datamappen, ellers None."""
    if innst.database_url or Path(innst.database.removeprefix("sqlite:///")).exists():
        return None
    return (f"fant ingen database i {innst.datamappe}. Kjør «enheten init» eller «enheten start» der dataene skal "
            "ligge, eller sett ENHETEN_DATAMAPPE til datamappen.")


def bygg(innstillinger: Innstillinger | None = None) -> Avhengigheter:
    """Bygg avhengighetene fra innstillingene (eller fra miljøet)."""
    innst = innstillinger or Innstillinger()
    innst.datamappe.mkdir(parents=True, exist_ok=True)
    return Avhengigheter(innstillinger=innst, motor=lag_motor(innst.database), regelverk=innst.regelverk())


@cache
def avhengigheter() -> Avhengigheter:
    """Én delt instans per prosess (flyter og CLI); tester kaller `avhengigheter.cache_clear()`."""
    return bygg()
