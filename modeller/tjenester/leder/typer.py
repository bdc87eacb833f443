"""Datatypene i lederens kvartalskontroll: funn, fordelinger og rapporten, med JSON for øyeblikksbildet."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from modeller.kalender import lokalt_tidspunkt
from modeller.regler.nokkeltall import Funnstatus, Periode
from modeller.regler.parametre import Regelverk

FORMAT = 1  # versjon av JSON-formatet i Rapport.innhold


@dataclass(frozen=True)
class Fordeling:
    """Én linje i en fordeling av et funn, f.eks. («type», «Evaluer tiltak», 3) eller («eier», «rolle leder», 1)."""

    gruppe: str
    navn: str
    antall: int


@dataclass(frozen=True)
class Funn:
    """Én plikt i kvartalskontrollen: regelen i klartekst, kilden, status og antall.

    `saker` er ugjennomsiktige referanser (P-, S- eller IP-referanser), aldri navn eller fødselsnummer, og
    gis bare ut til lederen gjennom `saker_i_funn` (som logges).
    """

    kode: str
    tittel: str
    regel: str
    kilde: str
    status: Funnstatus
    antall: int
    saker: tuple[str, ...] = ()
    merknader: tuple[str, ...] = ()
    fordeling: tuple[Fordeling, ...] = ()

    def til_json(self, *, med_saker: bool) -> dict[str, Any]:
        """Funnet som JSON; saksreferansene bare når `med_saker`."""
        data: dict[str, Any] = {
            "kode": self.kode, "tittel": self.tittel, "regel": self.regel, "kilde": self.kilde,
            "status": str(self.status), "antall": self.antall, "merknader": list(self.merknader),
            "fordeling": [{"gruppe": f.gruppe, "navn": f.navn, "antall": f.antall} for f in self.fordeling],
        }
        if med_saker:
            data["saker"] = list(self.saker)
        return data

    @classmethod
    def fra_json(cls, data: dict[str, Any]) -> "Funn":
        """Tilbake fra JSON i øyeblikksbildet."""
        return cls(kode=data["kode"], tittel=data["tittel"], regel=data["regel"], kilde=data["kilde"],
                   status=Funnstatus(data["status"]), antall=int(data["antall"]),
                   saker=tuple(data.get("saker", ())), merknader=tuple(data.get("merknader", ())),
                   fordeling=tuple(Fordeling(f["gruppe"], f["navn"], int(f["antall"]))
                                   for f in data.get("fordeling", ())))


@dataclass(frozen=True)
class Kontekst:
    """Det hvert funn regnes ut fra: perioden, datoen tallene gjelder per og regelparametrene."""

    periode: Periode
    dato: date      # periodens siste dag, eller i dag når kvartalet ikke er over
    regeldag: date  # dagen møtereglene vurderes per (se regler.nokkeltall.regeldag)
    regelverk: Regelverk

    @property
    def slutt_utc(self) -> datetime:
        """Midnatt (Oslo) etter `dato`, som UTC: tidspunkter før dette hører til perioden."""
        return lokalt_tidspunkt(self.dato + timedelta(days=1), time(0))

    @property
    def arets_start_utc(self) -> datetime:
        """Midnatt (Oslo) 1. januar i periodens år, som UTC."""
        return lokalt_tidspunkt(date(self.periode.ar, 1, 1), time(0))


@dataclass(frozen=True)
class Kvartalsrapport:
    """Kvartalskontrollen for ett kvartal: alle funn per `dato`, laget `laget`.

    `fra_lager` er sann når rapporten er det lagrede øyeblikksbildet (ikke regnet ut på nytt nå).
    """

    periode: str
    ar: int
    kvartal: int
    fra: date
    til: date
    dato: date
    ferdig: bool
    laget: datetime
    funn: tuple[Funn, ...]
    fra_lager: bool = field(default=False, compare=False)

    @property
    def avvik(self) -> int:
        """Antall funn som ikke er ok."""
        return sum(1 for f in self.funn if f.status is not Funnstatus.OK)

    @property
    def brudd(self) -> int:
        """Antall funn med status brudd."""
        return sum(1 for f in self.funn if f.status is Funnstatus.BRUDD)

    def saker_med_avvik(self) -> int:
        """Antall ulike saksreferanser i funnene som ikke er ok (tallet i e-posten til lederen)."""
        return len({s for f in self.funn if f.status is not Funnstatus.OK for s in f.saker})

    def funn_for(self, kode: str) -> Funn:
        """Funnet med koden; KeyError når det ikke finnes."""
        for f in self.funn:
            if f.kode == kode:
                return f
        raise KeyError(kode)

    def uten_saker(self) -> "Kvartalsrapport":
        """Samme rapport uten saksreferanser (sammendraget som går til flyter, CLI og e-post)."""
        return replace(self, funn=tuple(replace(f, saker=()) for f in self.funn))

    def til_json(self, *, med_saker: bool = False) -> dict[str, Any]:
        """Rapporten som JSON; saksreferansene bare når `med_saker`."""
        return {
            "format": FORMAT, "rapporttype": "kvartal", "periode": self.periode, "ar": self.ar,
            "kvartal": self.kvartal, "fra": self.fra.isoformat(), "til": self.til.isoformat(),
            "dato": self.dato.isoformat(), "ferdig": self.ferdig, "laget": self.laget.isoformat(),
            "avvik": self.avvik, "brudd": self.brudd,
            "funn": [f.til_json(med_saker=med_saker) for f in self.funn],
        }

    @classmethod
    def fra_json(cls, data: dict[str, Any], *, fra_lager: bool = True) -> "Kvartalsrapport":
        """Tilbake fra øyeblikksbildet i Rapport-tabellen."""
        return cls(periode=data["periode"], ar=int(data["ar"]), kvartal=int(data["kvartal"]),
                   fra=date.fromisoformat(data["fra"]), til=date.fromisoformat(data["til"]),
                   dato=date.fromisoformat(data["dato"]), ferdig=bool(data["ferdig"]),
                   laget=datetime.fromisoformat(data["laget"]),
                   funn=tuple(Funn.fra_json(f) for f in data["funn"]), fra_lager=fra_lager)
