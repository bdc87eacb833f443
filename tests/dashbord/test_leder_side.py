"""Lederens side i AppTest mot kvartalsverdenen (kjente funn i 1. kvartal 2027, se tests/modeller/test_leder_verden.py):
trafikklysene med tekst og antall, regelen bak, kvartalsvelgeren, sakene bak et funn (logget) som åpner personen,
nøkkeltallene, nedlastingene, de lagrede rapportene og KPR-eksporten."""

import csv
import io
import re
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from sqlmodel import col, func, select
from streamlit.testing.v1 import AppTest

from dashbord.innlogging import NOKKEL, lag_innlogging
from dashbord.sider.leder_kvartal import saksliste
from dashbord.tilstand import FAST_NA
from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.tabeller import Tilgangslogg
from modeller.tjenester.feil import IngenTilgang
from modeller.tjenester.leder import nokkeltall
from modeller.tjenester.tilgang import Aktor
from tests.dashbord.conftest import APP, Apning
from tests.dashbord.verden import Verden
from tests.modeller.test_leder_verden import ETTER_Q1, bygg_kvartalsverden
from tests.modeller.test_leder_verden import Verden as Kvartalsverden

# Funnene i 1. kvartal 2027 i kvartalsverdenen: tittel → (merketekst, antall).
FUNN_K1 = {
    "KE-gruppens møter": ("OK", 4), "Samhandlingsforum": ("Brudd", 2), "Forfalte oppgaver": ("Advarsel", 4),
    "Planer som skulle vært revidert": ("Brudd", 1), "Tiltak som skulle vært evaluert": ("Brudd", 2),
    "Vedtak som skulle vært revurdert": ("Brudd", 2), "Saker uten vedtak etter 4 uker": ("Brudd", 4),
    "Åpne klager": ("Advarsel", 3), "Koordinatorer uten opplæring": ("Brudd", 3),
    "Barnekoordinator som snart slutter": ("Advarsel", 1),
}
MERKE = re.compile(r"^:(\w+)-badge\[(.+)\]$")
RAD = re.compile(r"^\*\*(.+)\*\*: (\d+)$")
Leder = Callable[[], AppTest]


@pytest.fixture
def kvartal(avh: Avhengigheter) -> Kvartalsverden:
    return bygg_kvartalsverden(avh.motor)


@pytest.fixture
def leder(avh: Avhengigheter, kvartal: Kvartalsverden) -> Leder:
    """Lederoversikten for lederen i kvartalsverdenen, 2. april 2027 kl. 08 (1. kvartal er nettopp over)."""

    def _apne() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state[FAST_NA] = ETTER_Q1
        at.session_state[NOKKEL] = lag_innlogging(kvartal.ider["leder"], ETTER_Q1)
        at.run()
        at.switch_page("sider/leder.py").run()
        assert not at.exception, at.exception
        return at

    return _apne


def _k1(at: AppTest) -> AppTest:
    at.selectbox(key="leder_periode").select("2027-K1").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _funnrader(at: AppTest) -> dict[str, tuple[str, int]]:
    """Tittel → (merketekst, antall) fra kvartalsfanen: hvert merke står rett før raden med tittel og antall."""
    tekster = [m.value for m in at.tabs[0].markdown]
    rader = {}
    for merke, rad in zip(tekster, tekster[1:], strict=False):
        if (m := MERKE.match(merke)) and (r := RAD.match(rad)):
            rader[r.group(1)] = (m.group(2), int(r.group(2)))
    return rader


def _logg(avh: Avhengigheter, hva: str) -> list[int | None]:
    with lesing(avh.motor) as okt:
        return list(okt.exec(select(Tilgangslogg.aktor_id).where(col(Tilgangslogg.hva) == hva)).all())


def _saksknapper(at: AppTest, kode: str) -> list[str]:
    return [b.label for b in at.button if (b.key or "").startswith(f"leder_sak_{kode}_")]


def test_kvartalet_vises_som_trafikklys_med_tekst_antall_og_regel(leder: Leder) -> None:
    at = _k1(leder())
    assert _funnrader(at) == FUNN_K1
    merker = [m.group(2) for v in (x.value for x in at.markdown) if (m := MERKE.match(v))]
    assert set(merker) == {"OK", "Advarsel", "Brudd"}, "status vises med tekst, ikke bare farge"
    assert {m.label: m.value for m in at.tabs[0].metric} == {"Brudd": "6", "Advarsler": "3", "OK": "1"}
    hvorfor = [e for e in at.tabs[0].expander if e.label.startswith("Hvorfor")]
    assert len(hvorfor) == len(FUNN_K1)
    samhandling = hvorfor[1]
    assert "hver måned" in samhandling.markdown[0].value
    assert samhandling.caption[0].value.startswith("Kilde: ") and "L224" in samhandling.caption[0].value
    assert any(c.value.startswith("Per 31. mars 2027") for c in at.tabs[0].caption)
    assert [b.key for b in at.button if (b.key or "").startswith("leder_vis_")] == [
        f"leder_vis_{k}" for k in ("samhandlingsforum", "forfalte_oppgaver", "plan_revisjon", "tiltak_evaluering",
                                   "vedtak_revurdering", "forelopig_svar", "klager", "koordinator_opplaering",
                                   "barnekoordinator_overgang")], "ingen «Vis saker» for et funn som er OK"


