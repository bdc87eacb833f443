"""KPR/IPLOS-eksport: flagg per person per 31.12, fil med strenge rettigheter og logg per person (lovkrav K23)."""

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Koordinatorrolle, Planstatus, Rolle
from modeller.regler.identitet import lag_identitetsnummer
from modeller.tabeller import Tilgangslogg
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.leder import kpr_eksport
from modeller.tjenester.tilgang import Aktor
from tests.modeller.test_leder_verden import Bygger, Verden, lag_avh

NA = datetime(2027, 1, 5, 8, tzinfo=UTC)
LEDER = Aktor(id=None, navn="leder", rolle=Rolle.LEDER)


def _ident(nr: int) -> str:
    for individ in range(500 + nr * 20, 520 + nr * 20):
        ident = lag_identitetsnummer(date(2010, 1, nr), individ, syntetisk=True)  # Tenor: aldri ekte
        if ident:
            return ident
    raise AssertionError("fant ikke et gyldig nummer")


@pytest.fixture
def verden(motor: Engine) -> Verden:
    v = Verden()
    with arbeidsenhet(motor) as okt:
        b = Bygger(okt, v)
        b.yter("T1", opplaering=date(2026, 1, 1))
        for nr in range(1, 9):
            b.person(f"p{nr}", ident=None if nr == 5 else _ident(nr))
        b.sak("s1", "p1", date(2026, 3, 1))
        b.plan("ip1", "p1", Planstatus.AKTIV, periode_fra=date(2026, 4, 1))
        b.oppdrag("p1", "T1", date(2026, 5, 1))                                                   # J;J;N
        b.oppdrag("p2", "T1", date(2026, 2, 1), rolle=Koordinatorrolle.BARNEKOORDINATOR)         # N;J;J (uten sak)
        b.sak("s3", "p3", date(2026, 6, 1), avsluttet=date(2026, 9, 1))                           # N;N;N
        b.sak("s4", "p4", date(2025, 1, 1), avsluttet=date(2025, 6, 1))                           # ikke med
        b.sak("s5", "p5", date(2026, 2, 1))                                                       # uten ident
        b.sak("s6", "p6", date(2027, 1, 3))                                                       # etter 31.12
        b.plan("ip7", "p7", Planstatus.AVSLUTTET, periode_fra=date(2026, 1, 1), avsluttet_dato=date(2027, 1, 2))
        b.oppdrag("p7", "T1", date(2026, 1, 1), til=date(2026, 12, 15))                          # J;N;N
        b.sak("s8", "p8", date(2026, 11, 1))
        b.plan("ip8", "p8", Planstatus.UTKAST)                                                    # N;N;N
    return v


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


def test_filen_har_flaggene_per_31_desember(avh: Avhengigheter, verden: Verden) -> None:
    resultat = kpr_eksport(avh, LEDER, ar=2026, na=NA)
    assert resultat.sti == avh.innstillinger.datamappe / "eksport" / "kpr-1839-2026.csv"
    assert (resultat.antall, resultat.med_ip, resultat.med_koordinator, resultat.med_barnekoordinator,
            resultat.uten_identitetsnummer) == (5, 2, 2, 1, 1)
    forventet = ["identitetsnummer;har_individuell_plan;har_koordinator;har_barnekoordinator;kommunenummer;rapportar",
                 f"{_ident(1)};J;J;N;1839;2026", f"{_ident(2)};N;J;J;1839;2026", f"{_ident(3)};N;N;N;1839;2026",
                 f"{_ident(7)};J;N;N;1839;2026", f"{_ident(8)};N;N;N;1839;2026"]
    assert resultat.sti.read_bytes() == b"\xef\xbb\xbf" + "\r\n".join(forventet).encode() + b"\r\n"


def test_rettigheter_og_ingen_midlertidige_filer(avh: Avhengigheter, verden: Verden) -> None:
    sti = kpr_eksport(avh, LEDER, ar=2026, na=NA).sti
    assert stat.S_IMODE(sti.stat().st_mode) == 0o600
    assert stat.S_IMODE(sti.parent.stat().st_mode) == 0o700
    kpr_eksport(avh, LEDER, ar=2026, na=NA)
    assert [p.name for p in sti.parent.iterdir()] == [sti.name]


def test_hver_eksportert_person_logges(avh: Avhengigheter, verden: Verden) -> None:
    kpr_eksport(avh, LEDER, ar=2026, na=NA)
    with lesing(avh.motor) as okt:
        rader = okt.exec(select(Tilgangslogg.person_id, Tilgangslogg.handling, Tilgangslogg.aktor, Tilgangslogg.hva)
                         .order_by(col(Tilgangslogg.id))).all()
    personer = [verden.ider[p] for p in ("p1", "p2", "p3", "p7", "p8")]
    assert [r[0] for r in rader[:-1]] == personer
    assert {(r[1], r[2], r[3]) for r in rader[:-1]} == {
        ("eksport", "leder", "KPR-eksport 2026: IP- og koordinatorflagg")}
    assert rader[-1] == (None, "eksport", "leder",
                         "KPR-eksport 2026: 5 personer (2 med IP, 2 med koordinator, 1 med barnekoordinator)")
    assert not any(_ident(1) in (r[3] or "") for r in rader), "loggen viser aldri fødselsnummer"


def test_bare_leder_og_ingen_fil_uten_tilgang(avh: Avhengigheter, verden: Verden) -> None:
    with pytest.raises(IngenTilgang):
        kpr_eksport(avh, Aktor(id=None, navn="sb", rolle=Rolle.SAKSBEHANDLER), ar=2026, na=NA)
    assert not (avh.innstillinger.datamappe / "eksport").exists()
    with lesing(avh.motor) as okt:
        assert okt.exec(select(Tilgangslogg.handling)).all() == ["nektet"]


@pytest.mark.parametrize("ar", [2028, 1999])
def test_ugyldig_ar(avh: Avhengigheter, verden: Verden, ar: int) -> None:
    with pytest.raises(Valideringsfeil) as feil:
        kpr_eksport(avh, LEDER, ar=ar, na=NA)
    assert feil.value.feil[0].felt == "år"
    with lesing(avh.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Tilgangslogg)).one() == 0
