"""Planlegging av påminnelser: utløsere, mottakere, samtykke, stoppvilkår, virkedager, sommertid og idempotens."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.kalender import OSLO, lokal_dato
from modeller.maler import PAKREVDE_FELT, TILLATTE_FELT
from modeller.regler.begreper import Klagerute, Rolle, SamtykkeGiver, Tiltakstype, Utfall
from modeller.tabeller import (
    Evaluering,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Mote,
    Oppgave,
    Sak,
    Samtykke,
    Systembruker,
    Tiltak,
    Tjenesteyter,
    Varsel,
    Vedtak,
)
from modeller.tjenester.paminnelser import Planleggingsresultat, planlegg_paminnelser
from tests.modeller.varsel_fiks import AVSENDER, DAG, FRIST, LEDER, SAKSBEHANDLER, Verden, bygg_verden, kl, lag_avh

ALLE_TYPER = {
    "tiltak_evaluering_snart", "tiltak_evaluering_forfalt", "plan_revisjon", "vedtak_revurdering", "referat_mangler",
    "opplaering_mangler", "klagefrist_nar", "forelopig_svar_nar", "barnekoordinator_overgang", "oppgave_forfalt",
    "oppgave_eskalert",
}


def _varsler(motor: Engine) -> list[Varsel]:
    with lesing(motor) as okt:
        rader = list(okt.exec(select(Varsel).order_by(col(Varsel.id))))
        okt.expunge_all()  # lesing() ruller tilbake; løsrevne rader beholder verdiene
        return rader


def _typer(motor: Engine) -> set[str]:
    return {v.varseltype for v in _varsler(motor)}


def test_hver_utloser_gir_riktig_mottaker_og_bare_tillatte_felt(motor: Engine, tmp_path: Path) -> None:
    verden = bygg_verden(motor)
    resultat = planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)

    assert resultat == Planleggingsresultat(**dict.fromkeys(ALLE_TYPER, 1))
    varsler = {v.varseltype: v for v in _varsler(motor)}
    assert set(varsler) == ALLE_TYPER
    for varseltype, (mottaker, kopi) in verden.forventet.items():
        v = varsler[varseltype]
        assert (v.mottaker_epost, v.kopi_epost) == (mottaker, kopi), varseltype
        assert v.forfallsdato == DAG and v.status == "venter" and v.forsok == 0
        assert PAKREVDE_FELT[varseltype] <= set(v.kontekst) <= TILLATTE_FELT, varseltype
        assert v.kontekst["lenke"] == f"https://enheten.kommune.example/?ref={v.kontekst['referanse']}"
        assert v.neste_forsok.astimezone(OSLO).replace(tzinfo=None) == datetime.combine(DAG, time(7))


def test_kontekst_har_frist_og_dager(motor: Engine, tmp_path: Path) -> None:
    bygg_verden(motor)
    planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)
    varsler = {v.varseltype: v.kontekst for v in _varsler(motor)}
    assert (varsler["tiltak_evaluering_snart"]["frist"], varsler["tiltak_evaluering_snart"]["dager"]) == (
        FRIST.isoformat(), 14)
    assert (varsler["tiltak_evaluering_forfalt"]["frist"], varsler["tiltak_evaluering_forfalt"]["dager"]) == (
        (DAG - timedelta(days=1)).isoformat(), 1)
    assert varsler["oppgave_eskalert"]["dager"] == 7
    assert varsler["referat_mangler"]["dato"] == (DAG - timedelta(days=8)).isoformat()
    assert varsler["forelopig_svar_nar"]["mottakerrolle"] == "saksbehandler i koordinerende enhet"


def test_ny_kjoring_samme_dag_og_dagene_etter_gir_ingen_duplikater(motor: Engine, tmp_path: Path) -> None:
    bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    planlegg_paminnelser(avh, referansedato=DAG)
    for dag in (DAG, DAG, DAG + timedelta(days=1), DAG + timedelta(days=2)):
        assert planlegg_paminnelser(avh, referansedato=dag).totalt == 0
    nokler = [v.nokkel for v in _varsler(motor)]
    assert len(nokler) == len(set(nokler)) == len(ALLE_TYPER)


def _kjor_daglig(motor: Engine, tmp_path: Path, fra: date, til: date) -> None:
    avh = lag_avh(motor, tmp_path)
    dag = fra
    while dag <= til:
        planlegg_paminnelser(avh, referansedato=dag)
        dag += timedelta(days=1)


def _tiltaksvarsler(motor: Engine, tiltak_id: int) -> list[tuple[str, date]]:
    return sorted((v.varseltype, v.forfallsdato) for v in _varsler(motor)
                  if v.objekt_type == "tiltak" and v.objekt_id == tiltak_id)


SNART, FORFALT = "tiltak_evaluering_snart", "tiltak_evaluering_forfalt"


@pytest.mark.parametrize(("frist", "forventet"), [
    # Vanlig onsdag: 14 og 2 dager før, og dagen etter.
    (date(2027, 2, 24), [(FORFALT, date(2027, 2, 25)), (SNART, date(2027, 2, 10)), (SNART, date(2027, 2, 22))]),
    # 2 dager før er lørdag → fredag før.
    (date(2027, 2, 22), [(FORFALT, date(2027, 2, 23)), (SNART, date(2027, 2, 8)), (SNART, date(2027, 2, 19))]),
    # Fristen er lørdag: 14 dager før er også lørdag → fredag; dagen etter er søndag → mandag.
    (date(2027, 2, 20), [(FORFALT, date(2027, 2, 22)), (SNART, date(2027, 2, 5)), (SNART, date(2027, 2, 18))]),
    # Påske og sommertid (søndag 28. mars 2027): 2 dager før er 1. påskedag → onsdag før skjærtorsdag.
    (date(2027, 3, 30), [(FORFALT, date(2027, 3, 31)), (SNART, date(2027, 3, 16)), (SNART, date(2027, 3, 24))]),
    # Vintertid (søndag 31. oktober 2027): 2 dager før er søndagen med skiftet → fredag.
    (date(2027, 11, 2), [(FORFALT, date(2027, 11, 3)), (SNART, date(2027, 10, 19)), (SNART, date(2027, 10, 29))]),
    # Mandagen etter vintertid.
    (date(2027, 11, 3), [(FORFALT, date(2027, 11, 4)), (SNART, date(2027, 10, 20)), (SNART, date(2027, 11, 1))]),
])
def test_daglig_planlegging_gir_hver_paminnelse_en_gang_pa_riktig_lokal_virkedag(
    motor: Engine, tmp_path: Path, frist: date, forventet: list[tuple[str, date]]
) -> None:
    verden = bygg_verden(motor)
    tiltak_id = verden.ider["tiltak_snart"]
    with arbeidsenhet(motor) as okt:
        okt.exec(update(Tiltak).where(col(Tiltak.id) == tiltak_id).values(evalueringsdato=frist))
    _kjor_daglig(motor, tmp_path, frist - timedelta(days=20), frist + timedelta(days=12))

    assert _tiltaksvarsler(motor, tiltak_id) == forventet
    for v in _varsler(motor):
        if v.objekt_id == tiltak_id and v.objekt_type == "tiltak":
            lokal = v.neste_forsok.astimezone(OSLO)
            assert (lokal.date(), lokal.time()) == (v.forfallsdato, time(7)), v.nokkel
            assert lokal_dato(v.neste_forsok) == v.forfallsdato
            assert v.neste_forsok.utcoffset() == timedelta(0)


def test_sommertid_gir_ulik_utc_tid_men_samme_lokale_klokkeslett(motor: Engine, tmp_path: Path) -> None:
    verden = bygg_verden(motor)
    with arbeidsenhet(motor) as okt:
        okt.exec(update(Tiltak).where(col(Tiltak.id) == verden.ider["tiltak_snart"])
                 .values(evalueringsdato=date(2027, 3, 30)))
    _kjor_daglig(motor, tmp_path, date(2027, 3, 20), date(2027, 4, 2))
    tider = {v.forfallsdato: v.neste_forsok for v in _varsler(motor) if v.objekt_id == verden.ider["tiltak_snart"]
             and v.objekt_type == "tiltak"}
    assert tider[date(2027, 3, 24)].astimezone(UTC).hour == 6  # 07.00 normaltid (+01:00)
    assert tider[date(2027, 3, 31)].astimezone(UTC).hour == 5  # 07.00 sommertid (+02:00)


def test_kjoring_etter_opphold_henter_inn_bare_siste_paminnelse(motor: Engine, tmp_path: Path) -> None:
    verden = bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    # 18. februar: siste påminnelse (10. februar) er 8 dager gammel, eldre enn innhentingsvinduet.
    planlegg_paminnelser(avh, referansedato=DAG + timedelta(days=8))
    assert _tiltaksvarsler(motor, verden.ider["tiltak_snart"]) == []
    # 23. februar: bare påminnelsen 22. februar (2 dager før), ikke den gamle fra 10. februar.
    planlegg_paminnelser(avh, referansedato=FRIST - timedelta(days=1))
    assert _tiltaksvarsler(motor, verden.ider["tiltak_snart"]) == [(SNART, FRIST - timedelta(days=2))]


PERSONAVHENGIGE = {"tiltak_evaluering_snart", "tiltak_evaluering_forfalt", "plan_revisjon", "vedtak_revurdering",
                   "klagefrist_nar", "referat_mangler", "oppgave_forfalt", "oppgave_eskalert"}
# Oppgaver og foreløpig svar gjelder også saker i inntak (ingen samtykke ennå), men ikke etter trukket samtykke.
INNTAK = {"oppgave_forfalt", "oppgave_eskalert"}


@pytest.mark.parametrize(("gitt", "trukket", "gyldig_til", "forventet"), [
    (date(2026, 1, 5), None, None, PERSONAVHENGIGE),
    (date(2026, 1, 5), DAG, None, set()),  # trukket i dag
    (date(2026, 1, 5), DAG + timedelta(days=1), None, PERSONAVHENGIGE),  # trukket i morgen: gjelder i dag
    (date(2026, 1, 5), None, DAG - timedelta(days=1), set()),  # utløpt i går
    (date(2026, 1, 5), None, DAG, PERSONAVHENGIGE),  # gyldig til og med i dag
    (DAG + timedelta(days=1), None, None, INNTAK),  # gis først i morgen: saken er ennå i inntak
])
def test_paminnelser_krever_gyldig_samtykke(motor: Engine, tmp_path: Path, gitt: date, trukket: date | None,
                                             gyldig_til: date | None, forventet: set[str]) -> None:
    verden = bygg_verden(motor)
    with arbeidsenhet(motor) as okt:
        okt.exec(update(Samtykke).where(col(Samtykke.id) == verden.ider["samtykke_a"])
                 .values(gitt=gitt, trukket=trukket, gyldig_til=gyldig_til))
    planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)
    assert {v.varseltype for v in _varsler(motor) if v.person_id == verden.ider["person_a"]} == forventet


def test_forelopig_svar_i_inntak_uten_samtykke_men_ikke_etter_trukket_samtykke(motor: Engine, tmp_path: Path) -> None:
    verden = bygg_verden(motor)
    with arbeidsenhet(motor) as okt:
        okt.add(Samtykke(person_id=verden.ider["person_b"], gitt_av=SamtykkeGiver.SELV, gitt_av_navn="x",
                         gitt=date(2027, 1, 28), trukket=DAG - timedelta(days=1)))
    planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)
    assert "forelopig_svar_nar" not in _typer(motor)


Endring = Callable[[Session, Verden], Any]


def _sett(modell: Any, id_navn: str, **verdier: Any) -> Endring:
    def endre(okt: Session, v: Verden) -> Any:
        return okt.exec(update(modell).where(col(modell.id) == v.ider[id_navn]).values(**verdier))
    return endre


def _erstatt_vedtak(okt: Session, v: Verden) -> None:
    nytt = Vedtak(sak_id=v.ider["sak_a"], person_id=v.ider["person_a"], tiltak=Tiltakstype.IP, utfall=Utfall.INNVILGET,
                  fattet_av="sb", fattet_dato=DAG, klagerute=Klagerute.PBRL)
    okt.add(nytt)
    okt.flush()
    okt.exec(update(Vedtak).where(col(Vedtak.id) == v.ider["vedtak"]).values(erstattet_av_id=nytt.id))


STOPP: list[tuple[str, Endring, set[str]]] = [
    ("plan avsluttet", _sett(IndividuellPlan, "plan", status="avsluttet"),
     {"tiltak_evaluering_snart", "tiltak_evaluering_forfalt", "plan_revisjon"}),
    ("tiltak avsluttet", _sett(Tiltak, "tiltak_forfalt", status="avsluttet"), {"tiltak_evaluering_forfalt"}),
    ("tiltak evaluert", lambda okt, v: okt.add(Evaluering(tiltak_id=v.ider["tiltak_snart"], dato=DAG,
                                                           vurdering="ok")), {"tiltak_evaluering_snart"}),
    ("vedtak erstattet", lambda okt, v: _erstatt_vedtak(okt, v), {"klagefrist_nar", "vedtak_revurdering"}),
    ("klage registrert", lambda okt, v: okt.add(Klage(vedtak_id=v.ider["vedtak"], mottatt=DAG)), {"klagefrist_nar"}),
    ("sak avsluttet", _sett(Sak, "sak_a", status="avsluttet"), {"klagefrist_nar", "vedtak_revurdering"}),
    ("foreløpig svar sendt", _sett(Sak, "sak_b", forelopig_svar_sendt=DAG), {"forelopig_svar_nar"}),
    ("referat skrevet", _sett(Mote, "mote", referat_skrevet=kl(DAG - timedelta(days=2))), {"referat_mangler"}),
    ("møtet avlyst", _sett(Mote, "mote", status="avlyst"), {"referat_mangler"}),
    ("oppgave fullført", _sett(Oppgave, "oppgave_forfalt", status="fullfort"), {"oppgave_forfalt"}),
    ("eskalert oppgave avbrutt", _sett(Oppgave, "oppgave_eskalert", status="avbrutt"), {"oppgave_eskalert"}),
    ("barnekoordinator avsluttet", _sett(Koordinatoroppdrag, "oppdrag_barn", til=DAG - timedelta(days=1)),
     {"barnekoordinator_overgang"}),
    ("opplæring registrert", _sett(Tjenesteyter, "ny", opplaering_dato=DAG - timedelta(days=3)),
     {"opplaering_mangler"}),
    ("eier deaktivert", _sett(Systembruker, "saksbehandler", aktiv=False), {"oppgave_forfalt"}),
]


@pytest.mark.parametrize(("endring", "borte"), [(e, b) for _, e, b in STOPP], ids=[n for n, _, _ in STOPP])
def test_ingen_paminnelse_nar_grunnlaget_er_borte(motor: Engine, tmp_path: Path, endring: Endring,
                                                  borte: set[str]) -> None:
    verden = bygg_verden(motor)
    with arbeidsenhet(motor) as okt:
        endring(okt, verden)
    planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)
    assert _typer(motor) == ALLE_TYPER - borte


def test_uten_saksbehandler_gar_vedtaksfrister_til_ke(motor: Engine, tmp_path: Path) -> None:
    verden = bygg_verden(motor)
    with arbeidsenhet(motor) as okt:
        okt.exec(update(Sak).where(col(Sak.id) == verden.ider["sak_a"]).values(saksbehandler_id=None))
    planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)
    mottakere = {v.varseltype: v.mottaker_epost for v in _varsler(motor)}
    assert mottakere["vedtak_revurdering"] == mottakere["klagefrist_nar"] == AVSENDER
    assert mottakere["oppgave_forfalt"] == SAKSBEHANDLER  # oppgaven har fortsatt eier


def test_eskalering_gar_til_alle_ledere_med_epost_og_merker_oppgaven(motor: Engine, tmp_path: Path) -> None:
    verden = bygg_verden(motor)
    with arbeidsenhet(motor) as okt:
        okt.add(Systembruker(brukernavn="leder2", navn="Leder 2", epost="leder2@kommune.example", rolle=Rolle.LEDER))
        okt.add(Systembruker(brukernavn="leder3", navn="Leder uten e-post", rolle=Rolle.LEDER))
    planlegg_paminnelser(lag_avh(motor, tmp_path), referansedato=DAG)
    assert sorted(v.mottaker_epost for v in _varsler(motor) if v.varseltype == "oppgave_eskalert") == sorted([
        LEDER, "leder2@kommune.example"])
    with lesing(motor) as okt:
        oppgave = okt.get(Oppgave, verden.ider["oppgave_eskalert"])
        assert oppgave is not None and oppgave.eskalert == DAG


@pytest.mark.parametrize(("tjenesteyter", "kommune"), [("nn", "nb"), (None, "nn"), ("nb", "nn")])
def test_malform_er_mottakerens_ellers_kommunens(motor: Engine, tmp_path: Path, tjenesteyter: str | None,
                                                 kommune: str) -> None:
    bygg_verden(motor, malform=tjenesteyter)
    planlegg_paminnelser(lag_avh(motor, tmp_path, malform=kommune), referansedato=DAG)
    malform = {v.varseltype: v.malform for v in _varsler(motor)}
    assert malform["tiltak_evaluering_snart"] == (tjenesteyter or kommune)  # tjenesteyter
    assert malform["forelopig_svar_nar"] == kommune  # KEs felles adresse
    assert malform["vedtak_revurdering"] == kommune  # saksbehandler uten koblet tjenesteyter


def test_antall_sporringer_avhenger_ikke_av_registerets_storrelse(motor: Engine, tmp_path: Path) -> None:
    """Kostnaden følger det som forfaller: 300 tiltak langt fram i tid endrer ikke antall SQL-setninger."""
    verden = bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    setninger: list[str] = []

    def tell(_conn: Any, _cur: Any, sql: str, *_args: Any) -> None:
        setninger.append(sql)

    planlegg_paminnelser(avh, referansedato=DAG)
    event.listen(motor, "before_cursor_execute", tell)
    try:
        planlegg_paminnelser(avh, referansedato=DAG + timedelta(days=1))
        for_ = len(setninger)
        with arbeidsenhet(motor) as okt:
            okt.add_all(Tiltak(plan_id=verden.ider["plan"], beskrivelse="x", ansvarlig_id=verden.ider["ansvarlig"],
                               start=DAG, evalueringsdato=DAG + timedelta(days=100 + i)) for i in range(300))
        setninger.clear()
        planlegg_paminnelser(avh, referansedato=DAG + timedelta(days=1))
    finally:
        event.remove(motor, "before_cursor_execute", tell)
    assert len(setninger) == for_
    assert not any(s.lstrip().upper().startswith("INSERT") for s in setninger)
