"""Kvartalskontrollen: hvert funn med nøyaktige tall, øyeblikksbildet, e-posten til lederne og tilgangen (K28)."""

import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.kalender import lokalt_tidspunkt
from modeller.maler import PAKREVDE_FELT, lag_epost
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Malform, Motestatus, Oppgavestatus, Rolle
from modeller.regler.nokkeltall import Funnstatus
from modeller.tabeller import IndividuellPlan, Mote, Oppgave, Rapport, Tilgangslogg, Varsel
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.leder import (
    KODER,
    Fordeling,
    kvartalskontroll,
    lagrede_kvartalsrapporter,
    saker_i_funn,
)
from modeller.tjenester.tilgang import SYSTEM, Aktor
from tests.modeller.test_leder_verden import (
    ETTER_Q1,
    LEDER_EPOST,
    Bygger,
    Verden,
    bygg_kvartalsverden,
    bygg_moter,
    lag_avh,
)

OK, ADVARSEL, BRUDD = Funnstatus.OK, Funnstatus.ADVARSEL, Funnstatus.BRUDD
LEDER = Aktor(id=None, navn="leder", rolle=Rolle.LEDER)
KOORDINATOR = Aktor(id=None, navn="koord", rolle=Rolle.KOORDINATOR, tjenesteyter_id=1)


def _oslo(d: date) -> datetime:
    return lokalt_tidspunkt(d, time(8))


@pytest.fixture
def verden(motor: Engine) -> Verden:
    return bygg_kvartalsverden(motor)


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


def _status(rapport: object) -> dict[str, tuple[Funnstatus, int]]:
    return {f.kode: (f.status, f.antall) for f in rapport.funn}  # type: ignore[attr-defined]


def test_hvert_funn_i_forste_kvartal(avh: Avhengigheter, verden: Verden) -> None:
    rapport = kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1)
    assert (rapport.periode, rapport.fra, rapport.til, rapport.dato, rapport.ferdig) == (
        "2027-K1", date(2027, 1, 1), date(2027, 3, 31), date(2027, 3, 31), True)
    assert [f.kode for f in rapport.funn] == list(KODER)
    assert _status(rapport) == {
        "ke_gruppe": (OK, 4), "samhandlingsforum": (BRUDD, 2), "forfalte_oppgaver": (ADVARSEL, 4),
        "plan_revisjon": (BRUDD, 1), "tiltak_evaluering": (BRUDD, 2), "vedtak_revurdering": (BRUDD, 2),
        "forelopig_svar": (BRUDD, 4), "klager": (ADVARSEL, 3), "koordinator_opplaering": (BRUDD, 3),
        "barnekoordinator_overgang": (ADVARSEL, 1),
    }
    assert (rapport.avvik, rapport.brudd) == (9, 6)
    assert all(f.saker == () for f in rapport.funn), "sammendraget har ingen saksreferanser"
    assert all(f.regel and f.kilde and f.tittel for f in rapport.funn)


def test_merknader_og_fordelinger(avh: Avhengigheter, verden: Verden) -> None:
    r = kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1)
    assert r.funn_for("ke_gruppe").merknader == ("4 av minimum 4 møter holdt i 2027 per 31.03.2027.",)
    assert [f.antall for f in r.funn_for("ke_gruppe").fordeling] == [4, 0, 0, 0]
    assert r.funn_for("samhandlingsforum").merknader == (
        "2 møter holdt i 2027 per 31.03.2027.",
        "Ingen samhandlingsforum i februar 2027 (004_cca943988ffadea5.txt L224).")
    assert r.funn_for("forfalte_oppgaver").fordeling == (
        Fordeling("type", "Evaluer tiltak", 1), Fordeling("type", "Revurder vedtak", 1),
        Fordeling("type", "Send foreløpig svar", 1), Fordeling("type", "Skriv referat", 1),
        Fordeling("eier", "rolle saksbehandler", 2), Fordeling("eier", "koord", 1), Fordeling("eier", "rolle leder", 1))
    assert r.funn_for("tiltak_evaluering").merknader == ("2 planer har tiltak som skulle vært evaluert.",)
    assert r.funn_for("forelopig_svar").merknader == ("3 av dem har ikke fått foreløpig svar.",)
    klager = r.funn_for("klager")
    assert klager.merknader == ("Eldste åpne klage er 70 dager gammel; median alder 44 dager.",)
    assert klager.fordeling == (Fordeling("status", "til behandling i KE", 2),
                                Fordeling("status", "oversendt klageinstansen", 1))
    assert r.funn_for("koordinator_opplaering").merknader == (
        "2 av dem har hatt oppdrag lenger enn fristen for opplæring; de har til sammen 4 personer.",)


