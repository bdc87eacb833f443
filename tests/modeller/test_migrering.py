"""Migreringene: tabellene stemmer med modellene, og en oppgradering beholder dataene (SQLite og PostgreSQL)."""

import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine

from modeller.db import lag_motor
from modeller.migrering import alembic_oppsett, nedgrader, oppgrader
from tests.db_fiks import _pg_admin, _pg_grunn, _pg_url

TABELLER = ("person", "virksomhet", "tjenesteyter", "koordinatoroppdrag")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def tom_url(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    """En tom database uten skjema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/tom.db"
        return
    if grunn := _pg_grunn():
        pytest.skip(grunn)
    navn = f"enheten_m_{uuid.uuid4().hex[:8]}"
    with _pg_admin().connect() as c:
        c.execute(text(f'CREATE DATABASE "{navn}"'))
    yield _pg_url(navn)
    with _pg_admin().connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)'))


def _fyll(motor: Engine) -> None:
    with motor.begin() as c:
        c.execute(text("INSERT INTO person (id, opprettet, identtype, fornavn, etternavn, malform, kommunenummer, "
                       "referanse, versjon, venter_barn) VALUES (1, CURRENT_TIMESTAMP, 'fnr', 'Kari', 'Nordmann', "
                       "'nb', '9999', 'P-TEST0001', 1, false)"))
        c.execute(text("INSERT INTO virksomhet (id, opprettet, navn, sektor, instans) "
                       "VALUES (1, CURRENT_TIMESTAMP, 'Helsestasjonen', 'helse', 'helsesykepleier')"))
        c.execute(text("INSERT INTO tjenesteyter (id, opprettet, navn, epost, virksomhet_id, kan_vaere_koordinator, "
                       "aktiv) VALUES (1, CURRENT_TIMESTAMP, 'Tone', 'tone@kommune.example', 1, true, true)"))
        c.execute(text("INSERT INTO koordinatoroppdrag (id, opprettet, person_id, tjenesteyter_id, rolle, fra, "
                       "begrunnelse, oppnevnt_av) VALUES (1, CURRENT_TIMESTAMP, 1, 1, 'koordinator', '2027-01-04', "
                       "'', '')"))


def _tell(motor: Engine) -> dict[str, int]:
    with motor.connect() as c:
        return {t: int(c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABELLER}


def test_oppgradering_fra_forste_versjon_beholder_data(tom_url: str) -> None:
    oppgrader(tom_url, "0001")
    motor = lag_motor(tom_url)
    _fyll(motor)
    for_ = _tell(motor)
    oppgrader(tom_url)
    assert _tell(motor) == for_ == dict.fromkeys(TABELLER, 1)
    nedgrader(tom_url, "-1")
    oppgrader(tom_url)
    assert _tell(motor) == for_
    motor.dispose()


def _fyll_evalueringer(motor: Engine) -> None:
    """En plan med to tiltak; tiltak 1 har to evalueringer (den seneste lagt inn først), tiltak 2 én."""
    with motor.begin() as c:
        c.execute(text("INSERT INTO individuell_plan (id, opprettet, person_id, referanse, status, ressurser_og_behov, "
                       "bidrag, samarbeid, versjon) VALUES (1, CURRENT_TIMESTAMP, 1, 'IP-TEST0001', 'aktiv', '', '', "
                       "'', 1)"))
        for tid in (1, 2):
            c.execute(text("INSERT INTO tiltak (id, opprettet, plan_id, beskrivelse, omfang, gjennomforing, "
                           "ansvarlig_id, start, evalueringsdato, status) VALUES (:id, CURRENT_TIMESTAMP, 1, "
                           "'Trening', '', '', 1, '2027-01-04', '2027-12-01', 'aktiv')"), {"id": tid})
        for eid, tid, dato, neste in ((1, 1, "2027-06-10", "2027-12-01"), (2, 1, "2027-03-01", "2027-06-01"),
                                      (3, 2, "2027-05-01", "2027-12-01")):
            c.execute(text("INSERT INTO evaluering (id, opprettet, tiltak_id, dato, vurdering, maloppnaelse, "
                           "neste_evalueringsdato, evaluert_av) VALUES (:id, CURRENT_TIMESTAMP, :t, :d, 'Ok', "
                           "'delvis', :n, '')"), {"id": eid, "t": tid, "d": dato, "n": neste})


def test_oppgradering_til_0004_fyller_frist_fra_forrige_evaluering(tom_url: str) -> None:
    oppgrader(tom_url, "0003")
    motor = lag_motor(tom_url)
    _fyll(motor)
    _fyll_evalueringer(motor)
    oppgrader(tom_url, "0004")
    with motor.connect() as c:
        frister = c.execute(text("SELECT id, frist FROM evaluering ORDER BY id")).all()
    # Evaluering 1 svarte på fristen evaluering 2 satte; de første for hvert tiltak har ingen kjent frist.
    assert [(i, str(f) if f is not None else None) for i, f in frister] == [(1, "2027-06-01"), (2, None), (3, None)]
    motor.dispose()


def test_modellene_og_migreringene_er_like(tom_url: str) -> None:
    oppgrader(tom_url)
    command.check(alembic_oppsett(tom_url))  # kaster hvis modellene har endringer uten migrering


