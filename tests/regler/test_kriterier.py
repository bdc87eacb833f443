"""Sjekkliste for IP, koordinator og barnekoordinator (kilderegler.md §3.3, §3.6, §8 punkt 6; pbrl §§ 2-5, 2-5 b)."""

from dataclasses import replace

import pytest

from modeller.regler.begreper import Tiltakstype
from modeller.regler.kriterier import (
    ADVARSEL,
    KRAV,
    Kriteriefakta,
    koordinator_skal_tilbys,
    rett_til_ip,
    rett_til_koordinator,
    vurder_kriterier,
)
from modeller.regler.parametre import STANDARD

OPPFYLT = Kriteriefakta(
    alder=9,
    venter_barn=False,
    langvarig_behov=True,
    koordineringsbehov=True,
    antall_tjenester=3,
    antall_tjenesteytere=2,
    alvorlig_tilstand=True,
    behov_andre_velferdstjenester=True,
    samtykke_gyldig=True,
    onsker_tiltaket=True,
)
ALLE = [Tiltakstype.IP, Tiltakstype.KOORDINATOR, Tiltakstype.BARNEKOORDINATOR]


@pytest.mark.parametrize("tiltak", ALLE)
def test_alt_oppfylt_kan_innvilges(tiltak: Tiltakstype) -> None:
    liste = vurder_kriterier(OPPFYLT, tiltak)
    assert liste.tiltak is tiltak
    assert liste.kan_innvilges
    assert liste.advarsler == ()


@pytest.mark.parametrize("tiltak", ALLE)
@pytest.mark.parametrize(
    ("endring", "kode"),
    [
        ({"samtykke_gyldig": False}, "samtykke"),  # 003_e8b2068bec45c70c.txt L1660–1663
        ({"onsker_tiltaket": False}, "onsker"),  # 002_846d8582fcb76fa6.txt L325, L382
    ],
)
def test_felles_krav_stopper(tiltak: Tiltakstype, endring: dict[str, object], kode: str) -> None:
    liste = vurder_kriterier(replace(OPPFYLT, **endring), tiltak)  # type: ignore[arg-type]
    assert not liste.kan_innvilges
    assert [p.kode for p in liste.manglende_krav] == [kode]


@pytest.mark.parametrize("tiltak", [Tiltakstype.IP, Tiltakstype.BARNEKOORDINATOR])
@pytest.mark.parametrize(
    ("endring", "kode"),
    [
        ({"langvarig_behov": False}, "langvarig"),  # 002 L327; pbrl § 2-5: «langvarige og koordinerte»
        ({"langvarig_behov": None}, "langvarig"),  # ikke vurdert stopper også
        ({"koordineringsbehov": False}, "koordineringsbehov"),  # 003 L1611
        ({"langvarig_behov": False, "komplekst_behov": True}, "langvarig"),  # komplekst alene gir ikke IP
    ],
)
def test_behovskrav_for_ip_stopper(tiltak: Tiltakstype, endring: dict[str, object], kode: str) -> None:
    liste = vurder_kriterier(replace(OPPFYLT, **endring), tiltak)  # type: ignore[arg-type]
    assert not liste.kan_innvilges
    assert [p.kode for p in liste.manglende_krav] == [kode]


# (beskrivelse, komplekst, langvarig, koordinert, tjenester, rett til koordinator, rett til IP)
RETT_TABELL = [
    # pbrl § 2-5 b (fra 1.8.2022): rett til koordinator ved behov for «komplekse eller langvarige og koordinerte
    # tjenester»; pbrl § 2-5 / hol § 7-1: IP ved behov for «langvarige og koordinerte tjenester».
    ("55-åring med komplekse, kortvarige behov: «komplekse» gir koordinator, ikke «langvarige» → ingen IP",
     True, False, True, 3, True, False),
    ("langvarige og koordinerte tjenester: rett til både koordinator og IP", None, True, True, 3, True, True),
    ("langvarig, men bare én tjeneste og ikke komplekst: ikke «koordinerte» → verken koordinator eller IP",
     False, True, False, 1, False, False),
    ("kortvarig og ikke komplekst: verken «komplekse» eller «langvarige»", False, False, True, 2, False, False),
    ("komplekst og langvarig og koordinert: begge", True, True, True, 3, True, True),
    ("ikke vurdert: ingen rett ennå", None, None, None, 3, None, None),
    ("kompleksitet ikke vurdert, men langvarig uten koordinering: koordinator ikke avgjort", None, True, False, 1,
     None, False),
]