def test_saker_i_funn_gir_referansene_til_lederen_og_logges(avh: Avhengigheter, verden: Verden) -> None:
    ref = verden.ref
    saker = saker_i_funn(avh, LEDER, ar=2027, kvartal=1, na=ETTER_Q1)
    forventet = {
        "ke_gruppe": [], "samhandlingsforum": [], "forfalte_oppgaver": [ref["pA"], ref["pB"], ref["pC"]],
        "plan_revisjon": [ref["ip1"]], "tiltak_evaluering": [ref["ip1"], ref["ip2"]],
        "vedtak_revurdering": [ref["s1"], ref["s6"]],
        "forelopig_svar": [ref[s] for s in ("s10", "s11", "s13", "s17")],
        "klager": [ref["s1"], ref["s2"], ref["s6"]],
        "koordinator_opplaering": [ref[p] for p in ("pB", "pC", "pE", "pF")],
        "barnekoordinator_overgang": [ref["pF"]],
    }
    assert saker == {kode: tuple(sorted(refs)) for kode, refs in forventet.items()}
    assert all(re.fullmatch(r"(P|S|IP)-[0-9A-Z]{8}", s) for refs in saker.values() for s in refs)
    assert saker_i_funn(avh, LEDER, ar=2027, kvartal=1, na=ETTER_Q1, kode="klager") == {"klager": saker["klager"]}
    with lesing(avh.motor) as okt:
        logget = okt.exec(select(Tilgangslogg.hva).where(Tilgangslogg.handling == "les")).all()
    assert "kvartalsrapport 2027-K1: saksliste alle funn" in logget
    assert "kvartalsrapport 2027-K1: saksliste klager" in logget


def test_oyeblikksbildet_endres_ikke_av_senere_endringer(avh: Avhengigheter, verden: Verden) -> None:
    forste = kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1)
    with lesing(avh.motor) as okt:
        lagret = okt.exec(select(Rapport)).one()
        assert (lagret.rapporttype, lagret.periode, lagret.laget) == ("kvartal", "2027-K1", ETTER_Q1)
        innhold_for = lagret.innhold
    with arbeidsenhet(avh.motor) as okt:
        Bygger(okt, verden).mote("ke", date(2027, 3, 30))
        oppgave = okt.exec(select(Oppgave).where(Oppgave.nokkel == "o1")).one()
        oppgave.status, oppgave.fullfort = Oppgavestatus.FULLFORT, datetime(2027, 3, 25, tzinfo=UTC)
        plan = okt.get(IndividuellPlan, verden.ider["ip1"])
        assert plan is not None
        plan.neste_revisjon = date(2027, 9, 1)
        okt.add_all([oppgave, plan])
    senere = datetime(2027, 5, 2, 6, tzinfo=UTC)
    igjen = kvartalskontroll(avh, ar=2027, kvartal=1, na=senere)
    assert igjen == forste and igjen.fra_lager
    with lesing(avh.motor) as okt:
        etter = okt.exec(select(Rapport)).one()
        assert (etter.innhold, etter.laget) == (innhold_for, ETTER_Q1)
    ny = kvartalskontroll(avh, ar=2027, kvartal=1, na=senere, ny=True)
    assert not ny.fra_lager and ny.laget == senere
    assert {k: v for k, v in _status(ny).items() if _status(forste)[k] != v} == {
        "ke_gruppe": (OK, 5), "forfalte_oppgaver": (ADVARSEL, 3), "plan_revisjon": (OK, 0)}
    with lesing(avh.motor) as okt:
        rader = okt.exec(select(Rapport)).all()
        assert len(rader) == 1 and rader[0].laget == senere and rader[0].innhold["funn"][0]["antall"] == 5
    assert kvartalskontroll(avh, ar=2027, kvartal=1, na=senere) == ny


