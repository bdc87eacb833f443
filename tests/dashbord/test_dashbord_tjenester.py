"""Dashbordets egne lese- og adminbruksområder, mot SQLite og PostgreSQL."""

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Motestatus, Oppgavestatus, Oppgavetype, Planstatus, Rolle
from modeller.regler.parametre import Regelverk
from modeller.tabeller import Gruppe, IndividuellPlan, Mote, Oppgave, Systembruker, Tilgangslogg, Tiltak
from modeller.tjenester.dashbord_admin import (
    NyBruker,
    endre_tilgang,
    list_brukere,
    opprett_bruker,
    sett_passord,
)
from modeller.tjenester.dashbord_innlogging import hent_innlogget, logg_inn_lokalt
from modeller.tjenester.dashbord_leder import ledertall
from modeller.tjenester.dashbord_oppslag import mine_oppgaver, person_for_referanse
from modeller.tjenester.dashbord_oversikt import grupper_for, koordinatoroversikt, motekalender
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.tilgang import Aktor
from tests.dashbord.verden import IDAG, Verden, lag_verden
from tests.db_fiks import url_for


@pytest.fixture
def avh2(motor: Engine, tmp_path: Path) -> Avhengigheter:
    """Avhengigheter mot både SQLite og PostgreSQL (konvensjonen for bruksområdetester)."""
    return Avhengigheter(innstillinger=Innstillinger(datamappe=tmp_path, database_url=url_for(motor)), motor=motor,
                         regelverk=Regelverk())


@pytest.fixture
def v(avh2: Avhengigheter) -> Verden:
    return lag_verden(avh2.motor)


def _aktor(avh: Avhengigheter, bruker_id: int) -> Aktor:
    aktor = hent_innlogget(avh, bruker_id)
    assert aktor is not None
    return aktor


def _moter(avh: Avhengigheter, v: Verden) -> None:
    with arbeidsenhet(avh.motor) as okt:
        grupper = [Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn="AG Anna", person_id=v.p1, opprettet_dato=IDAG),
                   Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn="AG Bjørn", person_id=v.p2, opprettet_dato=IDAG),
                   Gruppe(gruppetype=Gruppetype.KE_GRUPPE, navn="KE-gruppen", opprettet_dato=IDAG)]
        okt.add_all(grupper)
        okt.flush()
        for i, g in enumerate(grupper):
            start = lokalt_tidspunkt(IDAG + timedelta(days=i + 1), time(10))
            okt.add(Mote(gruppe_id=g.id or 0, start=start, slutt=start + timedelta(hours=1), uid=f"m{i}@t"))
        start = lokalt_tidspunkt(IDAG - timedelta(days=3), time(10))
        okt.add(Mote(gruppe_id=grupper[0].id or 0, start=start, slutt=start, uid="gammel@t",
                     status=Motestatus.GJENNOMFORT))


@pytest.mark.parametrize(("bruker", "forventet"), [
    ("koordinator", ["AG Anna", "KE-gruppen"]),
    ("saksbehandler2", ["AG Bjørn", "KE-gruppen"]),
    ("leder", ["AG Anna", "AG Bjørn", "KE-gruppen"]),
])
def test_motekalender_viser_bare_synlige_grupper(avh2: Avhengigheter, v: Verden, bruker: str,
                                                 forventet: list[str]) -> None:
    _moter(avh2, v)
    aktor = _aktor(avh2, getattr(v, bruker))
    rader = motekalender(avh2, aktor, idag=IDAG, fra=IDAG, til=IDAG + timedelta(days=10))
    assert [r.gruppenavn for r in rader] == forventet
    navn = {r.person_navn for r in rader if r.person_navn}
    with lesing(avh2.motor) as okt:
        logget = okt.exec(select(Tilgangslogg.person_id).where(Tilgangslogg.hva == "navn i møtekalenderen")).all()
    assert len(logget) == len(navn)
    gjennomforte = motekalender(avh2, aktor, idag=IDAG, fra=IDAG - timedelta(days=7), til=IDAG,
                                status=Motestatus.GJENNOMFORT)
    assert [r.har_referat for r in gjennomforte] == ([False] if "AG Anna" in forventet else [])


