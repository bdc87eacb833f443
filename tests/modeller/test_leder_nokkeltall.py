"""Nøkkeltall per kvartal og år med trend: hver figur med nøyaktige tall (lovkrav K2, K28)."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Gruppetype, Koordinatorrolle, Planstatus, Rolle, Tiltakstype, Utfall
from modeller.regler.nokkeltall import Sammendrag
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.leder import Periodetall, nokkeltall
from modeller.tjenester.tilgang import SYSTEM, Aktor
from tests.modeller.test_leder_verden import Bygger, Verden, lag_avh

IDAG = date(2027, 4, 2)
K, B = Koordinatorrolle.KOORDINATOR, Koordinatorrolle.BARNEKOORDINATOR


def _saker_og_vedtak(b: Bygger) -> None:
    """Dager fra melding til første vedtak: 10, 20, 30, 40 og 100 i 2027-K1; 14 i 2026-K4."""
    for navn, person, mottatt in (("sa", "pA", date(2027, 1, 1)), ("sb", "pB", date(2027, 1, 5)),
                                  ("sc", "pC", date(2027, 1, 10)), ("sd", "pD", date(2027, 1, 20)),
                                  ("se", "pE", date(2026, 11, 21)), ("sf", "pF", date(2026, 10, 1)),
                                  ("sg", "pG", date(2026, 12, 20))):
        b.sak(navn, person, mottatt)
    b.vedtak("va", "sa", date(2027, 1, 11), tiltak=Tiltakstype.KOORDINATOR)          # 10 dager; oppnevnt etter 5
    b.vedtak("va2", "sa", date(2027, 3, 15))                                         # ikke første vedtak
    b.vedtak("vb", "sb", date(2027, 1, 25), tiltak=Tiltakstype.BARNEKOORDINATOR)     # 20; oppnevnt etter 15
    b.vedtak("vc", "sc", date(2027, 2, 9), tiltak=Tiltakstype.KOORDINATOR, utfall=Utfall.AVSLAG)  # 30
    b.vedtak("vd", "sd", date(2027, 3, 1), tiltak=Tiltakstype.KOORDINATOR)           # 40; venter på koordinator
    b.vedtak("ve", "se", date(2027, 3, 1))                                           # 100
    b.vedtak("vf", "sf", date(2026, 10, 15), tiltak=Tiltakstype.KOORDINATOR)         # 14; oppnevnt samme dag
    b.vedtak("vg", "sg", date(2027, 4, 5))                                           # 2. kvartal


def _oppdrag(b: Bygger) -> None:
    b.oppdrag("pA", "T1", date(2025, 1, 1), til=date(2025, 6, 1))   # før vedtaket: teller ikke
    b.oppdrag("pA", "T1", date(2027, 1, 16))
    b.oppdrag("pB", "T1", date(2027, 2, 9), rolle=B)
    b.oppdrag("pF", "T2", date(2026, 10, 15))
    b.oppdrag("pG", "T2", date(2026, 6, 1), til=date(2027, 1, 31))
    b.oppdrag("pH", "T2", date(2026, 1, 1), rolle=B)
    b.oppdrag("pI", "T2", date(2027, 3, 1))


def _planer_og_evalueringer(b: Bygger) -> None:
    b.plan("p1", "pA", Planstatus.AKTIV, periode_fra=date(2026, 9, 1))
    b.plan("p2", "pB", Planstatus.AKTIV, periode_fra=date(2027, 2, 1))
    b.plan("p3", "pC", Planstatus.AVSLUTTET, periode_fra=date(2026, 1, 1), avsluttet_dato=date(2027, 1, 15))
    b.plan("p4", "pD", Planstatus.UTKAST)
    b.plan("p5", "pE", Planstatus.AKTIV, periode_fra=date(2027, 1, 10))
    b.plan("p6", "pF", Planstatus.AVSLUTTET, periode_fra=date(2026, 1, 1), avsluttet_dato=date(2026, 12, 1))
    b.tiltak("t1", "p1", date(2027, 6, 1))
    b.evaluering("t1", date(2026, 11, 1), date(2027, 2, 1), frist=date(2026, 11, 5))   # i tide (2026-K4)
    b.evaluering("t1", date(2027, 1, 25), date(2027, 6, 1), frist=date(2027, 2, 1))    # i tide (2027-K1)
    b.tiltak("t2", "p1", date(2027, 9, 1))
    b.evaluering("t2", date(2026, 12, 1), date(2027, 3, 1))                            # uten kjent frist (2026-K4)
    b.evaluering("t2", date(2027, 3, 10), date(2027, 9, 1), frist=date(2027, 3, 1))    # for sent (2027-K1)
    b.tiltak("t3", "p1", date(2027, 5, 1))
    b.evaluering("t3", date(2026, 10, 1), date(2026, 12, 15), frist=date(2026, 9, 25))  # for sent (2026-K3)
    # Fristen er den lagrede, ikke forrige evaluerings neste dato (15.12.2026; da ville den vært i tide).
    b.evaluering("t3", date(2026, 12, 20), date(2027, 5, 1), frist=date(2026, 12, 31))  # i tide (2026-K4)
    b.tiltak("t4", "p1", date(2027, 2, 15))                    # ikke evaluert, forfalt (2027-K1)
    b.tiltak("t5", "p1", date(2027, 2, 20), status="avsluttet")
    b.tiltak("t6", "p1", date(2027, 4, 20))                    # 2. kvartal


def _grupper(b: Bygger) -> None:
    A = Gruppetype.ANSVARSGRUPPE
    b.gruppe("g1", A, date(2026, 9, 1), person="pA")
    b.gruppe("g2", A, date(2027, 2, 1), person="pB")
    b.gruppe("g3", A, date(2026, 1, 1), person="pC", avsluttet=date(2027, 1, 10))
    b.gruppe("g4", A, date(2026, 5, 1), person="pC")
    b.gruppe("ke", Gruppetype.KE_GRUPPE, date(2020, 1, 1))


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    v = Verden()
    with arbeidsenhet(motor) as okt:
        b = Bygger(okt, v)
        b.yter("T1", opplaering=date(2026, 1, 1))
        b.yter("T2")
        for navn in "ABCDEFGHI":
            b.person(f"p{navn}")
        _saker_og_vedtak(b)
        _oppdrag(b)
        _planer_og_evalueringer(b)
        _grupper(b)
    return lag_avh(motor, tmp_path)


FORSTE_2027 = Periodetall(
    periode="2027-K1", fra=date(2027, 1, 1), til=date(2027, 3, 31), dato=date(2027, 3, 31),
    dager_til_vedtak=Sammendrag(5, 30, 100, 100, 40.0), dager_til_koordinator=Sammendrag(2, 5, 15, 15, 10.0),
    venter_pa_koordinator=1, evalueringer_forfalt=3, evalueringer_i_tide=1, andel_evalueringer_i_tide=0.333,
    evalueringer_uten_kjent_frist=0, saker_per_koordinator=Sammendrag(2, 2, 3, 3, 2.5), med_ip=3, med_koordinator=5,
    med_barnekoordinator=2, med_ansvarsgruppe=3)
FJERDE_2026 = Periodetall(
    periode="2026-K4", fra=date(2026, 10, 1), til=date(2026, 12, 31), dato=date(2026, 12, 31),
    dager_til_vedtak=Sammendrag(1, 14, 14, 14, 14.0), dager_til_koordinator=Sammendrag(1, 0, 0, 0, 0.0),
    venter_pa_koordinator=0, evalueringer_forfalt=2, evalueringer_i_tide=2, andel_evalueringer_i_tide=1.0,
    evalueringer_uten_kjent_frist=1, saker_per_koordinator=Sammendrag(1, 3, 3, 3, 3.0), med_ip=2, med_koordinator=3,
    med_barnekoordinator=1, med_ansvarsgruppe=2)
TOM = Sammendrag(0, None, None, None, None)


def test_kvartal_med_forrige_kvartal(avh: Avhengigheter) -> None:
    tall = nokkeltall(avh, SYSTEM, ar=2027, kvartal=1, idag=IDAG, tidligere=1)
    assert tall.periode == "2027-K1"
    assert tall.perioder == (FJERDE_2026, FORSTE_2027)
    assert tall.gjeldende == FORSTE_2027


def test_trend_over_fem_kvartaler_har_tomme_perioder_for_data(avh: Avhengigheter) -> None:
    tall = nokkeltall(avh, SYSTEM, ar=2027, kvartal=1, idag=IDAG)
    assert [p.periode for p in tall.perioder] == ["2026-K1", "2026-K2", "2026-K3", "2026-K4", "2027-K1"]
    k1_2026 = tall.perioder[0]
    assert (k1_2026.dager_til_vedtak, k1_2026.dager_til_koordinator, k1_2026.andel_evalueringer_i_tide) == (
        TOM, TOM, None)
    # pH har barnekoordinator fra 01.01.2026 (T2); pC har ansvarsgruppe g3; planene p3 og p6 gjaldt fra 2026
    assert (k1_2026.med_koordinator, k1_2026.med_barnekoordinator, k1_2026.med_ansvarsgruppe, k1_2026.med_ip) == (
        1, 1, 1, 2)
    k3_2026 = tall.perioder[2]  # t3s første evaluering kom etter fristen 25.09.2026
    assert (k3_2026.evalueringer_forfalt, k3_2026.evalueringer_i_tide, k3_2026.andel_evalueringer_i_tide) == (1, 0, 0.0)
    assert tall.perioder[3:] == (FJERDE_2026, FORSTE_2027)


def test_hele_aret(avh: Avhengigheter) -> None:
    ar = nokkeltall(avh, SYSTEM, ar=2026, idag=IDAG, tidligere=0).gjeldende
    assert ar == Periodetall(
        periode="2026", fra=date(2026, 1, 1), til=date(2026, 12, 31), dato=date(2026, 12, 31),
        dager_til_vedtak=Sammendrag(1, 14, 14, 14, 14.0), dager_til_koordinator=Sammendrag(1, 0, 0, 0, 0.0),
        venter_pa_koordinator=0, evalueringer_forfalt=3, evalueringer_i_tide=2, andel_evalueringer_i_tide=0.667,
        evalueringer_uten_kjent_frist=1, saker_per_koordinator=Sammendrag(1, 3, 3, 3, 3.0), med_ip=2,
        med_koordinator=3, med_barnekoordinator=1, med_ansvarsgruppe=2)


def test_lopende_kvartal_regnes_per_i_dag(avh: Avhengigheter) -> None:
    k2 = nokkeltall(avh, SYSTEM, ar=2027, kvartal=2, idag=date(2027, 4, 25), tidligere=0).gjeldende
    # vg fattet 05.04.2027 (sg mottatt 20.12.2026): 106 dager; t6 (20.04.2027) er forfalt per 25.04
    assert (k2.dato, k2.dager_til_vedtak, k2.evalueringer_forfalt, k2.evalueringer_i_tide) == (
        date(2027, 4, 25), Sammendrag(1, 106, 106, 106, 106.0), 1, 0)


def test_bare_leder(avh: Avhengigheter) -> None:
    with pytest.raises(IngenTilgang):
        nokkeltall(avh, Aktor(id=None, navn="k", rolle=Rolle.KOORDINATOR), ar=2027, kvartal=1, idag=IDAG)


@pytest.mark.parametrize(("ar", "kvartal", "felt"), [(2027, 5, "kvartal"), (2027, 3, "kvartal"), (2028, None, "år"),
                                                     (1999, None, "år")])
def test_ugyldig_periode(avh: Avhengigheter, ar: int, kvartal: int | None, felt: str) -> None:
    with pytest.raises(Valideringsfeil) as feil:
        nokkeltall(avh, SYSTEM, ar=ar, kvartal=kvartal, idag=IDAG)
    assert feil.value.feil[0].felt == felt
