"""`lag_demo`: en realistisk, syntetisk demokommune, lik for lik `seed` og `idag`.

Bare `random.Random(seed)` brukes (aldri den globale tilfeldighetskilden), og klokka leses aldri: alle datoer
regnes fra `idag`. Demoen skrives i én transaksjon, og bare i en tom database. Unntaket fra «lik hver gang» er
passordhashene: argon2 bruker tilfeldig salt, som det skal.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import func
from sqlmodel import Session, select

from modeller.db import arbeidsenhet
from modeller.demo.felles import (
    Demoinnlogging,
    lag_ke_gruppe_og_forum,
    lag_systembrukere,
    lag_tjenesteytere,
    lag_virksomheter,
)
from modeller.demo.kontekst import Demo, Typeinfo
from modeller.demo.personer import lag_person
from modeller.demo.planer import VARIANTER, lag_deling, lag_oppdrag, lag_plan, lag_tjenester
from modeller.demo.rader import Radlager
from modeller.demo.saker import Scenario, lag_sak, velg_scenario
from modeller.katalog import sikre_katalog
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Gruppe, Person, Sak, Systembruker, Tjenestetype, Tjenesteyter, Virksomhet
from modeller.tjenester.feil import Valideringsfeil

BOLK = 1000  # personer per skriving til databasen
MIN_TJENESTEYTERE = 30
PERSONER_PER_TJENESTEYTER = 8
DEMOKVOTE = 12  # så mange av de første koordinatorsakene får demokoordinatoren
SJEKKES = ((Person, "personer"), (Virksomhet, "virksomheter"), (Tjenesteyter, "tjenesteytere"),
           (Systembruker, "systembrukere"), (Sak, "saker"), (Gruppe, "grupper"))


@dataclass(frozen=True)
class Demoresultat:
    """Hva demoen la inn: rader per tabell (bare nye rader) og demoinnloggingene."""

    seed: int
    idag: date
    personer: int
    antall: dict[str, int] = field(default_factory=dict)
    innlogginger: tuple[Demoinnlogging, ...] = ()


def _krev_tom(okt: Session) -> None:
    for modell, navn in SJEKKES:
        antall = okt.exec(select(func.count()).select_from(modell)).one()
        if antall:
            raise Valideringsfeil.en("database", f"Databasen er ikke tom (den har {antall} {navn}). Demodata kan "
                                     "bare legges inn i en tom database; bruk en ny database eller en annen datamappe.")


def _krev_gyldige(avh: Avhengigheter, personer: int) -> None:
    if personer < 1:
        raise Valideringsfeil.en("personer", "Antall personer må være minst 1.")
    if not (avh.innstillinger.demo or avh.regelverk.tillat_syntetiske_identer):
        raise Valideringsfeil.en("demo", "Demodata har syntetiske identitetsnumre, som appen bare godtar i "
                                 "demomodus. Sett ENHETEN_DEMO=true (eller ENHETEN_TILLAT_SYNTETISKE_IDENTER=true).")


def _typer(okt: Session) -> dict[str, Typeinfo]:
    return {t.kode: Typeinfo(t.id or 0, t.lovpalagt, t.kan_paklages, t.typisk_tidsbegrenset)
            for t in okt.exec(select(Tjenestetype))}


def _person_med_sak(demo: Demo, indeks: int) -> None:
    """Én person med tjenester, og for de fleste sak, samtykke, vedtak, koordinator og plan."""
    p = lag_person(demo, indeks)
    tjenester = lag_tjenester(demo, p)
    scenario = velg_scenario(demo, indeks)
    if scenario is Scenario.INGEN:
        return
    sak = lag_sak(demo, p, scenario, [t.kode for t in tjenester])
    if not sak.koordinator:
        return
    koordinator = lag_oppdrag(demo, p, sak)
    delt = {koordinator.id}
    if sak.ip:
        delt |= lag_plan(demo, p, sak, koordinator, tjenester, VARIANTER[indeks] if indeks < len(VARIANTER) else None)
    if sak.samtykke_id is not None:
        lag_deling(demo, sak.samtykke_id, delt)


def lag_demo(avh: Avhengigheter, *, personer: int = 500, seed: int = 1, idag: date) -> Demoresultat:
    """Legg en syntetisk demokommune inn i en tom database; avviser en database som ikke er tom."""
    _krev_gyldige(avh, personer)
    na = datetime.combine(idag, time(5), tzinfo=UTC)
    with arbeidsenhet(avh.motor) as okt:
        _krev_tom(okt)
        nye_typer = sikre_katalog(okt, na=na)
        demo = Demo(rng=random.Random(seed), idag=idag, regelverk=avh.regelverk,
                    fridager=avh.fridager(idag.year - 5, idag.year + 2), lager=Radlager(okt, na),
                    kommunenummer=avh.innstillinger.kommunenummer, typer=_typer(okt))
        lag_virksomheter(demo, personer)
        leder, saksbehandler, koordinator = lag_tjenesteytere(
            demo, max(MIN_TJENESTEYTERE, personer // PERSONER_PER_TJENESTEYTER))
        innlogginger = lag_systembrukere(demo, leder, saksbehandler, koordinator)
        demo.demokoordinator, demo.demokvote = koordinator, DEMOKVOTE
        lag_ke_gruppe_og_forum(demo, leder)
        for indeks in range(personer):
            _person_med_sak(demo, indeks)
            if (indeks + 1) % BOLK == 0:
                demo.lager.skriv()
        demo.lager.avslutt()
    return Demoresultat(seed=seed, idag=idag, personer=personer,
                        antall={"tjenestetype": nye_typer, **demo.lager.antall}, innlogginger=tuple(innlogginger))
