"""Vedtak (K16–K20): klagerute og klagefrist etter tiltak, samtykkekrav, oppgaver, revurdering og kriterier."""

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col

from modeller.db import arbeidsenhet
from modeller.regler.begreper import Klageinstans, Klagerute, Koordinatorrolle, Oppgavestatus, Oppgavetype
from modeller.tabeller import Koordinatoroppdrag, Oppgave, Sak, Tilgangslogg, Tjenestetype, Vedtak
from modeller.tjenester.feil import ManglerSamtykke, Valideringsfeil
from modeller.tjenester.melding import Mottak
from modeller.tjenester.vedtak import NyttVedtak, fatt_vedtak
from modeller.tjenester.vedtaksfrister import registrer_forelopig_svar, registrer_revurdering, registrer_underretning
from modeller.tjenester.vurdering import Saksbehandlerfakta, vurder_kriterier_for_sak
from tests.modeller.test_melding import NA, Miljo, alle, antall, apne_oppgaver, gi_tjenester, lag_miljo, meld
from tests.modeller.test_samtykke import samtykke


@pytest.fixture
def miljo(motor: Engine, tmp_path: Path) -> Miljo:
    return lag_miljo(motor, tmp_path)


DAG = date(2026, 3, 10)  # «i dag» i disse testene


def tjenestetype(m: Miljo, *, lovpalagt: bool = True, kan_paklages: bool = True,
                 typisk_tidsbegrenset: bool = False) -> int:
    with arbeidsenhet(m.avh.motor) as okt:
        tt = Tjenestetype(kode=f"t-{lovpalagt}-{kan_paklages}-{typisk_tidsbegrenset}", navn="Støttekontakt",
                          kategori="aktivitet", lovpalagt=lovpalagt, kan_paklages=kan_paklages,
                          typisk_tidsbegrenset=typisk_tidsbegrenset)
        okt.add(tt)
        okt.flush()
        return tt.id or 0


def sak_med_samtykke(m: Miljo, **melding: Any) -> Mottak:
    mottak = meld(m, **melding)
    samtykke(m, mottak.person.id or 0)
    return mottak


def vedtak(mottak: Mottak, **endringer: Any) -> NyttVedtak:
    return replace(NyttVedtak(sak_id=mottak.sak.id or 0, tiltak="ip", utfall="innvilget", fattet_dato=date(2026, 3, 2),
                              begrunnelse="Langvarige og koordinerte tjenester."), **endringer)


def fatt(m: Miljo, skjema: NyttVedtak, idag: date = DAG) -> Any:
    return fatt_vedtak(m.avh, m.saksbehandler, skjema, idag=idag, na=NA)


SKJAERTORSDAG_FORLENGET = date(2026, 4, 7)  # 05.03 + 4 uker = 02.04 (skjærtorsdag) → tirsdag etter påske


@pytest.mark.parametrize(("tiltak", "flagg", "lovpalagt", "rute", "instans", "frist"), [
    # pbrl § 7-5: 4 uker for IP, koordinator og lovpålagte tjenester, til Statsforvalteren (002 L344–347).
    ("ip", None, None, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN, SKJAERTORSDAG_FORLENGET),
    ("koordinator", None, None, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN, SKJAERTORSDAG_FORLENGET),
    ("barnekoordinator", None, None, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN, SKJAERTORSDAG_FORLENGET),
    ("tjeneste", (True, True), None, Klagerute.PBRL, Klageinstans.STATSFORVALTEREN, SKJAERTORSDAG_FORLENGET),
    # fvl § 29: 3 uker for ikke lovpålagte tjenester, til kommunens klagenemnd (002 L138–142).
    ("tjeneste", (False, True), None, Klagerute.FVL, Klageinstans.KLAGENEMND, date(2026, 3, 26)),
    ("tjeneste", (True, True), False, Klagerute.FVL, Klageinstans.KLAGENEMND, date(2026, 3, 26)),  # overstyrt
    ("tjeneste", (True, False), None, Klagerute.IKKE_KLAGBAR, None, None),  # kan ikke påklages (002 L45)
])
def test_klagerute_og_klagefrist_etter_tiltak(miljo: Miljo, tiltak: str, flagg: tuple[bool, bool] | None,
                                              lovpalagt: bool | None, rute: Klagerute,
                                              instans: Klageinstans | None, frist: date | None) -> None:
    mottak = meld(miljo)
    tt = tjenestetype(miljo, lovpalagt=flagg[0], kan_paklages=flagg[1]) if flagg else None
    v = fatt(miljo, vedtak(mottak, tiltak=tiltak, utfall="avslag", tjenestetype_id=tt, lovpalagt=lovpalagt,
                           underrettet_dato=date(2026, 3, 3), mottatt_dato=date(2026, 3, 5))).vedtak
    assert (v.klagerute, v.klageinstans, v.klagefrist) == (rute, instans, frist)
    assert v.endelig is (rute is Klagerute.IKKE_KLAGBAR)
    assert v.revurdering_dato is None  # avslag revurderes ikke
    assert ("§ 2-7" in v.begrunnelse) is (tiltak in ("koordinator", "barnekoordinator"))  # K20


