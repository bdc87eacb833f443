"""Tjenestekatalogen: flaggene fra kildene, idempotent innlegging, og standardvirksomhetene."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import select

from modeller.db import arbeidsenhet, lesing
from modeller.katalog import KATALOG, STANDARD_VIRKSOMHETER, sikre_katalog
from modeller.regler.begreper import Instans, Klagerute, Tiltakstype
from modeller.regler.frister import klagerute_for
from modeller.regler.livsfase import PRIMAERANSVARLIG
from modeller.tabeller import Tjenestetype

POSTER = {p.kode: p for p in KATALOG}


def _rader(motor: Engine) -> list[tuple[object, ...]]:
    with lesing(motor) as okt:
        return [(t.id, t.kode, t.navn, t.kategori, t.lovpalagt, t.kan_paklages, t.typisk_tidsbegrenset, t.aliaser)
                for t in okt.exec(select(Tjenestetype).order_by(Tjenestetype.kode))]


@pytest.mark.parametrize(
    ("kode", "lovpalagt", "kan_paklages", "kilde"),
    [
        ("helsefremmende_hjemmebesok", False, False, "002 L45"),
        ("laerings_og_mestringstilbud", False, False, "002 L92"),
        ("trygghetsalarm", False, True, "002 L138–142"),
        ("middagsombringing", False, True, "002 L178–181"),
        ("full_kost", False, True, "002 L220–223"),
        ("omsorgsbolig", False, True, "002 L286–289"),
        ("koordinator", True, True, "002 L344–347"),
        ("individuell_plan", True, True, "002 L407–410"),
        ("barnekoordinator", True, True, "pbrl § 2-5 c"),
        ("avlastning_hjemme", True, True, "002 L705–708"),
        ("omsorgsstonad", True, True, "002 L620–624"),
        ("kad", True, False, "002 L1147 «Uaktuelt»"),
        ("ansvarsgruppe", False, False, "001 L795–798"),
    ],
)
def test_flaggene_folger_kildene(kode: str, lovpalagt: bool, kan_paklages: bool, kilde: str) -> None:
    post = POSTER[kode]
    assert (post.lovpalagt, post.kan_paklages) == (lovpalagt, kan_paklages), kilde


@pytest.mark.parametrize(
    ("kode", "rute"),
    [
        ("trygghetsalarm", Klagerute.FVL),
        ("omsorgsbolig", Klagerute.FVL),
        ("praktisk_bistand", Klagerute.PBRL),
        ("helsefremmende_hjemmebesok", Klagerute.IKKE_KLAGBAR),
        ("kad", Klagerute.IKKE_KLAGBAR),
    ],
)
def test_flaggene_gir_riktig_klagerute(kode: str, rute: Klagerute) -> None:
    post = POSTER[kode]
    assert klagerute_for(Tiltakstype.TJENESTE, lovpalagt=post.lovpalagt, kan_paklages=post.kan_paklages) is rute


@pytest.mark.parametrize(("kode", "tidsbegrenset"), [("korttidsopphold", True), ("hverdagsrehabilitering", True),
                                                     ("langtidsopphold", False), ("koordinator", False)])
def test_typisk_tidsbegrenset(kode: str, tidsbegrenset: bool) -> None:
    assert POSTER[kode].typisk_tidsbegrenset is tidsbegrenset


def test_kodene_er_unike_ascii_og_passer_i_tabellen() -> None:
    koder = [p.kode for p in KATALOG]
    assert len(koder) == len(set(koder))
    for p in KATALOG:
        assert p.kode.isascii() and p.kode == p.kode.lower() and " " not in p.kode and len(p.kode) <= 40
        assert len(p.navn) <= 120 and len(p.kategori) <= 60 and len("; ".join(p.aliaser)) <= 300
        assert p.kilde, p.kode
    forventet = {"individuell_plan", "koordinator", "barnekoordinator", "ansvarsgruppe", "fysioterapi", "ergoterapi",
                 "hjemmesykepleie", "praktisk_bistand", "bpa", "stottekontakt", "avlastning_hjemme",
                 "avlastning_institusjon", "omsorgsstonad", "trygghetsalarm", "middagsombringing", "dagaktivitet",
                 "korttidsopphold", "langtidsopphold", "helsestasjon", "ppt_spesialpedagogisk", "nav_oppfolging"}
    assert forventet <= set(koder)
    assert "omsorgslønn" in POSTER["omsorgsstonad"].aliaser  # kilderegler.md §8 punkt 15


def test_standardvirksomhetene_dekker_livsfasetabellen() -> None:
    instanser = {v.instans for v in STANDARD_VIRKSOMHETER}
    for ansvarlige in PRIMAERANSVARLIG.values():
        assert set(ansvarlige) <= instanser
    assert Instans.ANNET in instanser
    assert len({v.kode for v in STANDARD_VIRKSOMHETER}) == len(STANDARD_VIRKSOMHETER)
    assert len({v.navn for v in STANDARD_VIRKSOMHETER}) == len(STANDARD_VIRKSOMHETER)
    assert all(v.stillinger for v in STANDARD_VIRKSOMHETER)


def test_sikre_katalog_er_idempotent(motor: Engine) -> None:
    with arbeidsenhet(motor) as okt:
        assert sikre_katalog(okt) == len(KATALOG)
    forste = _rader(motor)
    with arbeidsenhet(motor) as okt:
        assert sikre_katalog(okt) == 0
    assert _rader(motor) == forste
    assert [r[1] for r in forste] == sorted(POSTER)
    assert {r[1]: r[4:7] for r in forste}["trygghetsalarm"] == (False, True, False)


def test_sikre_katalog_legger_til_manglende_og_endrer_ikke_kommunens_flagg(motor: Engine) -> None:
    na = datetime(2025, 1, 2, 8, tzinfo=UTC)
    with arbeidsenhet(motor) as okt:
        sikre_katalog(okt, na=na)
    with arbeidsenhet(motor) as okt:
        okt.execute(delete(Tjenestetype).where(Tjenestetype.kode == "full_kost"))  # type: ignore[arg-type]
        alarm = okt.exec(select(Tjenestetype).where(Tjenestetype.kode == "trygghetsalarm")).one()
        alarm.lovpalagt = True  # kommunen gjør trygghetsalarm lovpålagt (kilderegler.md §8 punkt 23)
    with arbeidsenhet(motor) as okt:
        assert sikre_katalog(okt, na=na) == 1
    with lesing(motor) as okt:
        typer = {t.kode: (t.lovpalagt, t.opprettet) for t in okt.exec(select(Tjenestetype))}
    assert typer["trygghetsalarm"][0] is True
    assert typer["full_kost"] == (False, na)
    assert len(typer) == len(KATALOG)