def test_lederne_far_sammendrag_uten_personopplysninger(avh: Avhengigheter, verden: Verden) -> None:
    kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1)
    kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1)
    with lesing(avh.motor) as okt:
        varsler = [v.model_copy() for v in okt.exec(select(Varsel)).all()]
    assert [(v.varseltype, v.mottaker_epost, v.objekt_type, v.forfallsdato) for v in varsler] == [
        ("kvartalsrapport", LEDER_EPOST, "rapport", date(2027, 4, 2))]
    kontekst = varsler[0].kontekst
    assert kontekst == {"referanse": "2027-K1", "dato": "2027-03-31", "antall": 14,
                        "lenke": "https://enheten.kommune.example/leder", "kommunenavn": "Testkommune",
                        "ke_navn": "Koordinerende enhet", "mottakerrolle": "leder for koordinerende enhet"}
    assert set(kontekst) == PAKREVDE_FELT["kvartalsrapport"]
    epost = lag_epost("kvartalsrapport", Malform.BOKMAL, kontekst)
    assert "2027-K1" in epost.emne and "14 saker" in epost.tekst
    for ref in verden.ref.values():
        assert ref not in epost.tekst and ref not in epost.html
    kvartalskontroll(avh, ar=2027, kvartal=1, na=datetime(2027, 4, 9, 6, tzinfo=UTC), ny=True)
    with lesing(avh.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Varsel)).one() == 2


def test_lopende_kvartal_regnes_per_i_dag_og_lagres_ikke(avh: Avhengigheter, verden: Verden) -> None:
    rapport = kvartalskontroll(avh, ar=2027, kvartal=2, na=datetime(2027, 5, 15, 8, tzinfo=UTC))
    assert (rapport.dato, rapport.ferdig) == (date(2027, 5, 15), False)
    assert rapport.funn_for("ke_gruppe").status is OK
    with lesing(avh.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Rapport)).one() == 0
        assert okt.exec(select(func.count()).select_from(Varsel)).one() == 0
    assert lagrede_kvartalsrapporter(avh, LEDER) == ()


def test_tre_moter_i_aret_er_brudd_ved_arets_slutt(motor: Engine, avh: Avhengigheter) -> None:
    bygg_moter(motor, ke=[date(2026, 2, 10), date(2026, 5, 12), date(2026, 9, 8)],
               forum=[date(2026, m, 15) for m in range(1, 13)])
    k3 = kvartalskontroll(avh, ar=2026, kvartal=3, na=_oslo(date(2026, 10, 1)))
    assert k3.funn_for("ke_gruppe").status is OK and k3.funn_for("ke_gruppe").antall == 3
    k4 = kvartalskontroll(avh, ar=2026, kvartal=4, na=_oslo(date(2027, 1, 2)))
    ke = k4.funn_for("ke_gruppe")
    assert (ke.status, ke.antall) == (BRUDD, 3)
    assert ke.merknader[1:] == (
        "KE-gruppen hadde 0 møter i 4. kvartal 2026; takten krever minst 1 per kvartal "
        "(004_cca943988ffadea5.txt L184).",
        "KE-gruppen hadde bare 3 av minimum 4 møter i 2026 (004_cca943988ffadea5.txt L184).")
    assert _status(k4) == dict.fromkeys(KODER, (OK, 0)) | {"ke_gruppe": (BRUDD, 3), "samhandlingsforum": (OK, 12)}
    assert [(r.periode, r.avvik, r.brudd) for r in lagrede_kvartalsrapporter(avh, LEDER)] == [
        ("2026-K4", 1, 1), ("2026-K3", 0, 0)]


