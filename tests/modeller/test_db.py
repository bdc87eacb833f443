"""Databasen: migreringer på begge databaser, vern av tilgangsloggen, én aktiv plan per person."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import select

from modeller.db import arbeidsenhet, lesing
from modeller.tabeller import IndividuellPlan, Person, Tilgangslogg


def _person(motor: Engine) -> int:
    with arbeidsenhet(motor) as okt:
        p = Person(fornavn="Kari", etternavn="Nordmann", fodselsdato=date(1990, 5, 1))
        okt.add(p)
        okt.flush()
        assert p.id is not None
        return p.id


def test_tilgangsloggen_kan_ikke_endres_eller_slettes(motor: Engine) -> None:
    pid = _person(motor)
    with arbeidsenhet(motor) as okt:
        okt.add(Tilgangslogg(aktor="kari", rolle="leder", person_id=pid, handling="les", hva="person",
                             hvorfor="test"))
    for sql in ("UPDATE tilgangslogg SET hva = 'x'", "DELETE FROM tilgangslogg"):
        with pytest.raises(DBAPIError, match="Tilgangsloggen kan ikke endres"), arbeidsenhet(motor) as okt:
            okt.execute(text(sql))
    with lesing(motor) as okt:
        assert [r.hva for r in okt.exec(select(Tilgangslogg))] == ["person"]


def test_bare_en_aktiv_plan_per_person(motor: Engine) -> None:
    pid = _person(motor)
    with arbeidsenhet(motor) as okt:
        okt.add(IndividuellPlan(person_id=pid, referanse="IP-1", status="avsluttet"))
        okt.add(IndividuellPlan(person_id=pid, referanse="IP-2", status="aktiv"))
    with pytest.raises(IntegrityError), arbeidsenhet(motor) as okt:
        okt.add(IndividuellPlan(person_id=pid, referanse="IP-3", status="utkast"))


def test_tidspunkter_lagres_i_utc(motor: Engine) -> None:
    _person(motor)
    with lesing(motor) as okt:
        p = okt.exec(select(Person)).one()
        assert p.opprettet.utcoffset() is not None and p.opprettet.utcoffset().total_seconds() == 0


def test_databasefeil_viser_aldri_verdiene(motor: Engine) -> None:
    """En feilet INSERT nevner setningen, men ikke fødselsnummeret eller navnet som sto i den."""
    fnr, navn = "15108695088", "Kari Nordmann"
    with pytest.raises(DBAPIError) as feil, motor.begin() as c:
        c.execute(text("INSERT INTO finnes_ikke (fnr, navn) VALUES (:fnr, :navn)"), {"fnr": fnr, "navn": navn})
    assert fnr not in str(feil.value) and navn not in str(feil.value)
    assert "hidden due to hide_parameters" in str(feil.value)
