"""Individuell plan: samtykke, én aktiv plan, tiltak, evaluering, revisjon, avslutning, låsing (K3, K11–K15)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Oppgavestatus, Oppgavetype, Planslutt, Planstatus, Varselstatus
from modeller.tabeller import Evaluering, IndividuellPlan, Oppgave, Samtykke, Tiltak, Varsel
from modeller.tjenester.feil import IngenTilgang, Konflikt, ManglerSamtykke, Valideringsfeil
from modeller.tjenester.koordinator import NyKoordinator, oppnevn_koordinator
from modeller.tjenester.oppgaver import opprett_oppgave
from modeller.tjenester.plan import (
    NyEvaluering,
    NyPlan,
    NyttMal,
    NyttTiltak,
    Planendring,
    aktiver_plan,
    avslutt_plan,
    endre_plan,
    evaluer_tiltak,
    legg_til_mal,
    legg_til_tiltak,
    opprett_plan,
    revider_plan,
    sjekk_planinnhold_for,
)
from modeller.tjenester.utboks import legg_i_utboks
from tests.modeller.test_koordinator import (
    ADMIN,
    IDAG,
    LEDER,
    NA,
    gi_samtykke,
    hent_alle,
    lag_avh,
    lag_person,
    lag_tjenesteyter,
    systembruker_for,
)

SLUTT = date(2028, 2, 29)


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


def ny_plan(avh: Avhengigheter, *, deling: bool = False, **felt: object) -> IndividuellPlan:
    pid = lag_person(avh)
    gi_samtykke(avh, pid, koordinator=True, ip=True, deling=deling)
    return opprett_plan(avh, LEDER, pid, NyPlan(periode_fra=IDAG, periode_til=SLUTT, **felt), idag=IDAG)  # type: ignore[arg-type]


def tiltak_skjema(ansvarlig: int | None, **endringer: object) -> NyttTiltak:
    felt: dict[str, object] = {"beskrivelse": "Fysioterapi to ganger i uka", "ansvarlig_id": ansvarlig,
                               "start": IDAG, "evalueringsdato": date(2027, 6, 1), "gjennomforing": "Hjemme"}
    felt.update(endringer)
    return NyttTiltak(**felt)  # type: ignore[arg-type]


def plan_na(avh: Avhengigheter, plan_id: int | None) -> IndividuellPlan:
    with lesing(avh.motor) as okt:
        plan = okt.get(IndividuellPlan, plan_id)
        assert plan is not None
        okt.expunge(plan)
        return plan


# ---------- opprette og aktivere ----------

def test_plan_krever_samtykke_til_ip(avh: Avhengigheter) -> None:
    pid = lag_person(avh)
    gi_samtykke(avh, pid, koordinator=True, ip=False)
    with pytest.raises(ManglerSamtykke):
        opprett_plan(avh, LEDER, pid, NyPlan(), idag=IDAG)
    assert hent_alle(avh, IndividuellPlan) == []


def test_ny_plan_er_utkast_med_referanse_og_revisjonsdato(avh: Avhengigheter) -> None:
    pid = lag_person(avh)
    gi_samtykke(avh, pid, ip=True)
    plan = opprett_plan(avh, LEDER, pid, NyPlan(), idag=date(2027, 3, 31))
    assert plan.status == Planstatus.UTKAST and plan.versjon == 1
    assert plan.referanse.startswith("IP-") and len(plan.referanse) == 11
    assert (plan.periode_fra, plan.neste_revisjon) == (date(2027, 3, 31), date(2028, 3, 31))


def test_bare_en_aktiv_plan_per_person(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    with pytest.raises(Valideringsfeil) as feil:
        opprett_plan(avh, LEDER, plan.person_id, NyPlan(), idag=IDAG)
    assert feil.value.feil[0].felt == "person" and plan.referanse in str(feil.value)
    avslutt_plan(avh, LEDER, plan.id or 0, grunn=Planslutt.BRUKERS_ONSKE, dato=IDAG, versjon=plan.versjon, idag=IDAG)
    ny = opprett_plan(avh, LEDER, plan.person_id, NyPlan(), idag=IDAG)  # etter avslutning går det
    assert ny.status == Planstatus.UTKAST and ny.id != plan.id


def test_aktivering_krever_gyldig_samtykke(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    with arbeidsenhet(avh.motor) as okt:
        for samtykke in okt.exec(select(Samtykke)):
            samtykke.trukket = IDAG
            okt.add(samtykke)
    with pytest.raises(ManglerSamtykke):
        aktiver_plan(avh, LEDER, plan.id or 0, versjon=plan.versjon, idag=IDAG, na=NA)
    assert plan_na(avh, plan.id).status == Planstatus.UTKAST
    assert plan_na(avh, plan.id).versjon == 1  # ingenting halvveis skrevet


def test_aktivering_lukker_utarbeid_plan(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    with arbeidsenhet(avh.motor) as okt:
        opprett_oppgave(okt, oppgavetype=Oppgavetype.UTARBEID_PLAN, frist=IDAG, objekt_type="vedtak", objekt_id=1,
                        person_id=plan.person_id)
    aktiv = aktiver_plan(avh, LEDER, plan.id or 0, versjon=1, idag=IDAG, na=NA)
    assert aktiv.status == Planstatus.AKTIV and aktiv.versjon == 2
    assert [o.status for o in hent_alle(avh, Oppgave)] == [Oppgavestatus.FULLFORT]


# ---------- tiltak ----------

@pytest.mark.parametrize(("endringer", "felt"), [
    ({"ansvarlig_id": None}, "ansvarlig"),
    ({"ansvarlig_id": "inaktiv"}, "ansvarlig"),
    ({"evalueringsdato": IDAG - timedelta(days=1)}, "evalueringsdato"),
    ({"start": IDAG - timedelta(days=1), "evalueringsdato": IDAG}, "start"),
    ({"evalueringsdato": SLUTT + timedelta(days=1)}, "evalueringsdato"),
    ({"beskrivelse": "  "}, "beskrivelse"),
    ({"mal_id": 999}, "mal_id"),
])
def test_tiltak_valideres(avh: Avhengigheter, endringer: dict[str, object], felt: str) -> None:
    plan = ny_plan(avh)
    ansvarlig = lag_tjenesteyter(avh, "Anne Fysio")
    if endringer.get("ansvarlig_id") == "inaktiv":
        endringer = {"ansvarlig_id": lag_tjenesteyter(avh, "Sluttet Fysio", aktiv=False)}
    with pytest.raises(Valideringsfeil) as feil:
        legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(ansvarlig, **endringer), versjon=1, idag=IDAG)
    assert [f.felt for f in feil.value.feil] == [felt]
    assert hent_alle(avh, Tiltak) == [] and plan_na(avh, plan.id).versjon == 1


def test_gyldig_tiltak_lagres_og_oker_versjonen(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    mal = legg_til_mal(avh, LEDER, plan.id or 0, NyttMal("Gå til skolen selv", "skole"), versjon=1, idag=IDAG)
    tiltak = legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(lag_tjenesteyter(avh, "Anne Fysio"),
                                                                     mal_id=mal.id), versjon=2, idag=IDAG)
    assert tiltak.mal_id == mal.id and tiltak.status == "aktiv"
    assert plan_na(avh, plan.id).versjon == 3


# ---------- evaluering ----------

def test_evaluering_flytter_datoen_og_stopper_gamle_paminnelser(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    ty = lag_tjenesteyter(avh, "Anne Fysio")
    tiltak = legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(ty), versjon=1, idag=IDAG)
    with arbeidsenhet(avh.motor) as okt:  # det påminnelsesflyten og den daglige gjennomgangen ville laget
        legg_i_utboks(okt, varseltype="tiltak_evaluering_snart", mottaker_epost="anne.fysio@kommune.example",
                      forfallsdato=date(2027, 5, 18), objekt_type="tiltak", objekt_id=tiltak.id, kontekst={},
                      person_id=plan.person_id)
        opprett_oppgave(okt, oppgavetype=Oppgavetype.EVALUER_TILTAK, frist=date(2027, 6, 1), objekt_type="tiltak",
                        objekt_id=tiltak.id, person_id=plan.person_id)
    dag = date(2027, 5, 20)
    with pytest.raises(Valideringsfeil) as feil:
        evaluer_tiltak(avh, LEDER, tiltak.id or 0, NyEvaluering("Går bra"), idag=dag, na=NA)
    assert [f.felt for f in feil.value.feil] == ["neste_evalueringsdato"]
    evaluering = evaluer_tiltak(avh, LEDER, tiltak.id or 0, NyEvaluering(
        "Går bra", maloppnaelse="delvis", neste_evalueringsdato=date(2027, 11, 1)), idag=dag, na=NA, versjon=2)
    assert evaluering.dato == dag and evaluering.evaluert_av == "Lise Leder"
    assert evaluering.frist == date(2027, 6, 1)  # datoen evalueringen svarte på, før den ble flyttet
    [lagret] = hent_alle(avh, Tiltak)
    assert lagret.evalueringsdato == date(2027, 11, 1) and lagret.status == "aktiv"
    assert [v.status for v in hent_alle(avh, Varsel)] == [Varselstatus.KANSELLERT]
    assert [o.status for o in hent_alle(avh, Oppgave)] == [Oppgavestatus.FULLFORT]
    assert len(hent_alle(avh, Evaluering)) == 1 and plan_na(avh, plan.id).versjon == 3


def test_evaluering_kan_avslutte_tiltaket_uten_ny_dato(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    tiltak = legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(lag_tjenesteyter(avh, "Anne Fysio")),
                             versjon=1, idag=IDAG)
    evaluer_tiltak(avh, LEDER, tiltak.id or 0, NyEvaluering("Målet er nådd", maloppnaelse="oppnadd",
                                                             avslutt_tiltak=True), idag=IDAG, na=NA)
    [lagret] = hent_alle(avh, Tiltak)
    assert lagret.status == "avsluttet"
    with pytest.raises(Valideringsfeil) as feil:
        evaluer_tiltak(avh, LEDER, tiltak.id or 0, NyEvaluering("Igjen", neste_evalueringsdato=SLUTT), idag=IDAG,
                       na=NA)
    assert [f.felt for f in feil.value.feil] == ["tiltak"]


# ---------- revisjon og avslutning ----------

def test_revisjon_lukker_revisjonsoppgaven(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    with arbeidsenhet(avh.motor) as okt:
        opprett_oppgave(okt, oppgavetype=Oppgavetype.PLAN_REVISJON, frist=IDAG, objekt_type="plan",
                        objekt_id=plan.id, person_id=plan.person_id)
    with pytest.raises(Valideringsfeil):
        revider_plan(avh, LEDER, plan.id or 0, neste_revisjon=IDAG, versjon=1, idag=IDAG, na=NA)
    revidert = revider_plan(avh, LEDER, plan.id or 0, neste_revisjon=date(2027, 9, 1), versjon=1, idag=IDAG, na=NA)
    assert revidert.neste_revisjon == date(2027, 9, 1)
    assert [o.status for o in hent_alle(avh, Oppgave)] == [Oppgavestatus.FULLFORT]


def test_avslutt_plan_med_grunn_stopper_paminnelser_og_oppgaver(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    tiltak = legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(lag_tjenesteyter(avh, "Anne Fysio")),
                             versjon=1, idag=IDAG)
    with arbeidsenhet(avh.motor) as okt:
        for objekt_type, objekt_id, varseltype in (("plan", plan.id, "plan_revisjon"),
                                                   ("tiltak", tiltak.id, "tiltak_evaluering_snart")):
            legg_i_utboks(okt, varseltype=varseltype, mottaker_epost="x@kommune.example", forfallsdato=SLUTT,
                          objekt_type=objekt_type, objekt_id=objekt_id, kontekst={}, person_id=plan.person_id)
        opprett_oppgave(okt, oppgavetype=Oppgavetype.EVALUER_TILTAK, frist=SLUTT, objekt_type="tiltak",
                        objekt_id=tiltak.id, person_id=plan.person_id)
    with pytest.raises(Valideringsfeil) as feil:
        avslutt_plan(avh, LEDER, plan.id or 0, grunn=Planslutt.ANNET, dato=IDAG, versjon=2, idag=IDAG)
    assert [f.felt for f in feil.value.feil] == ["merknad"]
    avsluttet = avslutt_plan(avh, LEDER, plan.id or 0, grunn=Planslutt.BEHOV_OPPHORT, dato=IDAG,
                             merknad="Ikke lenger behov for koordinerte tjenester", versjon=2, idag=IDAG)
    assert (avsluttet.status, avsluttet.sluttgrunn, avsluttet.avsluttet_dato) == (
        Planstatus.AVSLUTTET, Planslutt.BEHOV_OPPHORT, IDAG)
    assert avsluttet.sluttmerknad == "Ikke lenger behov for koordinerte tjenester"
    assert {v.status for v in hent_alle(avh, Varsel)} == {Varselstatus.KANSELLERT}
    assert [o.status for o in hent_alle(avh, Oppgave)] == [Oppgavestatus.AVBRUTT]
    assert [t.status for t in hent_alle(avh, Tiltak)] == ["avsluttet"]
    with pytest.raises(Valideringsfeil):  # en avsluttet plan endres ikke
        endre_plan(avh, LEDER, plan.id or 0, Planendring(bidrag="x"), versjon=3, idag=IDAG)


# ---------- låsing og tilgang ----------

def test_samtidig_endring_gir_konflikt(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    lest_av_begge = plan.versjon
    endre_plan(avh, LEDER, plan.id or 0, Planendring(bidrag="Mor følger til trening"), versjon=lest_av_begge,
               idag=IDAG)
    with pytest.raises(Konflikt, match="endret av noen andre"):
        endre_plan(avh, LEDER, plan.id or 0, Planendring(bidrag="Noe annet"), versjon=lest_av_begge, idag=IDAG)
    with pytest.raises(Konflikt):
        legg_til_mal(avh, LEDER, plan.id or 0, NyttMal("Mål"), versjon=lest_av_begge, idag=IDAG)
    lagret = plan_na(avh, plan.id)
    assert (lagret.bidrag, lagret.versjon) == ("Mor følger til trening", 2)


def test_tilgang_til_planen(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    egen_ty, annen_ty = lag_tjenesteyter(avh, "Egen Koordinator"), lag_tjenesteyter(avh, "Annen Koordinator")
    oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=plan.person_id, tjenesteyter_id=egen_ty), idag=IDAG,
                        na=NA)
    egen, annen = systembruker_for(avh, egen_ty), systembruker_for(avh, annen_ty)
    for aktor in (annen, ADMIN):
        with pytest.raises(IngenTilgang):
            endre_plan(avh, aktor, plan.id or 0, Planendring(bidrag="x"), versjon=1, idag=IDAG)
    assert endre_plan(avh, egen, plan.id or 0, Planendring(bidrag="x"), versjon=1, idag=IDAG).versjon == 2


# ---------- innhold etter § 19 ----------

def test_tom_plan_mangler_bokstaver(avh: Avhengigheter) -> None:
    plan = ny_plan(avh)
    mangler = sjekk_planinnhold_for(avh, LEDER, plan.id or 0, idag=IDAG)
    assert {m.bokstav for m in mangler} == {"a", "b", "c", "d", "e", "h", "i"}


def test_komplett_plan_har_ingen_mangler(avh: Avhengigheter) -> None:
    plan = ny_plan(avh, deling=True, ressurser_og_behov="Trenger hjelp med mobilitet",
                   bidrag="Mor følger til trening", samarbeid="Skole og fysioterapi møtes hver måned")
    ty = lag_tjenesteyter(avh, "Anne Fysio")
    oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=plan.person_id, tjenesteyter_id=ty), idag=IDAG, na=NA)
    mal = legg_til_mal(avh, LEDER, plan.id or 0, NyttMal("Gå til skolen selv"), versjon=1, idag=IDAG)
    legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(ty, mal_id=mal.id), versjon=2, idag=IDAG)
    assert sjekk_planinnhold_for(avh, LEDER, plan.id or 0, idag=IDAG) == ()
    legg_til_tiltak(avh, LEDER, plan.id or 0, tiltak_skjema(ty, gjennomforing=""), versjon=3, idag=IDAG)
    assert [m.bokstav for m in sjekk_planinnhold_for(avh, LEDER, plan.id or 0, idag=IDAG)] == ["f"]