def test_motekalender_avviser_admin_og_baklengs_periode(avh2: Avhengigheter, v: Verden) -> None:
    with pytest.raises(IngenTilgang):
        motekalender(avh2, _aktor(avh2, v.admin), idag=IDAG, fra=IDAG, til=IDAG)
    with pytest.raises(Valideringsfeil, match="til"):
        motekalender(avh2, _aktor(avh2, v.leder), idag=IDAG, fra=IDAG, til=IDAG - timedelta(days=1))


def test_grupper_for_innkalling(avh2: Avhengigheter, v: Verden) -> None:
    _moter(avh2, v)
    koordinator, saksbehandler = _aktor(avh2, v.koordinator), _aktor(avh2, v.saksbehandler)
    assert [g.navn for g in grupper_for(avh2, koordinator, idag=IDAG, person_id=v.p1)] == ["AG Anna"]
    assert grupper_for(avh2, koordinator, idag=IDAG, person_id=v.p2) == []
    assert grupper_for(avh2, koordinator, idag=IDAG) == []
    assert [g.navn for g in grupper_for(avh2, saksbehandler, idag=IDAG)] == ["KE-gruppen"]


def test_koordinatoroversikt(avh2: Avhengigheter, v: Verden) -> None:
    leder = koordinatoroversikt(avh2, _aktor(avh2, v.leder), idag=IDAG)
    assert [(r.navn, r.aktive_oppdrag) for r in leder] == [("Kari Koordinator", 1), ("Ola Koordinator", 1)]
    egen = koordinatoroversikt(avh2, _aktor(avh2, v.koordinator), idag=IDAG)
    assert [r.tjenesteyter_id for r in egen] == [v.ty1]
    with pytest.raises(IngenTilgang):
        koordinatoroversikt(avh2, _aktor(avh2, v.admin), idag=IDAG)


def test_mine_oppgaver_viser_navn_bare_med_tilgang(avh2: Avhengigheter, v: Verden) -> None:
    koordinator = _aktor(avh2, v.koordinator)
    rader = mine_oppgaver(avh2, koordinator, idag=IDAG)
    assert [(r.id, r.person_navn) for r in rader] == [(v.oppgave1, "Anna Ås")]
    leder = mine_oppgaver(avh2, _aktor(avh2, v.leder), idag=IDAG)
    assert [r.person_navn for r in leder] == ["Anna Ås", "Bjørn Berg"]  # forfalte først
    # Koordinatoren mister oppdraget: oppgaven vises fortsatt, men uten navn.
    with arbeidsenhet(avh2.motor) as okt:
        from modeller.tabeller import Koordinatoroppdrag

        oppdrag = okt.exec(select(Koordinatoroppdrag).where(Koordinatoroppdrag.person_id == v.p1)).one()
        oppdrag.til = IDAG - timedelta(days=1)
        okt.add(oppdrag)
    rad = mine_oppgaver(avh2, koordinator, idag=IDAG)[0]
    assert (rad.person_navn, rad.person_referanse, rad.gjelder_person) == (None, None, True)


def test_person_for_referanse(avh2: Avhengigheter, v: Verden) -> None:
    with arbeidsenhet(avh2.motor) as okt:
        plan = IndividuellPlan(person_id=v.p2, referanse="IP-TESTPLAN")
        okt.add(plan)
        from modeller.tabeller import Sak

        sak_ref = okt.exec(select(Sak.referanse).where(Sak.person_id == v.p1)).one()
    assert person_for_referanse(avh2, v.p1_ref) == v.p1_ref
    assert person_for_referanse(avh2, sak_ref) == v.p1_ref
    assert person_for_referanse(avh2, "IP-TESTPLAN") == v.p2_ref
    assert person_for_referanse(avh2, "P-FINNESIKK") is None
    assert person_for_referanse(avh2, "G-1") is None


