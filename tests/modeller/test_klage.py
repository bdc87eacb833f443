"""Klage (K18–K19): for sen klage flagges, førsteinstansen omgjør eller oversender, og utfallet registreres."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col

from modeller.regler.begreper import Klageinstans, Klagestatus, Oppgavestatus, Oppgavetype, Utfall
from modeller.tabeller import Klage, Oppgave, Sak, Vedtak
from modeller.tjenester.feil import Valideringsfeil
from modeller.tjenester.klage import behandle_klage, registrer_klage, registrer_klageutfall, registrer_oversendelse
from modeller.tjenester.vedtak import NyttVedtak
from tests.modeller.test_melding import NA, Miljo, alle, antall, apne_oppgaver, lag_miljo, meld
from tests.modeller.test_samtykke import samtykke
from tests.modeller.test_vedtak import fatt, tjenestetype, vedtak


@pytest.fixture
def miljo(motor: Engine, tmp_path: Path) -> Miljo:
    return lag_miljo(motor, tmp_path)


DAG = date(2026, 4, 20)
FRIST = date(2026, 3, 30)  # 02.03 + 4 uker (pbrl § 7-5), når underretningen ikke er registrert


def avslag(m: Miljo, **endringer: Any) -> Vedtak:
    mottak = meld(m)
    return fatt(m, vedtak(mottak, utfall="avslag", **endringer), idag=DAG).vedtak


def klage(m: Miljo, v: Vedtak, mottatt: date) -> Klage:
    return registrer_klage(m.avh, m.saksbehandler, v.id or 0, mottatt=mottatt, klager="bruker", idag=DAG, na=NA)


@pytest.mark.parametrize(("mottatt", "for_sent"), [
    (FRIST - timedelta(days=1), False),
    (FRIST, False),  # siste dag i fristen
    (FRIST + timedelta(days=1), True),  # flagges, men avvises ikke (K18; pbrl § 7-7)
])
def test_for_sen_klage_flagges_men_tas_imot(miljo: Miljo, mottatt: date, for_sent: bool) -> None:
    v = avslag(miljo)
    k = klage(miljo, v, mottatt)
    assert k.for_sent is for_sent and k.status == Klagestatus.MOTTATT
    oppgaver = alle(miljo.avh.motor, Oppgave, col(Oppgave.oppgavetype) == Oppgavetype.VURDER_KLAGE)
    # Klagen behandles først av den som fattet vedtaket (pbrl § 7-2; K19).
    assert [(o.eier_id, o.frist, o.status) for o in oppgaver] == [
        (miljo.saksbehandler.id, mottatt + timedelta(days=miljo.avh.regelverk.vurdering_frist_dager),
         Oppgavestatus.APEN)]
    assert ("etter klagefristen" in oppgaver[0].tittel) is for_sent


@pytest.mark.parametrize(("flagg", "instans", "tittel"), [
    (None, Klageinstans.STATSFORVALTEREN, "Oversend klagen til Statsforvalteren"),
    (False, Klageinstans.KLAGENEMND, "Oversend klagen til klagenemnda"),
])
def test_klage_som_ikke_tas_til_folge_oversendes_etter_klageruten(miljo: Miljo, flagg: bool | None,
                                                                   instans: Klageinstans, tittel: str) -> None:
    ekstra = {"tiltak": "tjeneste", "tjenestetype_id": tjenestetype(miljo, lovpalagt=False)} if flagg is False else {}
    v = avslag(miljo, **ekstra)
    k = klage(miljo, v, v.fattet_dato + timedelta(days=5))
    behandlet = behandle_klage(miljo.avh, miljo.saksbehandler, k.id or 0, omgjor=False, dato=DAG, idag=DAG, na=NA)
    assert (behandlet.klage.status, behandlet.klage.oversendt_til, behandlet.nytt_vedtak) == (
        Klagestatus.OVERSENDT, instans, None)
    assert [(o.oppgavetype, o.tittel) for o in alle(miljo.avh.motor, Oppgave, col(Oppgave.status) == "apen")] == [
        (Oppgavetype.OVERSEND_KLAGE, tittel)]
    oversendt = registrer_oversendelse(miljo.avh, miljo.saksbehandler, k.id or 0, oversendt=DAG, idag=DAG, na=NA)
    assert oversendt.oversendt_dato == DAG and apne_oppgaver(miljo.avh.motor, v.person_id) == []
    utfall = registrer_klageutfall(miljo.avh, miljo.saksbehandler, k.id or 0, utfall="stadfestet",
                                   avgjort_dato=DAG, idag=DAG, na=NA)
    assert (utfall.status, utfall.utfall, utfall.avgjort_dato) == (Klagestatus.AVGJORT, "stadfestet", DAG)
    assert alle(miljo.avh.motor, Vedtak)[0].endelig


def test_klage_som_tas_til_folge_gir_nytt_vedtak_som_erstatter_det_gamle(miljo: Miljo) -> None:
    v = avslag(miljo)
    samtykke(miljo, v.person_id)
    k = klage(miljo, v, date(2026, 3, 20))
    nytt = NyttVedtak(sak_id=0, tiltak="koordinator", utfall="innvilget", fattet_dato=DAG,
                      begrunnelse="Klagen tas til følge.")
    behandlet = behandle_klage(miljo.avh, miljo.saksbehandler, k.id or 0, omgjor=True, dato=DAG, nytt_vedtak=nytt,
                               merknad="Nye opplysninger om behovet.", idag=DAG, na=NA)
    assert behandlet.nytt_vedtak is not None
    ny = behandlet.nytt_vedtak.vedtak
    assert (ny.sak_id, ny.tiltak, ny.utfall) == (v.sak_id, v.tiltak, Utfall.INNVILGET)  # samme sak og tiltak
    assert (behandlet.klage.status, behandlet.klage.nytt_vedtak_id) == (Klagestatus.OMGJORT, ny.id)
    gammelt = alle(miljo.avh.motor, Vedtak, col(Vedtak.id) == v.id)[0]
    assert gammelt.erstattet_av_id == ny.id
    assert [t for t, _ in apne_oppgaver(miljo.avh.motor, v.person_id)] == [Oppgavetype.UTARBEID_PLAN]


def test_opphevet_vedtak_gir_ny_vurdering_i_saken(miljo: Miljo) -> None:
    v = avslag(miljo)
    k = klage(miljo, v, date(2026, 3, 20))
    behandle_klage(miljo.avh, miljo.saksbehandler, k.id or 0, omgjor=False, dato=DAG, idag=DAG, na=NA)
    registrer_klageutfall(miljo.avh, miljo.saksbehandler, k.id or 0, utfall="opphevet", avgjort_dato=DAG, idag=DAG,
                          na=NA)
    assert alle(miljo.avh.motor, Sak)[0].status == "apen"
    assert Oppgavetype.INNHENT_SAMTYKKE in [t for t, _ in apne_oppgaver(miljo.avh.motor, v.person_id)]


def test_ugyldige_klager_avvises_med_feltnavn(miljo: Miljo) -> None:
    ikke_klagbar = avslag(miljo, tiltak="tjeneste", tjenestetype_id=tjenestetype(miljo, kan_paklages=False))
    with pytest.raises(Valideringsfeil) as feil:
        klage(miljo, ikke_klagbar, DAG)
    assert [f.felt for f in feil.value.feil] == ["vedtak"]
    v = avslag(miljo)
    for mottatt, felt in ((DAG + timedelta(days=1), "mottatt"), (v.fattet_dato - timedelta(days=1), "mottatt")):
        with pytest.raises(Valideringsfeil) as feil:
            klage(miljo, v, mottatt)
        assert [f.felt for f in feil.value.feil] == [felt]
    assert antall(miljo.avh.motor, Klage) == 0
    k = klage(miljo, v, DAG)
    with pytest.raises(Valideringsfeil, match="allerede en klage"):
        klage(miljo, v, DAG)
    with pytest.raises(Valideringsfeil, match="nytt vedtak"):
        behandle_klage(miljo.avh, miljo.saksbehandler, k.id or 0, omgjor=True, dato=DAG, idag=DAG, na=NA)
    with pytest.raises(Valideringsfeil, match="utfall"):
        registrer_klageutfall(miljo.avh, miljo.saksbehandler, k.id or 0, utfall="kanskje", avgjort_dato=DAG,
                              idag=DAG, na=NA)
