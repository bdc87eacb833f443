"""Feil som bruksområdene gir, med norske meldinger som navngir feltet."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Feltfeil:
    """Ett problem med ett felt."""

    felt: str
    melding: str

    def __str__(self) -> str:
        return f"{self.felt}: {self.melding}"


class Valideringsfeil(ValueError):
    """Inndata er ugyldige; ingenting er skrevet. `feil` lister hvert problem med feltnavn."""

    def __init__(self, feil: list[Feltfeil] | Feltfeil) -> None:
        self.feil = [feil] if isinstance(feil, Feltfeil) else list(feil)
        super().__init__("; ".join(str(f) for f in self.feil))

    @classmethod
    def en(cls, felt: str, melding: str) -> "Valideringsfeil":
        """Lag en feil for ett felt."""
        return cls(Feltfeil(felt, melding))


class IngenTilgang(PermissionError):
    """Brukeren har ikke tjenstlig behov for dette; forsøket er logget."""


class IkkeFunnet(LookupError):
    """Objektet finnes ikke (eller brukeren skal ikke vite at det finnes)."""


class Konflikt(RuntimeError):
    """Noen andre har endret dette i mellomtiden; last på nytt og prøv igjen."""


class ManglerSamtykke(ValueError):
    """Handlingen krever et gyldig samtykke som ikke finnes (lovkrav K3; 003_e8b2068bec45c70c.txt L1660–1663)."""
