"""Samtykke (K3–K6): hvem kan samtykke etter alder, omfang, deling, og tilbaketrekking avgrenset til omfanget."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col

from modeller.db import arbeidsenhet, lesing
from modeller.regler.begreper import Oppgavestatus, Oppgavetype, Relasjonstype, Samtykkeomfang, Varselstatus
from modeller.tabeller import Oppgave, Person, Relasjon, Samtykke, SamtykkeDeling, Tilgangslogg, Varsel
from modeller.tjenester.feil import ManglerSamtykke, Valideringsfeil
from modeller.tjenester.klage import behandle_klage, registrer_klage
from modeller.tjenester.oppfolging import daglig_oppfolging
from modeller.tjenester.oppgaver import opprett_oppgave
from modeller.tjenester.samtykke import (
    NyttSamtykke,
    delte_tjenesteytere,
    gyldig_samtykke,
    krev_samtykke,
    registrer_samtykke,
    trekk_samtykke,
)
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.vedtak import NyttVedtak, fatt_vedtak
from tests.modeller.test_melding import IDAG, NA, Miljo, alle, antall, apne_oppgaver, fnr, lag_miljo, meld


@pytest.fixture
def miljo(motor: Engine, tmp_path: Path) -> Miljo:
    return lag_miljo(motor, tmp_path)


FODT = date(2010, 3, 1)  # fyller 16 den 01.03.2026, dagen før IDAG


def lag_person(m: Miljo, fodt: date = FODT, *relasjoner: dict[str, Any]) -> tuple[int, list[int]]:
    """En person med relasjoner; gir person-id og relasjons-id-er."""
    with arbeidsenhet(m.avh.motor) as okt:
        p = Person(identitetsnummer=fnr(fodt), fodselsdato=fodt, fornavn="Ung", etternavn="Person")
        okt.add(p)
        okt.flush()
        rader = [Relasjon(person_id=p.id or 0, navn=r.pop("navn", "Mor Person"), **r) for r in relasjoner]
        okt.add_all(rader)
        okt.flush()
        return p.id or 0, [r.id or 0 for r in rader]


def samtykke(m: Miljo, person_id: int, **endringer: Any) -> Samtykke:
    skjema = NyttSamtykke(person_id=person_id, **{"gitt_av": "selv", "gitt": IDAG, "omfang_ip": True,
                                                  "omfang_koordinator": True, **endringer})
    return registrer_samtykke(m.avh, m.saksbehandler, skjema, idag=IDAG, na=NA)


FORESATT = {"relasjonstype": Relasjonstype.FORESATT, "foreldreansvar": True}


@pytest.mark.parametrize(("gitt", "giver", "relasjon", "begrunnelse", "gyldig"), [
    # 002_846d8582fcb76fa6.txt L326/L383: under 16 samtykker foreldrene, fra 16 personen selv.
    (date(2026, 2, 28), "selv", None, None, False),  # 15 år
    (date(2026, 2, 28), "foresatt", FORESATT, None, True),
    (date(2026, 3, 1), "selv", None, None, True),  # 16-årsdagen
    (date(2026, 3, 1), "foresatt", FORESATT, None, False),
    (date(2026, 2, 28), "foresatt", {"relasjonstype": Relasjonstype.FORESATT}, None, False),  # uten foreldreansvar
    (date(2026, 3, 2), "verge", {"relasjonstype": Relasjonstype.VERGE}, None, False),
    (date(2026, 3, 2), "verge", {"relasjonstype": Relasjonstype.VERGE}, "Vurdert av lege: mangler kompetanse.", True),
    (date(2026, 3, 2), "fullmektig", {"relasjonstype": Relasjonstype.FULLMEKTIG}, None, False),
    (date(2026, 3, 2), "fullmektig", {"relasjonstype": Relasjonstype.FULLMEKTIG, "skriftlig_fullmakt": True}, None,
     True),
])
def test_hvem_kan_samtykke_etter_alder_og_representasjon(miljo: Miljo, gitt: date, giver: str,
                                                        relasjon: dict[str, Any] | None, begrunnelse: str | None,
                                                        gyldig: bool) -> None:
    person_id, relasjoner = lag_person(miljo, FODT, *([dict(relasjon)] if relasjon else []))
    endringer = {"gitt": gitt, "gitt_av": giver, "relasjon_id": relasjoner[0] if relasjoner else None,
                 "manglende_kompetanse_begrunnelse": begrunnelse}
    if gyldig:
        s = samtykke(miljo, person_id, **endringer)
        assert s.grunnlag and s.gitt_av == giver
    else:
        with pytest.raises(Valideringsfeil) as feil:
            samtykke(miljo, person_id, **endringer)
        assert [f.felt for f in feil.value.feil] == ["gitt av"]
        assert antall(miljo.avh.motor, Samtykke) == 0


@pytest.mark.parametrize(("endringer", "felt"), [
    ({"gitt": IDAG + timedelta(days=1)}, "gitt"),
    ({"gyldig_til": IDAG - timedelta(days=1)}, "gyldig til"),
    ({"omfang_ip": False, "omfang_koordinator": False}, "omfang"),
    ({"deling_med": (999,)}, "deling med"),
    ({"gitt_av": "nabo"}, "gitt av"),
    ({"gitt_av": "foresatt"}, "relasjon"),
])
def test_ugyldig_samtykke_navngir_feltet_og_skriver_ingenting(miljo: Miljo, endringer: dict[str, Any],
                                                              felt: str) -> None:
    person_id, _ = lag_person(miljo)
    with pytest.raises(Valideringsfeil) as feil:
        samtykke(miljo, person_id, **endringer)
    assert felt in [f.felt for f in feil.value.feil]
    assert antall(miljo.avh.motor, Samtykke) == 0 and antall(miljo.avh.motor, Tilgangslogg) == 0


def test_samtykke_lukker_innhenting_og_legger_vurdering_i_kø(miljo: Miljo) -> None:
    mottak = meld(miljo)
    pid = mottak.person.id or 0
    s = samtykke(miljo, pid, deling_med=miljo.tjenesteytere)
    assert apne_oppgaver(miljo.avh.motor, pid) == [
        (Oppgavetype.VURDER_MELDING, IDAG + timedelta(days=miljo.avh.regelverk.vurdering_frist_dager))]
    lukket = alle(miljo.avh.motor, Oppgave, col(Oppgave.oppgavetype) == Oppgavetype.INNHENT_SAMTYKKE)
    assert [(o.status, o.fullfort_av) for o in lukket] == [(Oppgavestatus.FULLFORT, miljo.saksbehandler.navn)]
    assert s.omfang_deling and antall(miljo.avh.motor, SamtykkeDeling) == 2
    with lesing(miljo.avh.motor) as okt:
        assert delte_tjenesteytere(okt, pid, IDAG) == frozenset(miljo.tjenesteytere)


def test_samtykke_som_ikke_dekker_meldingen_lukker_ikke_innhentingen(miljo: Miljo) -> None:
    mottak = meld(miljo, gjelder="ip")
    pid = mottak.person.id or 0
    samtykke(miljo, pid, omfang_ip=False, omfang_koordinator=True)
    assert [t for t, _ in apne_oppgaver(miljo.avh.motor, pid)] == [Oppgavetype.INNHENT_SAMTYKKE]


def test_melding_med_gyldig_samtykke_gar_rett_til_vurdering(miljo: Miljo) -> None:
    person_id, _ = lag_person(miljo)
    samtykke(miljo, person_id)
    mottak = meld(miljo, person_id=person_id, ny_person=None, mottatt=date(2026, 2, 27))
    assert mottak.oppgave is not None and mottak.oppgave.oppgavetype == Oppgavetype.VURDER_MELDING
    assert mottak.oppgave.frist == date(2026, 2, 27) + timedelta(days=miljo.avh.regelverk.vurdering_frist_dager)


def test_gyldig_samtykke_folger_omfang_gyldighet_og_tilbaketrekking(miljo: Miljo) -> None:
    person_id, _ = lag_person(miljo)
    s = samtykke(miljo, person_id, omfang_koordinator=False, gyldig_til=date(2026, 6, 30))
    with lesing(miljo.avh.motor) as okt:
        assert gyldig_samtykke(okt, person_id, IDAG, omfang="ip") is not None
        assert gyldig_samtykke(okt, person_id, IDAG, omfang="koordinator") is None
        assert gyldig_samtykke(okt, person_id, date(2026, 7, 1), omfang="ip") is None  # utløpt (K6)
        assert gyldig_samtykke(okt, person_id, IDAG - timedelta(days=1), omfang="ip") is None  # ikke gitt ennå
        with pytest.raises(ManglerSamtykke, match="samtykke til koordinator"):
            krev_samtykke(okt, person_id, IDAG, omfang="koordinator")
    trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0, trukket=IDAG, grunn=None, idag=IDAG, na=NA)
    with lesing(miljo.avh.motor) as okt:
        assert gyldig_samtykke(okt, person_id, IDAG, omfang="ip") is None


def varsel(motor: Engine, varseltype: str, person_id: int, objekt_type: str, objekt_id: int | None,
           mottaker: str = "tone@kommune.example") -> int:
    """En ventende påminnelse i utboksen; gir id-en."""
    with arbeidsenhet(motor) as okt:
        rad = legg_i_utboks(okt, varseltype=varseltype, mottaker_epost=mottaker, forfallsdato=IDAG + timedelta(days=10),
                            objekt_type=objekt_type, objekt_id=objekt_id, kontekst={"referanse": "P-TEST"},
                            person_id=person_id)
        assert rad is not None and rad.id is not None
        return rad.id


def status(motor: Engine) -> dict[str, Varselstatus]:
    return {v.varseltype: v.status for v in alle(motor, Varsel)}


def test_tilbaketrekking_stopper_det_som_bygger_pa_omfanget_med_en_gang(miljo: Miljo, motor: Engine) -> None:
    mottak = meld(miljo)
    pid = mottak.person.id or 0
    s = samtykke(miljo, pid, deling_med=miljo.tjenesteytere[:1])
    varsel(motor, "plan_revisjon", pid, "plan", 1)
    resultat = trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0,
                              trukket=IDAG, grunn="Ønsker ikke plan lenger", idag=IDAG, na=NA)
    assert resultat.mistet_omfang == frozenset(Samtykkeomfang)
    assert (resultat.avbrutte_oppgaver, resultat.kansellerte_varsler) == (0, 1)
    # Meldingen skal fortsatt avgjøres: vurderingen er saksbehandling og stoppes ikke.
    assert [t for t, _ in apne_oppgaver(motor, pid)] == [Oppgavetype.VURDER_MELDING]
    assert [(v.status, v.siste_feil) for v in alle(motor, Varsel)] == [
        (Varselstatus.KANSELLERT, "Samtykket er trukket tilbake")]
    with lesing(motor) as okt:
        assert delte_tjenesteytere(okt, pid, IDAG) == frozenset()
    siste = alle(motor, Tilgangslogg)[-1]
    assert (siste.handling, siste.hva, siste.person_id) == ("endre", "samtykke trukket", pid)


def test_tilbaketrekking_mens_en_klage_venter_pa_oversending(miljo: Miljo, motor: Engine) -> None:
    # fvl § 33 / pbrl § 7-2: klagen skal sendes klageinstansen; å trekke samtykket til IP stopper ikke det.
    mottak = meld(miljo)
    pid = mottak.person.id or 0
    s = samtykke(miljo, pid)
    vedtak = fatt_vedtak(miljo.avh, miljo.saksbehandler, NyttVedtak(
        sak_id=mottak.sak.id or 0, tiltak="ip", utfall="avslag", fattet_dato=IDAG, begrunnelse="Ikke langvarig."),
        idag=IDAG, na=NA).vedtak
    klage = registrer_klage(miljo.avh, miljo.saksbehandler, vedtak.id or 0, mottatt=IDAG, klager="bruker",
                            idag=IDAG, na=NA)
    behandle_klage(miljo.avh, miljo.saksbehandler, klage.id or 0, omgjor=False, dato=IDAG, idag=IDAG, na=NA)
    oversend = alle(motor, Oppgave, col(Oppgave.oppgavetype) == Oppgavetype.OVERSEND_KLAGE)[0]
    with arbeidsenhet(motor) as okt:
        plan = opprett_oppgave(okt, oppgavetype=Oppgavetype.UTARBEID_PLAN, frist=IDAG, objekt_type="sak",
                               objekt_id=mottak.sak.id, person_id=pid, sak_id=mottak.sak.id)
        plan_id = plan.id
    varsel(motor, "oppgave_forfalt", pid, "oppgave", oversend.id)
    varsel(motor, "klagefrist_nar", pid, "vedtak", vedtak.id)
    varsel(motor, "oppgave_eskalert", pid, "oppgave", plan_id)
    resultat = trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0, trukket=IDAG, grunn=None, idag=IDAG, na=NA)
    assert [t for t, _ in apne_oppgaver(motor, pid)] == [Oppgavetype.OVERSEND_KLAGE]
    assert status(motor) == {"oppgave_forfalt": Varselstatus.VENTER, "klagefrist_nar": Varselstatus.VENTER,
                             "oppgave_eskalert": Varselstatus.KANSELLERT}  # påminnelsen følger planoppgaven
    assert (resultat.avbrutte_oppgaver, resultat.kansellerte_varsler) == (1, 1)


def test_trukket_delingssamtykke_stopper_tiltakspaminnelsen_men_ikke_forelopig_svar(miljo: Miljo,
                                                                                   motor: Engine) -> None:
    mottak = meld(miljo)  # mottatt 02.02: foreløpig svar forfaller 02.03 (fvl § 11 a)
    pid = mottak.person.id or 0
    samtykke(miljo, pid)  # IP og koordinator, ingen deling
    deling = samtykke(miljo, pid, omfang_ip=False, omfang_koordinator=False, deling_med=miljo.tjenesteytere[:1])
    daglig_oppfolging(miljo.avh, referansedato=IDAG)
    assert {t for t, _ in apne_oppgaver(motor, pid)} == {Oppgavetype.SEND_FORELOPIG_SVAR, Oppgavetype.VURDER_MELDING}
    varsel(motor, "tiltak_evaluering_snart", pid, "tiltak", 1, mottaker="tjenesteyter@kommune.example")
    varsel(motor, "mote_innkalling", pid, "mote", 1, mottaker="tjenesteyter@kommune.example")
    varsel(motor, "plan_revisjon", pid, "plan", 1)
    varsel(motor, "forelopig_svar_nar", pid, "sak", mottak.sak.id)
    resultat = trekk_samtykke(miljo.avh, miljo.saksbehandler, deling.id or 0, trukket=IDAG, grunn=None, idag=IDAG,
                              na=NA)
    assert resultat.mistet_omfang == {Samtykkeomfang.DELING}
    assert {t for t, _ in apne_oppgaver(motor, pid)} == {Oppgavetype.SEND_FORELOPIG_SVAR, Oppgavetype.VURDER_MELDING}
    assert status(motor) == {"tiltak_evaluering_snart": Varselstatus.KANSELLERT,
                             "mote_innkalling": Varselstatus.KANSELLERT, "plan_revisjon": Varselstatus.VENTER,
                             "forelopig_svar_nar": Varselstatus.VENTER}
    with lesing(motor) as okt:
        assert delte_tjenesteytere(okt, pid, IDAG) == frozenset()
        assert gyldig_samtykke(okt, pid, IDAG, omfang="ip") is not None


@pytest.mark.parametrize(("trekk", "stoppet_oppgave", "stoppet_varsel"), [
    ("koordinator", Oppgavetype.OPPNEVN_KOORDINATOR, "koordinator_oppnevnt"),  # pbrl § 2-5 b
    ("ip", Oppgavetype.UTARBEID_PLAN, "plan_revisjon"),  # pbrl § 2-5
])
def test_hvert_omfang_stopper_bare_sitt(miljo: Miljo, motor: Engine, trekk: str, stoppet_oppgave: Oppgavetype,
                                        stoppet_varsel: str) -> None:
    person_id, _ = lag_person(miljo, date(1980, 1, 1))
    koord = samtykke(miljo, person_id, omfang_ip=False)
    ip = samtykke(miljo, person_id, omfang_koordinator=False)
    with arbeidsenhet(motor) as okt:
        for t in (Oppgavetype.OPPNEVN_KOORDINATOR, Oppgavetype.UTARBEID_PLAN):
            opprett_oppgave(okt, oppgavetype=t, frist=IDAG, objekt_type="person", objekt_id=person_id,
                            person_id=person_id)
    varsel(motor, "koordinator_oppnevnt", person_id, "koordinatoroppdrag", 1)
    varsel(motor, "plan_revisjon", person_id, "plan", 1)
    trekk_samtykke(miljo.avh, miljo.saksbehandler, (koord if trekk == "koordinator" else ip).id or 0, trukket=IDAG,
                   grunn=None, idag=IDAG, na=NA)
    assert {t for t, _ in apne_oppgaver(motor, person_id)} == {
        Oppgavetype.OPPNEVN_KOORDINATOR, Oppgavetype.UTARBEID_PLAN} - {stoppet_oppgave}
    assert {v for v, st in status(motor).items() if st == Varselstatus.KANSELLERT} == {stoppet_varsel}


def test_annet_gyldig_samtykke_med_samme_omfang_holder_alt_i_gang(miljo: Miljo, motor: Engine) -> None:
    person_id, _ = lag_person(miljo, date(1980, 1, 1))
    gammelt = samtykke(miljo, person_id, gitt=IDAG - timedelta(days=30))
    samtykke(miljo, person_id)
    varsel(motor, "plan_revisjon", person_id, "plan", 1)
    resultat = trekk_samtykke(miljo.avh, miljo.saksbehandler, gammelt.id or 0, trukket=IDAG, grunn=None, idag=IDAG,
                              na=NA)
    assert (resultat.mistet_omfang, resultat.kansellerte_varsler) == (frozenset(), 0)
    assert status(motor) == {"plan_revisjon": Varselstatus.VENTER}


def test_kan_ikke_trekke_to_ganger_eller_for_det_ble_gitt(miljo: Miljo) -> None:
    person_id, _ = lag_person(miljo)
    s = samtykke(miljo, person_id, gitt=date(2026, 3, 1))
    with pytest.raises(Valideringsfeil, match="trukket"):
        trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0, trukket=date(2026, 2, 1), grunn=None, idag=IDAG,
                       na=NA)
    trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0, trukket=IDAG, grunn=None, idag=IDAG, na=NA)
    with pytest.raises(Valideringsfeil, match="allerede trukket"):
        trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0, trukket=IDAG, grunn=None, idag=IDAG, na=NA)