def test_fire_moter_i_ett_kvartal_gir_taktadvarsler(motor: Engine, avh: Avhengigheter) -> None:
    bygg_moter(motor, ke=[date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 3, 23)])
    forventet = {1: (OK, 0), 2: (ADVARSEL, 1), 3: (ADVARSEL, 2), 4: (ADVARSEL, 3)}
    for kvartal, (status, advarsler) in forventet.items():
        dagen_etter = date(2027, kvartal * 3 + 1, 1) if kvartal < 4 else date(2028, 1, 1)
        ke = kvartalskontroll(avh, ar=2027, kvartal=kvartal, na=_oslo(dagen_etter)).funn_for("ke_gruppe")
        assert (ke.status, ke.antall, len(ke.merknader) - 1) == (status, 4, advarsler), ke.merknader
        assert all("0 møter i" in m for m in ke.merknader[1:])


def test_bare_leder_eller_systemet(avh: Avhengigheter, verden: Verden) -> None:
    with pytest.raises(IngenTilgang):
        kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1, aktor=KOORDINATOR)
    with pytest.raises(IngenTilgang):
        saker_i_funn(avh, Aktor(id=None, navn="sb", rolle=Rolle.SAKSBEHANDLER), ar=2027, kvartal=1, na=ETTER_Q1)
    with pytest.raises(IngenTilgang):
        lagrede_kvartalsrapporter(avh, Aktor(id=None, navn="admin", rolle=Rolle.ADMIN))
    with lesing(avh.motor) as okt:
        nektet = okt.exec(select(Tilgangslogg.aktor, Tilgangslogg.hva).where(Tilgangslogg.handling == "nektet")
                          .order_by(col(Tilgangslogg.id))).all()
        assert okt.exec(select(func.count()).select_from(Rapport)).one() == 0
    assert nektet == [("koord", "kvartalskontroll 2027-K1"), ("sb", "kvartalsrapport 2027-K1: saksliste alle funn"),
                      ("admin", "oversikt over kvartalsrapporter")]
    assert kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1, aktor=SYSTEM).periode == "2027-K1"


@pytest.mark.parametrize(
    ("ar", "kvartal", "felt"),
    [(2027, 5, "kvartal"), (2027, 0, "kvartal"), (1999, 1, "år"), (2027, 3, "kvartal"), (2028, 1, "kvartal")],
)
def test_ugyldig_periode_gir_norsk_feil_og_skriver_ingenting(avh: Avhengigheter, ar: int, kvartal: int,
                                                              felt: str) -> None:
    with pytest.raises(Valideringsfeil) as feil:
        kvartalskontroll(avh, ar=ar, kvartal=kvartal, na=ETTER_Q1)
    assert feil.value.feil[0].felt == felt
    with lesing(avh.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Tilgangslogg)).one() == 0


def test_ukjent_funnkode(avh: Avhengigheter, verden: Verden) -> None:
    with pytest.raises(Valideringsfeil, match="Ukjent funn"):
        saker_i_funn(avh, LEDER, ar=2027, kvartal=1, na=ETTER_Q1, kode="finnes_ikke")


def test_avlyste_og_planlagte_moter_teller_ikke(avh: Avhengigheter, verden: Verden) -> None:
    with arbeidsenhet(avh.motor) as okt:
        b = Bygger(okt, verden)
        b.mote("ke", date(2027, 2, 1), Motestatus.AVLYST)
        b.mote("ke", date(2027, 2, 2), Motestatus.PLANLAGT)
        b.mote("forum", date(2027, 2, 20), Motestatus.AVLYST)
    r = kvartalskontroll(avh, ar=2027, kvartal=1, na=ETTER_Q1)
    assert _status(r)["ke_gruppe"] == (OK, 4) and _status(r)["samhandlingsforum"] == (BRUDD, 2)
    with lesing(avh.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Mote)).one() == 13