@pytest.mark.parametrize(
    ("beskrivelse", "kompleks", "langvarig", "koordinert", "tjenester", "koordinator", "ip"),
    RETT_TABELL,
    ids=[r[0] for r in RETT_TABELL],
)
def test_rett_til_koordinator_og_ip(beskrivelse: str, kompleks: bool | None, langvarig: bool | None,
                                    koordinert: bool | None, tjenester: int, koordinator: bool | None,
                                    ip: bool | None) -> None:
    fakta = replace(OPPFYLT, alder=55, alvorlig_tilstand=None, behov_andre_velferdstjenester=None,
                    komplekst_behov=kompleks, langvarig_behov=langvarig, koordineringsbehov=koordinert,
                    antall_tjenester=tjenester, antall_tjenesteytere=min(tjenester, 2))
    assert rett_til_koordinator(fakta) is koordinator, beskrivelse
    assert rett_til_ip(fakta) is ip, beskrivelse
    assert vurder_kriterier(fakta, Tiltakstype.KOORDINATOR).kan_innvilges is (koordinator is True)
    assert vurder_kriterier(fakta, Tiltakstype.IP).kan_innvilges is (ip is True)
    assert koordinator_skal_tilbys(fakta) is (koordinator is True)


def test_koordinator_har_ett_behovspunkt_med_lovkilde() -> None:
    # pbrl § 2-5 b: «komplekse eller langvarige og koordinerte tjenester» er ett alternativt vilkår
    punkter = vurder_kriterier(OPPFYLT, Tiltakstype.KOORDINATOR).punkter
    assert [p.kode for p in punkter] == ["samtykke", "onsker", "kompleks_eller_langvarig_koordinert",
                                         "flere_tjenester"]
    assert "pbrl § 2-5 b" in punkter[2].kilde and "hol § 7-2" in punkter[2].kilde


def test_koordinator_uten_ip_far_koordinator() -> None:
    # Rundskriv til pbrl § 2-5 b: «Retten gjelder uavhengig av om vedkommende ønsker individuell plan.»
    # Samtykke og ønske i faktaene gjelder koordinator; IP-listen for samme person avslås.
    fakta = replace(OPPFYLT, alder=55, komplekst_behov=True, langvarig_behov=False)
    assert vurder_kriterier(fakta, Tiltakstype.KOORDINATOR).kan_innvilges
    assert not vurder_kriterier(fakta, Tiltakstype.IP).kan_innvilges


@pytest.mark.parametrize("tiltak", ALLE)
@pytest.mark.parametrize(("tjenester", "ytere"), [(1, 1), (2, 1), (1, 2)])
def test_to_tjenester_er_advarsel_ikke_stopp(tiltak: Tiltakstype, tjenester: int, ytere: int) -> None:
    # kilderegler.md §8 punkt 6; 001_c5df1bb6b580be91.txt L859–860; 002_846d8582fcb76fa6.txt L387
    liste = vurder_kriterier(replace(OPPFYLT, antall_tjenester=tjenester, antall_tjenesteytere=ytere), tiltak)
    assert liste.kan_innvilges
    assert [(p.kode, p.alvor) for p in liste.advarsler] == [("flere_tjenester", ADVARSEL)]