def test_innvilget_ip_uten_samtykke_avvises_og_ingenting_skrives(miljo: Miljo) -> None:
    mottak = meld(miljo)
    with pytest.raises(ManglerSamtykke, match="individuell plan"):
        fatt(miljo, vedtak(mottak))
    assert antall(miljo.avh.motor, Vedtak) == 0
    assert alle(miljo.avh.motor, Sak)[0].status == "apen"


def test_innvilget_koordinator_lukker_vurdering_og_gir_oppnevningsoppgave(miljo: Miljo) -> None:
    mottak = sak_med_samtykke(miljo, gjelder="koordinator")
    resultat = fatt(miljo, vedtak(mottak, tiltak="koordinator"))
    v = resultat.vedtak
    assert v.revurdering_dato == date(2027, 3, 2) and v.fattet_av == miljo.saksbehandler.navn
    assert "pasient- og brukerrettighetsloven § 2-7" in v.begrunnelse
    assert alle(miljo.avh.motor, Sak)[0].status == "vedtatt"
    frist = DAG + timedelta(days=miljo.avh.regelverk.vurdering_frist_dager)
    assert apne_oppgaver(miljo.avh.motor, mottak.person.id or 0) == [(Oppgavetype.OPPNEVN_KOORDINATOR, frist)]
    vurdering = alle(miljo.avh.motor, Oppgave, col(Oppgave.oppgavetype) == Oppgavetype.VURDER_MELDING)
    assert [o.status for o in vurdering] == [Oppgavestatus.FULLFORT]


def test_innvilget_ip_gir_planoppgave_til_personens_koordinator(miljo: Miljo) -> None:
    mottak = sak_med_samtykke(miljo)
    with arbeidsenhet(miljo.avh.motor) as okt:
        okt.add(Koordinatoroppdrag(person_id=mottak.person.id or 0, tjenesteyter_id=miljo.tjenesteytere[0],
                                   rolle=Koordinatorrolle.KOORDINATOR, fra=date(2026, 3, 1)))
    resultat = fatt(miljo, vedtak(mottak))
    assert [(o.oppgavetype, o.eier_id) for o in resultat.oppgaver] == [
        (Oppgavetype.UTARBEID_PLAN, miljo.koordinator.id)]


@pytest.mark.parametrize(("endringer", "felt"), [
    ({"fattet_dato": DAG + timedelta(days=1)}, "fattet"),
    ({"fattet_dato": date(2026, 2, 1)}, "fattet"),  # før saken ble mottatt 02.02
    ({"underrettet_dato": date(2026, 3, 1)}, "underrettet"),
    ({"underrettet_dato": date(2026, 3, 4), "mottatt_dato": date(2026, 3, 3)}, "mottatt"),
    ({"begrunnelse": " "}, "begrunnelse"),
    ({"utfall": "kanskje"}, "utfall"),
    ({"tiltak": "tjeneste"}, "tjenestetype"),
    ({"tidsbegrenset_til": date(2026, 3, 1)}, "tidsbegrenset til"),
    ({"revurdering_dato": date(2027, 3, 3)}, "revurderingsdato"),  # senere enn 12 måneder
    ({"revurdering_dato": date(2026, 3, 2)}, "revurderingsdato"),
    ({"utfall": "avslag", "revurdering_dato": date(2026, 9, 1)}, "revurderingsdato"),
    ({"tiltak": "barnekoordinator", "utfall": "innvilget"}, "tiltak"),  # personen er voksen (pbrl § 2-5 c)
])
def test_ugyldig_vedtak_navngir_feltet_og_skriver_ingenting(miljo: Miljo, endringer: dict[str, Any],
                                                            felt: str) -> None:
    mottak = sak_med_samtykke(miljo)
    logg_for = antall(miljo.avh.motor, Tilgangslogg)
    with pytest.raises(Valideringsfeil) as feil:
        fatt(miljo, vedtak(mottak, **endringer))
    assert felt in [f.felt for f in feil.value.feil]
    assert antall(miljo.avh.motor, Vedtak) == 0
    assert antall(miljo.avh.motor, Tilgangslogg) == logg_for  # også tilgangsraden rulles tilbake


def test_tidsbegrensning_mangler_gir_advarsel_for_tjenester_som_vanligvis_er_tidsbegrenset(miljo: Miljo) -> None:
    mottak = meld(miljo)
    tt = tjenestetype(miljo, typisk_tidsbegrenset=True)
    uten = fatt(miljo, vedtak(mottak, tiltak="tjeneste", tjenestetype_id=tt))
    assert len(uten.advarsler) == 1 and "tidsbegrenset" in uten.advarsler[0]
    med = fatt(miljo, vedtak(mottak, tiltak="tjeneste", tjenestetype_id=tt, tidsbegrenset_til=date(2027, 1, 1)))
    assert med.advarsler == ()


