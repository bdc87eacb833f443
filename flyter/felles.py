"""Det flytene deler: klokka leses her (og bare her), avhengighetene hentes fra komposisjonsroten."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter, avhengigheter


def na_utc() -> datetime:
    """Nåtid i UTC (skallet leser klokka; utsendingen får funksjonen selv, så hvert parti får sin egen tid)."""
    return datetime.now(UTC)


def referansedag(referansedato: date | None) -> date:
    """Dagen kjøringen gjelder: oppgitt dato (for omkjøring), ellers dagens dato i Europe/Oslo."""
    return referansedato or lokal_dato(na_utc())


def avh() -> Avhengigheter:
    """Avhengighetene for denne prosessen (én motor per prosess)."""
    return avhengigheter()


@dataclass(frozen=True)
class Utrulling:
    """En deployment: flyten, navnet, tidsplanen i Europe/Oslo og standardparametre."""

    flyt: Any
    navn: str
    cron: str | None = None
    intervall_sekunder: int | None = None
    beskrivelse: str = ""
    parametre: dict[str, Any] = field(default_factory=dict)

    def til_deployment(self, cron: str | None = None) -> Any:
        """Lag Prefects RunnerDeployment med tidsplan i Europe/Oslo (`cron` erstatter standarden)."""
        from prefect.schedules import Cron, Interval

        tidsplaner = []
        uttrykk = cron or self.cron
        if uttrykk:
            tidsplaner.append(Cron(uttrykk, timezone="Europe/Oslo"))
        if self.intervall_sekunder:
            tidsplaner.append(Interval(self.intervall_sekunder, timezone="Europe/Oslo"))
        return self.flyt.to_deployment(
            name=self.navn, schedules=tidsplaner or None, description=self.beskrivelse,
            parameters=self.parametre or None, concurrency_limit=1,
        )