def test_advarselsgrensen_kommer_fra_regelverket() -> None:
    regelverk = replace(STANDARD, kriterie_min_tjenester=4)
    liste = vurder_kriterier(OPPFYLT, Tiltakstype.IP, regelverk=regelverk)
    assert [p.kode for p in liste.advarsler] == ["flere_tjenester"]
    assert "Minst 4 tjenester" in liste.advarsler[0].tekst


@pytest.mark.parametrize(
    ("endring", "kode"),
    [
        # 001_c5df1bb6b580be91.txt L785; pbrl § 2-5 c: barn under 18
        ({"alder": 18}, "barn_under_18"),
        ({"alder": None, "venter_barn": False}, "barn_under_18"),
        ({"alvorlig_tilstand": False}, "alvorlig_tilstand"),  # 001 L777
        ({"alvorlig_tilstand": None}, "alvorlig_tilstand"),
        ({"behov_andre_velferdstjenester": False}, "andre_velferdstjenester"),  # 001 L873
    ],
)
def test_barnekoordinator_krav(endring: dict[str, object], kode: str) -> None:
    fakta = replace(OPPFYLT, **endring)  # type: ignore[arg-type]
    liste = vurder_kriterier(fakta, Tiltakstype.BARNEKOORDINATOR)
    assert not liste.kan_innvilges
    assert [p.kode for p in liste.manglende_krav] == [kode]
    # samme fakta hindrer ikke vanlig koordinator («uavhengig av alder», 002 L301)
    assert vurder_kriterier(fakta, Tiltakstype.KOORDINATOR).kan_innvilges


@pytest.mark.parametrize(("alder", "venter", "ok"), [(17, False, True), (0, False, True), (None, True, True)])
def test_barnekoordinator_alder_og_svangerskap(alder: int | None, venter: bool, ok: bool) -> None:
    # 001_c5df1bb6b580be91.txt L777: «har eller venter barn»
    fakta = replace(OPPFYLT, alder=alder, venter_barn=venter)
    assert vurder_kriterier(fakta, Tiltakstype.BARNEKOORDINATOR).kan_innvilges is ok


def test_barnekoordinator_krever_andre_velferdstjenester_men_ikke_ip() -> None:
    ip = vurder_kriterier(replace(OPPFYLT, behov_andre_velferdstjenester=False), Tiltakstype.IP)
    assert ip.kan_innvilges
    assert {p.kode for p in ip.punkter} == {"samtykke", "onsker", "langvarig", "koordineringsbehov", "flere_tjenester"}


def test_alle_punkter_har_kilde_og_gyldig_alvor() -> None:
    for tiltak in ALLE:
        for p in vurder_kriterier(OPPFYLT, tiltak).punkter:
            assert p.kilde and p.tekst
            assert p.alvor in (KRAV, ADVARSEL)


def test_tjeneste_har_ingen_sjekkliste() -> None:
    with pytest.raises(ValueError, match="bare"):
        vurder_kriterier(OPPFYLT, Tiltakstype.TJENESTE)


@pytest.mark.parametrize(
    ("endring", "forventet"),
    [
        # 001_c5df1bb6b580be91.txt L806; pbrl § 2-5 b: tilbys selv om IP avslås eller ikke er ønsket
        ({"onsker_tiltaket": False, "samtykke_gyldig": False}, True),
        ({}, True),
        ({"langvarig_behov": False}, False),
        ({"koordineringsbehov": None}, False),
        # pbrl § 2-5 b: «komplekse eller langvarige og koordinerte tjenester»
        ({"langvarig_behov": False, "komplekst_behov": True}, True),
        ({"koordineringsbehov": False, "komplekst_behov": True}, True),
        ({"langvarig_behov": False, "komplekst_behov": False}, False),
    ],
)
def test_koordinator_skal_tilbys(endring: dict[str, object], forventet: bool) -> None:
    assert koordinator_skal_tilbys(replace(OPPFYLT, **endring)) is forventet  # type: ignore[arg-type]