def test_kvartalsvelgeren_bytter_rapport(leder: Leder, avh: Avhengigheter) -> None:
    at = leder()
    velger = at.selectbox(key="leder_periode")
    assert velger.value == "2027-K2" and velger.options[:3] == ["2. kvartal 2027 (pågår)", "1. kvartal 2027",
                                                                 "4. kvartal 2026"]
    assert any(c.value.startswith("Kvartalet pågår") for c in at.tabs[0].caption)
    for_k2 = _funnrader(at)
    assert set(for_k2) == set(FUNN_K1) and for_k2 != FUNN_K1
    assert [i.value for i in at.tabs[2].info if i.value.startswith("Ingen kvartalsrapporter er lagret ennå.")]
    at = _k1(at)
    assert _funnrader(at) == FUNN_K1
    assert at.tabs[2].dataframe[0].value["Kvartal"].tolist() == ["2027-K1"], "kvartalet er lagret som øyeblikksbilde"
    at.selectbox(key="leder_periode").select("2027-K2").run()
    assert _funnrader(at) == for_k2


def test_rapporten_hentes_en_gang_per_kvartal_i_okten(leder: Leder, avh: Avhengigheter) -> None:
    at = _k1(leder())
    at.button(key="leder_vis_klager").click().run()
    at.selectbox(key="leder_kpr_ar").select(2025).run()
    assert len(_logg(avh, "kvartalskontroll 2027-K1")) == 1
    at.button(key="leder_hent_igjen").click().run()
    assert len(_logg(avh, "kvartalskontroll 2027-K1")) == 2


def test_saker_bak_funn_logges_og_apner_personen(leder: Leder, avh: Avhengigheter, kvartal: Kvartalsverden) -> None:
    at = _k1(leder())
    assert not _saksknapper(at, "forfalte_oppgaver")
    at.button(key="leder_vis_forfalte_oppgaver").click().run()
    assert at.tabs[0].subheader[0].value == "Saker bak «Forfalte oppgaver»"
    assert _saksknapper(at, "forfalte_oppgaver") == sorted(kvartal.ref[p] for p in ("pA", "pB", "pC"))
    hva = "kvartalsrapport 2027-K1: saksliste forfalte_oppgaver"
    assert _logg(avh, hva) == [kvartal.ider["leder"]]
    assert {"Last ned sakslisten (CSV)", "Last ned sakslisten (Excel)"} <= {d.label for d in at.get("download_button")}
    at.selectbox(key="leder_kpr_ar").select(2025).run()
    assert _logg(avh, hva) == [kvartal.ider["leder"]], "sakslisten hentes ikke på nytt ved hver kjøring"
    at.button(key=f"leder_sak_forfalte_oppgaver_{kvartal.ref['pB']}").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Test Person pB"


def test_plan_referanse_aapner_personen_bak_planen(leder: Leder, kvartal: Kvartalsverden) -> None:
    at = _k1(leder())
    at.button(key="leder_vis_plan_revisjon").click().run()
    assert _saksknapper(at, "plan_revisjon") == [kvartal.ref["ip1"]]
    at.button(key=f"leder_sak_plan_revisjon_{kvartal.ref['ip1']}").click().run()
    assert at.title[0].value == "Test Person pA"


def test_funn_uten_enkeltsaker_og_lukking(leder: Leder) -> None:
    at = _k1(leder())
    at.button(key="leder_vis_samhandlingsforum").click().run()
    assert any("Ingen enkeltsaker" in i.value for i in at.tabs[0].info)
    at.button(key="leder_lukk_saker").click().run()
    assert not at.tabs[0].subheader


def test_nedlastingsknappene_finnes(leder: Leder) -> None:
    at = _k1(leder())
    assert [d.label for d in at.get("download_button")] == [
        "Last ned funnene (CSV)", "Last ned funnene (Excel)", "Last ned nøkkeltallene (CSV)",
        "Last ned nøkkeltallene (Excel)"], "ingen saksliste å laste ned før lederen har bedt om den"


