"""Innloggingsøkter på tjeneren: start, innløsning av engangskoden, gjenoppretting, tidsavbrudd, levetid og utlogging.

Mot en ekte, migrert database (SQLite alltid, PostgreSQL når serveren svarer).
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.regler.parametre import Regelverk
from modeller.tabeller import Innloggingsokt, Systembruker, Tilgangslogg
from modeller.tjenester import okt
from tests.db_fiks import url_for

NA = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    innst = Innstillinger(datamappe=tmp_path, database_url=url_for(motor), okt_inaktiv_minutter=30, okt_maks_timer=10)
    return Avhengigheter(innstillinger=innst, motor=motor, regelverk=Regelverk())


@pytest.fixture
def bruker(avh: Avhengigheter) -> int:
    with arbeidsenhet(avh.motor) as s:
        b = Systembruker(brukernavn="kari", navn="Kari Koordinator", rolle=Rolle.KOORDINATOR)
        s.add(b)
        s.flush()
        assert b.id is not None
        return b.id


def _rad(avh: Avhengigheter, okt_id: str) -> Innloggingsokt:
    with lesing(avh.motor) as s:
        rad = s.exec(select(Innloggingsokt).where(col(Innloggingsokt.okt_id) == okt_id)).one()
        s.expunge(rad)
        return rad


def _innlogget(avh: Avhengigheter, bruker: int, na: datetime = NA) -> tuple[str, str]:
    """En startet økt med token i informasjonskapselen: (okt_id, token)."""
    okt_id, kode = okt.start_okt(avh, bruker, metode="lokal", na=na)
    token = okt.bind_token(avh, kode, na + timedelta(seconds=1))
    assert token is not None
    return okt_id, token


def _endre_bruker(avh: Avhengigheter, bruker: int, **felt: object) -> None:
    with arbeidsenhet(avh.motor) as s:
        b = s.get(Systembruker, bruker)
        assert b is not None
        for navn, verdi in felt.items():
            setattr(b, navn, verdi)
        s.add(b)


def _utlogginger(avh: Avhengigheter) -> list[tuple[str | None, str]]:
    with lesing(avh.motor) as s:
        return [(r.okt, r.hvorfor) for r in s.exec(
            select(Tilgangslogg).where(col(Tilgangslogg.handling) == "utlogging").order_by(col(Tilgangslogg.id)))]


def test_start_lagrer_bare_hasher_og_koden_loses_inn_en_gang(avh: Avhengigheter, bruker: int) -> None:
    okt_id, kode = okt.start_okt(avh, bruker, metode="lokal", na=NA)
    rad = _rad(avh, okt_id)
    assert rad.token_hash is None and rad.overlevering_hash == okt.token_hash(kode) != kode
    assert (rad.bruker_id, rad.metode, rad.rolle, rad.start, rad.sist_aktiv) == (bruker, "lokal", "koordinator", NA, NA)
    assert rad.utloper == NA + timedelta(hours=10)
    assert okt.fortsett_okt(avh, okt_id, NA).venter_pa_token  # type: ignore[union-attr]

    token = okt.bind_token(avh, kode, NA + timedelta(seconds=5))
    assert token and token != kode
    rad = _rad(avh, okt_id)
    assert rad.token_hash == okt.token_hash(token) and rad.overlevering_hash is None
    assert okt.bind_token(avh, kode, NA + timedelta(seconds=6)) is None, "engangskoden kan ikke brukes to ganger"
    assert okt.bind_token(avh, "gjettet", NA) is None


def test_engangskoden_utloper(avh: Avhengigheter, bruker: int) -> None:
    _, kode = okt.start_okt(avh, bruker, metode="lokal", na=NA)
    assert okt.bind_token(avh, kode, NA + okt.OVERLEVERING_GYLDIG + timedelta(seconds=1)) is None


def test_gjenoppretting_fra_tokenet_gir_brukeren_og_oppdaterer_sist_aktiv(avh: Avhengigheter, bruker: int) -> None:
    okt_id, token = _innlogget(avh, bruker)
    senere = NA + timedelta(minutes=20)
    svar = okt.gjenopprett_okt(avh, token, senere)
    assert isinstance(svar, okt.Okt)
    assert (svar.okt_id, svar.aktor.id, svar.aktor.rolle, svar.aktor.okt) == (okt_id, bruker, Rolle.KOORDINATOR,
                                                                              okt_id)
    assert not svar.venter_pa_token
    assert _rad(avh, okt_id).sist_aktiv == senere
    # Aktivitet holder økten i live ut over tidsavbruddet regnet fra starten.
    assert isinstance(okt.gjenopprett_okt(avh, token, senere + timedelta(minutes=25)), okt.Okt)
    assert okt.gjenopprett_okt(avh, "ukjent-token", senere) is None
    assert okt.gjenopprett_okt(avh, None, senere) is None


def test_inaktiv_okt_avsluttes_paa_tjeneren(avh: Avhengigheter, bruker: int) -> None:
    okt_id, token = _innlogget(avh, bruker)
    svar = okt.gjenopprett_okt(avh, token, NA + timedelta(minutes=31))
    assert isinstance(svar, okt.Avsluttet) and "30 minutter uten aktivitet" in svar.grunn
    rad = _rad(avh, okt_id)
    assert rad.avsluttet == NA + timedelta(minutes=31) and rad.avsluttet_grunn == "inaktiv"
    assert _utlogginger(avh) == [(okt_id, svar.grunn)]
    # Senere aktivitet vekker den ikke: tokenet alene holder aldri.
    assert okt.gjenopprett_okt(avh, token, NA + timedelta(minutes=32)) is None
    assert isinstance(okt.fortsett_okt(avh, okt_id, NA + timedelta(minutes=32)), okt.Avsluttet)
    assert not okt.token_gjelder(avh, token)


def test_storste_levetid_gjelder_selv_med_aktivitet(avh: Avhengigheter, bruker: int) -> None:
    okt_id, token = _innlogget(avh, bruker)
    for minutter in range(20, 10 * 60 + 1, 20):  # aktiv hvert 20. minutt i ti timer
        assert isinstance(okt.gjenopprett_okt(avh, token, NA + timedelta(minutes=minutter)), okt.Okt), minutter
    svar = okt.fortsett_okt(avh, okt_id, NA + timedelta(hours=10, minutes=1))
    assert isinstance(svar, okt.Avsluttet) and "lenger enn 10 timer" in svar.grunn
    assert _rad(avh, okt_id).avsluttet_grunn == "levetid"


def test_utlogging_avslutter_okten_for_alle_faner(avh: Avhengigheter, bruker: int) -> None:
    okt_id, token = _innlogget(avh, bruker)
    assert okt.token_gjelder(avh, token)
    svar = okt.avslutt_okt(avh, okt_id, "utlogget", NA + timedelta(minutes=1))
    assert svar is not None and svar.grunn == "Du er logget ut."
    assert okt.gjenopprett_okt(avh, token, NA + timedelta(minutes=2)) is None
    annen_fane = okt.fortsett_okt(avh, okt_id, NA + timedelta(minutes=2))
    assert isinstance(annen_fane, okt.Avsluttet) and annen_fane.grunn == "Du er logget ut."
    assert not okt.token_gjelder(avh, token)
    # Å logge ut to ganger skriver ikke to rader i tilgangsloggen.
    okt.avslutt_okt(avh, okt_id, "utlogget", NA + timedelta(minutes=3))
    assert _utlogginger(avh) == [(okt_id, "Du er logget ut.")]


def test_deaktivert_bruker_mister_okten(avh: Avhengigheter, bruker: int) -> None:
    okt_id, token = _innlogget(avh, bruker)
    _endre_bruker(avh, bruker, aktiv=False)
    svar = okt.gjenopprett_okt(avh, token, NA + timedelta(minutes=1))
    assert isinstance(svar, okt.Avsluttet) and "deaktivert" in svar.grunn
    _endre_bruker(avh, bruker, aktiv=True)
    assert okt.gjenopprett_okt(avh, token, NA + timedelta(minutes=2)) is None, "økten kommer ikke tilbake"
    assert _rad(avh, okt_id).avsluttet_grunn == "deaktivert"


def test_endret_rolle_avslutter_okten(avh: Avhengigheter, bruker: int) -> None:
    okt_id, _ = _innlogget(avh, bruker)
    _endre_bruker(avh, bruker, rolle=Rolle.LEDER)
    svar = okt.fortsett_okt(avh, okt_id, NA + timedelta(minutes=1))
    assert isinstance(svar, okt.Avsluttet) and "Rollen din er endret" in svar.grunn


def test_sist_aktiv_skrives_hoyst_en_gang_i_minuttet(avh: Avhengigheter, bruker: int) -> None:
    okt_id, _ = _innlogget(avh, bruker)
    okt.fortsett_okt(avh, okt_id, NA + timedelta(seconds=30))
    assert _rad(avh, okt_id).sist_aktiv == NA
    okt.fortsett_okt(avh, okt_id, NA + timedelta(seconds=61))
    assert _rad(avh, okt_id).sist_aktiv == NA + timedelta(seconds=61)


def test_gamle_utlopte_okter_ryddes_ved_neste_innlogging(avh: Avhengigheter, bruker: int) -> None:
    gammel, _ = okt.start_okt(avh, bruker, metode="lokal", na=NA)
    ny, _ = okt.start_okt(avh, bruker, metode="lokal", na=NA + timedelta(hours=10) + okt.RYDDES_ETTER
                          + timedelta(minutes=1))
    with lesing(avh.motor) as s:
        assert list(s.exec(select(Innloggingsokt.okt_id))) == [ny]
    assert gammel != ny


@pytest.mark.parametrize(("aktiv_min_siden", "startet_timer_siden", "forventet"), [
    (0, 0, None), (30, 1, None), (31, 1, "inaktiv"), (5, 10, None), (5, 11, "levetid"),
])
def test_utlopsgrunn(aktiv_min_siden: int, startet_timer_siden: int, forventet: str | None) -> None:
    start = NA - timedelta(hours=startet_timer_siden)
    assert okt.utlopsgrunn(start=start, sist_aktiv=NA - timedelta(minutes=aktiv_min_siden),
                           utloper=start + timedelta(hours=10), na=NA, inaktiv_minutter=30,
                           maks_timer=10) == forventet


def test_kortere_levetid_i_innstillingene_gjelder_ogsaa_startede_okter() -> None:
    start = NA - timedelta(hours=3)
    assert okt.utlopsgrunn(start=start, sist_aktiv=NA, utloper=start + timedelta(hours=10), na=NA,
                           inaktiv_minutter=30, maks_timer=2) == "levetid"
