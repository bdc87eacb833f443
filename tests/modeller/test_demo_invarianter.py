"""Demokommunen slik en KE kjenner den igjen: datoene henger sammen, og køen etter dagens sveip er troverdig.

Sjekkes for flere frø og to dager rett før helligdager (jul og påske), på radene `lag_demo` skriver til en ekte
SQLite-database, og på oppgavene det daglige oppfølgingssveipet lager av dem samme dag.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import lag_motor, lesing
from modeller.demo import lag_demo
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato, norske_fridager
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Motestatus, Oppgavestatus, Planstatus
from modeller.regler.frister import legg_til_maneder
from modeller.regler.parametre import Regelverk
from modeller.regler.virkedager import er_virkedag
from modeller.tabeller import Evaluering, Gruppe, IndividuellPlan, Mote, Oppgave, Tiltak
from modeller.tjenester.oppfolging import daglig_oppfolging
from tests.db_fiks import sqlite_url

REGELVERK = Regelverk(tillat_syntetiske_identer=True)
PERSONER = 200
FRO = (1, 2, 3, 4)
# Dagen før lille julaften (jul og nyttår i neste møtetakt) og onsdagen før skjærtorsdag 2027.
DATOER = (date(2026, 12, 22), date(2027, 3, 24))
MAKS_FORFALT_ANDEL = 0.15
MIN_SNART_ANDEL = 0.7
MAKS_FORSINKELSE = timedelta(weeks=3)  # en forfalt oppgave i demoen er dager eller uker for sen, ikke år


@dataclass(frozen=True)
class Kommune:
    """En generert demokommune etter dagens sveip."""

    seed: int
    idag: date
    motor: Engine


@pytest.fixture(scope="module", params=[(s, d) for d in DATOER for s in FRO], ids=lambda t: f"{t[1]}-fro{t[0]}")
def kommune(request: pytest.FixtureRequest, sqlite_mal: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kommune]:
    """Demokommunen for (frø, dag), og køen det daglige oppfølgingssveipet lager samme dag."""
    seed, idag = request.param
    mappe = tmp_path_factory.mktemp(f"demo-{seed}-{idag}")
    url = sqlite_url(sqlite_mal, mappe)
    motor = lag_motor(url)
    avh = Avhengigheter(innstillinger=Innstillinger(datamappe=mappe, database_url=url, demo=True), motor=motor,
                        regelverk=REGELVERK)
    lag_demo(avh, personer=PERSONER, seed=seed, idag=idag)
    daglig_oppfolging(avh, referansedato=idag)
    yield Kommune(seed, idag, motor)
    motor.dispose()


def test_ingen_planrevisjon_for_planen_starter_og_minst_en_gang_i_aret(kommune: Kommune) -> None:
    with lesing(kommune.motor) as okt:
        planer = [(p.referanse, p.status, p.periode_fra, p.neste_revisjon) for p in okt.exec(
            select(IndividuellPlan).where(col(IndividuellPlan.neste_revisjon).is_not(None)))]
    assert sum(status == Planstatus.AKTIV for _, status, _, _ in planer) > 50
    for referanse, status, fra, revisjon in planer:
        assert fra is not None and revisjon is not None
        assert revisjon >= fra, (referanse, fra, revisjon)
        if status == Planstatus.AKTIV:
            senest = legg_til_maneder(max(fra, kommune.idag), REGELVERK.revurdering_maneder)
            assert revisjon <= senest, (referanse, fra, revisjon)


def test_ingen_tiltaksevaluering_for_tiltaket_starter(kommune: Kommune) -> None:
    with lesing(kommune.motor) as okt:
        tiltak = [(t.id, t.start, t.evalueringsdato) for t in okt.exec(select(Tiltak))]
        evalueringer = [(t.id, t.start, e.dato, e.neste_evalueringsdato)
                        for e, t in okt.exec(select(Evaluering, Tiltak).join(Tiltak))]
    assert len(tiltak) > 100 and evalueringer
    for tid, start, evalueringsdato in tiltak:
        assert evalueringsdato >= start, (tid, start, evalueringsdato)
    for tid, start, dato, neste in evalueringer:
        assert start <= dato < kommune.idag, (tid, start, dato)
        assert neste is not None and neste > dato, (tid, dato, neste)


@dataclass(frozen=True)
class Gruppemoter:
    """En gruppe og møtene dens som (lokal dato, status), sortert etter tid."""

    navn: str
    gruppetype: str
    avsluttet: bool
    opprettet: date
    intervall: timedelta
    moter: list[tuple[date, str]]


def _grupper(motor: Engine) -> list[Gruppemoter]:
    """Alle grupper med møter, med møtedatoene i Europe/Oslo."""
    per: dict[int, Gruppemoter] = {}
    with lesing(motor) as okt:
        for m, g in okt.exec(select(Mote, Gruppe).join(Gruppe).order_by(col(Mote.start))):
            gm = per.setdefault(g.id or 0, Gruppemoter(g.navn, g.gruppetype, g.avsluttet_dato is not None,
                                                       g.opprettet_dato, timedelta(weeks=g.intervall_uker), []))
            gm.moter.append((lokal_dato(m.start), m.status))
    return list(per.values())


def test_ett_mote_per_dag_og_neste_ansvarsgruppemote_en_takt_etter_det_siste(kommune: Kommune) -> None:
    idag = kommune.idag
    apne = 0
    for g in _grupper(kommune.motor):
        datoer = [d for d, _ in g.moter]
        assert len(datoer) == len(set(datoer)), (g.navn, datoer)
        for d, status in g.moter:
            assert (status == Motestatus.PLANLAGT) == (d >= idag), (g.navn, d, status)
        if g.gruppetype != Gruppetype.ANSVARSGRUPPE or g.avsluttet:
            continue
        apne += 1
        planlagte = [d for d, s in g.moter if s == Motestatus.PLANLAGT]
        assert len(planlagte) == 1 and planlagte[0] > idag, (g.navn, g.moter)
        assert min(datoer) >= g.opprettet, (g.navn, g.opprettet, g.moter)
        holdte = [d for d, s in g.moter if s != Motestatus.PLANLAGT]
        if holdte:
            assert g.intervall <= planlagte[0] - holdte[-1] <= g.intervall + timedelta(weeks=2), (g.navn, g.moter)
    assert apne > 20


def test_alle_moter_er_pa_virkedager(kommune: Kommune) -> None:
    fridager = norske_fridager(kommune.idag.year - 5, kommune.idag.year + 2)
    grupper = _grupper(kommune.motor)
    assert sum(d >= kommune.idag for g in grupper for d, _ in g.moter) > 20
    for g in grupper:
        for d, _ in g.moter:
            assert er_virkedag(d, fridager), (g.navn, d)


def test_koen_etter_dagens_sveip_har_noen_fa_forfalte_og_mest_som_forfaller_snart(kommune: Kommune) -> None:
    idag = kommune.idag
    horisont = idag + timedelta(days=max(REGELVERK.paminnelse_dager_for))
    with lesing(kommune.motor) as okt:
        oppgaver = [(o.oppgavetype, o.frist) for o in okt.exec(select(Oppgave).where(
            Oppgave.status == Oppgavestatus.APEN))]
    forfalte = [(t, f) for t, f in oppgaver if f < idag]
    snart = [(t, f) for t, f in oppgaver if idag <= f <= horisont]
    beskrivelse = f"{len(oppgaver)} åpne, {len(snart)} innen to uker, forfalte: {sorted(forfalte)}"
    assert len(oppgaver) >= 20, beskrivelse
    assert 0 < len(forfalte) < MAKS_FORFALT_ANDEL * len(oppgaver), beskrivelse
    assert len(snart) >= MIN_SNART_ANDEL * len(oppgaver), beskrivelse
    assert all(f >= idag - MAKS_FORSINKELSE for _, f in forfalte), beskrivelse