def test_nedlasting_av_saksliste_gaar_gjennom_det_loggede_oppslaget(avh: Avhengigheter,
                                                                   kvartal: Kvartalsverden) -> None:
    lederen = Aktor(id=kvartal.ider["leder"], navn="Bruker leder", rolle=Rolle.LEDER)
    hva = "kvartalsrapport 2027-K1: saksliste vedtak_revurdering"
    innhold = saksliste(avh, lederen, ar=2027, kvartal=1, na=ETTER_Q1, kode="vedtak_revurdering")
    rader = list(csv.reader(io.StringIO(innhold.decode("utf-8-sig")), delimiter=";"))
    assert rader == [["funn", "referanse"], *sorted(["vedtak_revurdering", kvartal.ref[s]] for s in ("s1", "s6"))]
    excel = saksliste(avh, lederen, ar=2027, kvartal=1, na=ETTER_Q1, kode="vedtak_revurdering", excel=True)
    assert excel[:2] == b"PK"
    assert _logg(avh, hva) == [kvartal.ider["leder"]] * 2, "hver nedlasting gir én loggrad"
    koordinator = Aktor(id=None, navn="koord", rolle=Rolle.KOORDINATOR, tjenesteyter_id=kvartal.ider["T1"])
    with pytest.raises(IngenTilgang):
        saksliste(avh, koordinator, ar=2027, kvartal=1, na=ETTER_Q1, kode="vedtak_revurdering")


def _diagramdata(diagram: object) -> list[dict[str, object]]:
    """Radene et Altair-diagram tegner (Streamlit sender dataene som Arrow ved siden av spesifikasjonen)."""
    proto = diagram.proto  # type: ignore[attr-defined]
    rader: list[dict[str, object]] = []
    for datasett in [d.data for d in proto.datasets] + ([proto.data] if proto.data.data else []):
        rader += pa.ipc.open_stream(datasett.data).read_all().to_pylist()
    return rader


def test_nokkeltall_som_diagram_og_tabell_med_samme_tall(leder: Leder, avh: Avhengigheter,
                                                         kvartal: Kvartalsverden) -> None:
    at = _k1(leder())
    lederen = Aktor(id=kvartal.ider["leder"], navn="Bruker leder", rolle=Rolle.LEDER)
    tall = nokkeltall(avh, lederen, ar=2027, kvartal=1, idag=date(2027, 4, 2), tidligere=4)
    tabell = at.tabs[1].dataframe[0].value
    assert tabell["Kvartal"].tolist() == ["2026-K1", "2026-K2", "2026-K3", "2026-K4", "2027-K1"]
    assert tabell["Med individuell plan"].tolist() == [p.med_ip for p in tall.perioder]
    assert tabell["Med koordinator"].tolist() == [p.med_koordinator for p in tall.perioder]
    diagrammer = list(at.tabs[1].get("vega_lite_chart"))
    assert len(diagrammer) >= 5
    assert all(d.proto.alt for d in diagrammer), "hvert diagram har en tekst for skjermlesere"
    data = [_diagramdata(d) for d in diagrammer]
    bestand = next(d for d in data if any(r.get("serie") == "Ansvarsgruppe" for r in d))
    assert {r["periode"]: r["verdi"] for r in bestand if r["serie"] == "Individuell plan"} == {
        p.periode: p.med_ip for p in tall.perioder}
    koordinatorer = next(d for d in data if d and "navn" in d[0])
    # I dag (2. april): T1 har pA, pG (barnekoordinator) og pI (pH sluttet 1. mars); T4 sitt oppdrag er avsluttet.
    assert {r["navn"]: r["antall"] for r in koordinatorer} == {"Yter T1": 3, "Yter T2": 2, "Yter T3": 1, "Yter T4": 0,
                                                               "Yter T5": 1}


def test_kpr_eksport_fra_siden(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.leder, "leder")
    tekst = " ".join(m.value for m in at.tabs[2].markdown)
    assert "Filen inneholder fødselsnummer." in tekst and "datamappen" in tekst
    assert at.selectbox(key="leder_kpr_ar").value == 2026
    at.button(key="leder_kpr_lag").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    suksess = at.tabs[2].success[0].value
    sti = Path(suksess.rsplit(" skrevet til ", 1)[1])
    assert sti == avh.innstillinger.datamappe / "eksport" / sti.name and sti.exists()
    assert stat.S_IMODE(sti.stat().st_mode) == 0o600
    assert {m.label: m.value for m in at.tabs[2].metric} == {
        "Personer i filen": "2", "Med individuell plan": "0", "Med koordinator": "2", "Med barnekoordinator": "0"}
    with lesing(avh.motor) as okt:
        eksporter = okt.exec(select(func.count()).select_from(Tilgangslogg).where(
            col(Tilgangslogg.handling) == "eksport", col(Tilgangslogg.aktor_id) == verden.leder)).one()
    assert eksporter == 3, "én rad per person i filen og én sammendragsrad"