def test_ledertall(avh2: Avhengigheter, v: Verden) -> None:
    _moter(avh2, v)
    with arbeidsenhet(avh2.motor) as okt:
        plan = IndividuellPlan(person_id=v.p1, referanse="IP-LEDERTAL", status=Planstatus.AKTIV,
                               neste_revisjon=IDAG - timedelta(days=1))
        okt.add(plan)
        okt.flush()
        okt.add(Tiltak(plan_id=plan.id or 0, beskrivelse="t", ansvarlig_id=v.ty1, start=date(2026, 1, 1),
                       evalueringsdato=IDAG - timedelta(days=5)))
        okt.add(Oppgave(oppgavetype=Oppgavetype.SKRIV_REFERAT, tittel="Skriv referat", nokkel="referat|1",
                        eier_rolle=Rolle.KOORDINATOR, frist=IDAG + timedelta(days=3)))
        okt.add(Oppgave(oppgavetype=Oppgavetype.SKRIV_REFERAT, tittel="Skriv referat", nokkel="referat|2",
                        eier_rolle=Rolle.KOORDINATOR, frist=IDAG, status=Oppgavestatus.FULLFORT))
    tall = ledertall(avh2, _aktor(avh2, v.leder), idag=IDAG)
    assert (tall.apne_oppgaver, tall.forfalte_oppgaver, tall.forfalte_evalueringer, tall.forfalte_planrevisjoner,
            tall.referat_mangler, tall.dode_varsler) == (3, 1, 1, 1, 1, 0)
    assert tall.forfalte_per_type == (("Evaluer tiltak", 1),)
    for bruker in (v.koordinator, v.saksbehandler, v.admin):
        with pytest.raises(IngenTilgang):
            ledertall(avh2, _aktor(avh2, bruker), idag=IDAG)


def test_admin_brukere(avh2: Avhengigheter, v: Verden) -> None:
    admin = _aktor(avh2, v.admin)
    with pytest.raises(Valideringsfeil) as feil:
        opprett_bruker(avh2, admin, NyBruker(brukernavn="koordinator", navn="", rolle=Rolle.KOORDINATOR,
                                             passord="kort"))
    assert {f.felt for f in feil.value.feil} == {"brukernavn", "navn", "passord", "tjenesteyter"}
    ny = opprett_bruker(avh2, admin, NyBruker(brukernavn="nina", navn="Nina", rolle=Rolle.SAKSBEHANDLER,
                                              passord="et-langt-passord"))
    assert logg_inn_lokalt(avh2, "nina", "et-langt-passord", na=lokalt_tidspunkt(IDAG, time(9))) is not None
    sett_passord(avh2, admin, ny.id or 0, "enda-et-langt-passord")
    assert logg_inn_lokalt(avh2, "nina", "et-langt-passord", na=lokalt_tidspunkt(IDAG, time(9))) is None
    rader = list_brukere(avh2, admin, sok="NIN")
    assert [(r.brukernavn, r.har_passord) for r in rader] == [("nina", True)]
    assert not hasattr(rader[0], "passord_hash")
    with pytest.raises(Valideringsfeil, match="minst én aktiv administrator"):
        endre_tilgang(avh2, admin, v.admin, rolle=Rolle.ADMIN, aktiv=False, tjenesteyter_id=None)
    endre_tilgang(avh2, admin, v.koordinator, rolle=Rolle.KOORDINATOR, aktiv=False, tjenesteyter_id=v.ty1)
    assert hent_innlogget(avh2, v.koordinator) is None
    with lesing(avh2.motor) as okt:
        hendelser = okt.exec(select(Tilgangslogg.hvorfor).where(Tilgangslogg.hva == f"systembruker {v.koordinator}")
                             .order_by(col(Tilgangslogg.id))).all()
    assert hendelser == ["tilgang endret fra koordinator/aktiv til koordinator/deaktivert"]


@pytest.mark.parametrize("bruker", ["koordinator", "saksbehandler", "leder"])
def test_bare_admin_forvalter_brukere(avh2: Avhengigheter, v: Verden, bruker: str) -> None:
    aktor = _aktor(avh2, getattr(v, bruker))
    with pytest.raises(IngenTilgang):
        opprett_bruker(avh2, aktor, NyBruker(brukernavn="x-bruker", navn="X", rolle=Rolle.LEDER, epost="x@k.no"))
    with pytest.raises(IngenTilgang):
        endre_tilgang(avh2, aktor, aktor.id or 0, rolle=Rolle.ADMIN, aktiv=True, tjenesteyter_id=None)
    with pytest.raises(IngenTilgang):
        list_brukere(avh2, aktor)
    with lesing(avh2.motor) as okt:
        assert okt.exec(select(Systembruker.rolle).where(Systembruker.id == aktor.id)).one() == bruker.rstrip("2")