def test_forelopig_svar_lukker_oppgaven_og_lagres_pa_saken(miljo: Miljo) -> None:
    mottak = meld(miljo)
    with pytest.raises(Valideringsfeil, match="forventet vedtaksdato"):
        registrer_forelopig_svar(miljo.avh, miljo.saksbehandler, mottak.sak.id or 0, sendt=DAG,
                                 forventet_vedtaksdato=DAG - timedelta(days=1), idag=DAG, na=NA)
    sak = registrer_forelopig_svar(miljo.avh, miljo.saksbehandler, mottak.sak.id or 0, sendt=DAG,
                                   forventet_vedtaksdato=date(2026, 4, 15), idag=DAG, na=NA)
    assert (sak.forelopig_svar_sendt, sak.forventet_vedtaksdato) == (DAG, date(2026, 4, 15))


def test_underretning_regner_klagefristen_pa_nytt(miljo: Miljo) -> None:
    mottak = meld(miljo)
    v = fatt(miljo, vedtak(mottak, utfall="avslag")).vedtak
    assert v.klagefrist == date(2026, 3, 30)  # fra vedtaksdatoen når underretningen ikke er registrert
    endret = registrer_underretning(miljo.avh, miljo.saksbehandler, v.id or 0, underrettet=date(2026, 3, 3),
                                    mottatt=date(2026, 3, 5), idag=DAG, na=NA)
    assert endret.klagefrist == SKJAERTORSDAG_FORLENGET


def test_revurdering_flytter_datoen_og_lukker_oppgaven(miljo: Miljo) -> None:
    mottak = sak_med_samtykke(miljo)
    v = fatt(miljo, vedtak(mottak)).vedtak
    with pytest.raises(Valideringsfeil, match="revurderingsdato"):
        registrer_revurdering(miljo.avh, miljo.saksbehandler, v.id or 0, revurdert=DAG,
                              neste_revurdering=date(2027, 3, 11), idag=DAG, na=NA)
    endret = registrer_revurdering(miljo.avh, miljo.saksbehandler, v.id or 0, revurdert=DAG, idag=DAG, na=NA)
    assert endret.revurdering_dato == date(2027, 3, 10)


@pytest.mark.parametrize(("tjenester", "ja", "kan_innvilges", "advarsler"), [
    (2, True, True, []),
    (1, True, True, ["flere_tjenester"]),  # advarsel, ikke sperre (kilderegler.md §8 punkt 6)
    (2, None, False, []),  # langvarig behov og koordineringsbehov er ikke vurdert
])
def test_kriterier_bygges_fra_registeret_og_saksbehandlerens_svar(miljo: Miljo, tjenester: int, ja: bool | None,
                                                                 kan_innvilges: bool, advarsler: list[str]) -> None:
    mottak = sak_med_samtykke(miljo)
    gi_tjenester(miljo, mottak.person.id or 0, tjenester)
    liste = vurder_kriterier_for_sak(miljo.avh, miljo.saksbehandler, mottak.sak.id or 0, "ip", idag=DAG,
                                     fakta_fra_saksbehandler=Saksbehandlerfakta(langvarig_behov=ja,
                                                                                koordineringsbehov=ja))
    assert liste.kan_innvilges is kan_innvilges
    assert [p.kode for p in liste.advarsler] == advarsler
    assert {p.kode: p.oppfylt for p in liste.punkter}["samtykke"] is True
    siste = alle(miljo.avh.motor, Tilgangslogg)[-1]
    assert (siste.handling, siste.hva) == ("les", "kriterievurdering ip")


@pytest.mark.parametrize(("svar", "koordinator", "ip", "mangler_ip"), [
    # pbrl § 2-5 b (fra 1.8.2022): koordinator ved «komplekse eller langvarige og koordinerte tjenester»,
    # og «Retten gjelder uavhengig av om vedkommende ønsker individuell plan» (rundskriv til § 2-5 b).
    (Saksbehandlerfakta(komplekst_behov=True, langvarig_behov=False, koordineringsbehov=True),
     True, False, ["samtykke", "onsker", "langvarig"]),
    (Saksbehandlerfakta(langvarig_behov=True, koordineringsbehov=True), True, False, ["samtykke", "onsker"]),
])
def test_person_som_takker_nei_til_ip_far_likevel_koordinator(miljo: Miljo, svar: Saksbehandlerfakta,
                                                             koordinator: bool, ip: bool,
                                                             mangler_ip: list[str]) -> None:
    mottak = meld(miljo, gjelder="koordinator")
    samtykke(miljo, mottak.person.id or 0, omfang_ip=False, omfang_koordinator=True)  # samtykker ikke til IP
    gi_tjenester(miljo, mottak.person.id or 0, 2)
    sak_id = mottak.sak.id or 0
    k = vurder_kriterier_for_sak(miljo.avh, miljo.saksbehandler, sak_id, "koordinator", idag=DAG,
                                 fakta_fra_saksbehandler=svar)
    i = vurder_kriterier_for_sak(miljo.avh, miljo.saksbehandler, sak_id, "ip", idag=DAG, fakta_fra_saksbehandler=svar)
    assert (k.kan_innvilges, i.kan_innvilges) == (koordinator, ip)
    assert [p.kode for p in i.manglende_krav] == mangler_ip
