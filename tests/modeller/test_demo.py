"""Demokommunen: lik for lik seed, gyldige syntetiske data etter reglene, demoinnlogginger, og bare i tom database."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from modeller.db import arbeidsenhet, lag_motor, lesing
from modeller.demo import DEMOBRUKERE, Demoresultat, lag_demo
from modeller.demo.rader import REKKEFOLGE, tabellnavn
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato, norske_fridager
from modeller.oppsett import Avhengigheter
from modeller.passord import sjekk_passord
from modeller.regler.begreper import (
    Gruppetype,
    Identtype,
    Klagerute,
    Koordinatorrolle,
    Livsfase,
    Meldingskilde,
    Motestatus,
    Planstatus,
    SamtykkeGiver,
    Tiltakstype,
    Utfall,
)
from modeller.regler.frister import (
    barnekoordinator_sluttdato,
    klage_for_sent,
    klagefrist_for_vedtak,
    klageinstans_for,
    klagerute_for,
)
from modeller.regler.identitet import UgyldigIdentitet, alder, valider_identitetsnummer
from modeller.regler.livsfase import livsfase_for
from modeller.regler.moteplikt import vurder_ke_gruppe, vurder_samhandlingsforum
from modeller.regler.parametre import Regelverk
from modeller.regler.samtykke import samtykke_gjelder, vurder_samtykkegiver
from modeller.regler.virkedager import er_virkedag
from modeller.tabeller import (
    Evaluering,
    Gruppe,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Melding,
    Mote,
    Person,
    Relasjon,
    Sak,
    Samtykke,
    Systembruker,
    Tiltak,
    Tjenestetype,
    Tjenesteyter,
    Vedtak,
)
from modeller.tjenester.feil import Valideringsfeil
from tests.db_fiks import sqlite_url, url_for

IDAG = date(2025, 11, 20)
REGELVERK = Regelverk(tillat_syntetiske_identer=True)


def _avh(motor: Engine, mappe: Path, *, demo: bool = True, regelverk: Regelverk = REGELVERK) -> Avhengigheter:
    innst = Innstillinger(datamappe=mappe, database_url=url_for(motor), demo=demo)
    return Avhengigheter(innstillinger=innst, motor=motor, regelverk=regelverk)


def _demo(motor: Engine, mappe: Path, personer: int = 60, seed: int = 1) -> Demoresultat:
    return lag_demo(_avh(motor, mappe), personer=personer, seed=seed, idag=IDAG)


def _normaliser(verdi: Any) -> Any:
    if isinstance(verdi, datetime):
        return verdi.astimezone(UTC).isoformat() if verdi.tzinfo else verdi.isoformat()
    return verdi


def _fingeravtrykk(motor: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Alle demorader i id-rekkefølge, uten passordhashene (argon2 har tilfeldig salt)."""
    ut = {}
    with lesing(motor) as okt:
        for modell in REKKEFOLGE:
            kolonner = [k for k in modell.__table__.columns if k.key != "passord_hash"]  # type: ignore[attr-defined]
            rader = okt.execute(select(*kolonner).order_by(kolonner[0])).all()
            ut[tabellnavn(modell)] = [tuple(_normaliser(v) for v in r) for r in rader]
    return ut


def test_samme_seed_gir_samme_data_og_annen_seed_andre_data(sqlite_mal: Path, tmp_path: Path) -> None:
    avtrykk = []
    for navn, seed in (("a", 7), ("b", 7), ("c", 8)):
        mappe = tmp_path / navn
        mappe.mkdir()
        motor = lag_motor(sqlite_url(sqlite_mal, mappe))
        resultat = _demo(motor, mappe, seed=seed)
        avtrykk.append((resultat.antall, _fingeravtrykk(motor)))
        motor.dispose()
    assert avtrykk[0] == avtrykk[1]
    assert avtrykk[0][1]["person"] != avtrykk[2][1]["person"]
    assert len(avtrykk[0][1]["person"]) == 60


@pytest.mark.postgres
def test_samme_data_pa_sqlite_og_postgresql(sqlite_motor: Engine, pg_motor: Engine, tmp_path: Path) -> None:
    a, b = _demo(sqlite_motor, tmp_path), _demo(pg_motor, tmp_path)
    assert a.antall == b.antall
    assert _fingeravtrykk(sqlite_motor) == _fingeravtrykk(pg_motor)


def test_identitetsnumre_er_syntetiske_og_alle_livsfaser_er_med(motor: Engine, tmp_path: Path) -> None:
    _demo(motor, tmp_path, personer=150)
    with lesing(motor) as okt:
        personer = [(p.identitetsnummer, p.identtype, p.fodselsdato, p.venter_barn, p.malform)
                    for p in okt.exec(select(Person))]
    faser = set()
    for nummer, identtype, fodt, venter, _ in personer:
        assert fodt is not None
        faser.add(livsfase_for(fodselsdato=fodt, idag=IDAG, venter_barn=venter))
        if venter:
            assert nummer is None and fodt > IDAG
            continue
        assert nummer is not None
        identitet = valider_identitetsnummer(nummer, tillat_syntetisk=True)
        assert identitet.syntetisk and int(nummer[2:4]) > 80
        assert (identitet.fodselsdato, identitet.type) == (fodt, Identtype(identtype))
        with pytest.raises(UgyldigIdentitet):
            valider_identitetsnummer(nummer)
    assert faser == set(Livsfase)
    assert len({p[0] for p in personer if p[0]}) == len([p for p in personer if p[0]])
    assert {p[4] for p in personer} == {"nb", "nn"}
    assert sum(p[4] == "nb" for p in personer) > sum(p[4] == "nn" for p in personer)


def _samtykker(okt: Any) -> dict[int, list[tuple[Samtykke, Relasjon | None]]]:
    ut: dict[int, list[tuple[Samtykke, Relasjon | None]]] = {}
    for s, r in okt.exec(select(Samtykke, Relasjon).outerjoin(Relasjon, col(Samtykke.relasjon_id) == Relasjon.id)):
        ut.setdefault(s.person_id, []).append((s, r))
    return ut


def _gyldig(s: Samtykke, r: Relasjon | None, fodt: date) -> bool:
    vurdering = vurder_samtykkegiver(
        fodselsdato=fodt, idag=IDAG, gitt_av=SamtykkeGiver(s.gitt_av),
        skriftlig_fullmakt=bool(r and r.skriftlig_fullmakt), foreldreansvar=bool(r and r.foreldreansvar),
        manglende_kompetanse_begrunnelse=s.manglende_kompetanse_begrunnelse, regelverk=REGELVERK)
    return vurdering.gyldig and samtykke_gjelder(gitt=s.gitt, gyldig_til=s.gyldig_til, trukket=s.trukket, idag=IDAG)


def test_hver_koordinator_og_plan_har_gyldig_samtykke_fra_rett_giver(motor: Engine, tmp_path: Path) -> None:
    _demo(motor, tmp_path, personer=150)
    with lesing(motor) as okt:
        fodt = {p.id or 0: p.fodselsdato for p in okt.exec(select(Person))}
        samtykker = _samtykker(okt)
        oppdrag = [o.person_id for o in okt.exec(select(Koordinatoroppdrag).where(
            col(Koordinatoroppdrag.til).is_(None) | (col(Koordinatoroppdrag.til) >= IDAG)))]
        planer = [p.person_id for p in okt.exec(select(IndividuellPlan).where(
            IndividuellPlan.status != Planstatus.AVSLUTTET))]
        assert oppdrag and planer and len(planer) == len(set(planer))  # én aktiv plan per person (K13)
        for pid, omfang in [(p, "omfang_koordinator") for p in oppdrag] + [(p, "omfang_ip") for p in planer]:
            gjeldende = [(s, r) for s, r in samtykker.get(pid, []) if getattr(s, omfang)]
            assert any(_gyldig(s, r, fodt[pid] or IDAG) for s, r in gjeldende), pid
        barn = [pid for pid, f in fodt.items() if f is not None and alder(f, IDAG) < 16]
        assert barn and any(samtykker.get(pid) for pid in barn)
        for pid in barn:
            for s, r in samtykker.get(pid, []):
                assert s.gitt_av == SamtykkeGiver.FORESATT
                assert r is not None and r.person_id == pid and r.relasjonstype == "foresatt" and r.foreldreansvar
        fornyet = [pid for pid, liste in samtykker.items() if {s.gitt_av for s, _ in liste} == {"foresatt", "selv"}]
        assert fornyet, "minst én har fylt 16 og fornyet samtykket selv"


def test_demoinnlogginger_virker_og_koordinatoren_har_personer(motor: Engine, tmp_path: Path) -> None:
    resultat = _demo(motor, tmp_path)
    assert [(i.brukernavn, i.passord, i.rolle) for i in resultat.innlogginger] == [
        (b, b, r) for b, r in DEMOBRUKERE]
    with lesing(motor) as okt:
        brukere = {b.brukernavn: (b.rolle, b.passord_hash, b.tjenesteyter_id) for b in okt.exec(select(Systembruker))}
        koordinator_ty = brukere["koordinator"][2]
        antall_oppdrag = okt.exec(select(func.count()).select_from(Koordinatoroppdrag).where(
            Koordinatoroppdrag.tjenesteyter_id == koordinator_ty)).one()
    assert sorted(r for r, _, _ in brukere.values()) == sorted(str(r) for _, r in DEMOBRUKERE)
    for brukernavn, (_, passord_hash, _) in brukere.items():
        assert passord_hash is not None and passord_hash.startswith("$argon2id$")
        assert sjekk_passord(passord_hash, brukernavn)
        assert not sjekk_passord(passord_hash, brukernavn + "x")
    assert koordinator_ty is not None and antall_oppdrag >= 5


def test_avviser_database_som_ikke_er_tom_og_nye_rader_far_nye_id_er(motor: Engine, tmp_path: Path) -> None:
    resultat = _demo(motor, tmp_path)
    with pytest.raises(Valideringsfeil) as feil:
        _demo(motor, tmp_path, seed=2)
    assert feil.value.feil[0].felt == "database" and "ikke tom" in feil.value.feil[0].melding
    with lesing(motor) as okt:
        assert okt.exec(select(func.count()).select_from(Person)).one() == resultat.antall["person"]
    with arbeidsenhet(motor) as okt:  # sekvensene på PostgreSQL er flyttet forbi demo-id-ene
        ny = Person(fornavn="Ny", etternavn="Person", fodselsdato=date(1990, 1, 1))
        okt.add(ny)
        okt.flush()
        assert ny.id == resultat.antall["person"] + 1


def test_avviser_uten_demomodus_og_med_null_personer(motor: Engine, tmp_path: Path) -> None:
    avh = _avh(motor, tmp_path, demo=False, regelverk=Regelverk())
    with pytest.raises(Valideringsfeil, match="ENHETEN_DEMO"):
        lag_demo(avh, personer=10, idag=IDAG)
    with pytest.raises(Valideringsfeil, match="minst 1"):
        lag_demo(_avh(motor, tmp_path), personer=0, idag=IDAG)
    with lesing(motor) as okt:
        assert okt.execute(text("select count(*) from tjenestetype")).scalar_one() == 0
        assert okt.exec(select(func.count()).select_from(Person)).one() == 0


def test_frister_klageruter_og_barnekoordinator_folger_reglene(motor: Engine, tmp_path: Path) -> None:
    _demo(motor, tmp_path, personer=150)
    fridager = norske_fridager(IDAG.year - 5, IDAG.year + 2)
    with lesing(motor) as okt:
        typer = {t.id: t for t in okt.exec(select(Tjenestetype))}
        fodt: dict[int | None, date] = {p.id: p.fodselsdato for p in okt.exec(select(Person)) if p.fodselsdato}
        vedtak = {v.id: v for v in okt.exec(select(Vedtak))}
        for v in vedtak.values():
            t = typer.get(v.tjenestetype_id) if v.tjenestetype_id else None
            rute = klagerute_for(Tiltakstype(v.tiltak), lovpalagt=t.lovpalagt if t else True,
                                 kan_paklages=t.kan_paklages if t else True)
            assert (Klagerute(v.klagerute), v.klageinstans) == (rute, klageinstans_for(rute))
            assert v.klagefrist == klagefrist_for_vedtak(fattet=v.fattet_dato, underrettet=v.underrettet_dato,
                                                         mottatt=v.mottatt_dato, rute=rute, regelverk=REGELVERK,
                                                         fridager=fridager)
        assert {v.klagerute for v in vedtak.values()} >= {Klagerute.PBRL, Klagerute.FVL}
        klager = okt.exec(select(Klage)).all()
        assert klager
        for k in klager:
            frist = vedtak[k.vedtak_id].klagefrist
            assert frist is not None and k.for_sent == klage_for_sent(k.mottatt, frist)
        snart_18 = False
        for o in okt.exec(select(Koordinatoroppdrag)):
            if o.rolle == Koordinatorrolle.BARNEKOORDINATOR:
                assert o.planlagt_slutt == barnekoordinator_sluttdato(fodt[o.person_id], REGELVERK)
                snart_18 |= o.til is None and IDAG < o.planlagt_slutt <= IDAG + timedelta(days=183)
            else:
                assert o.planlagt_slutt is None and alder(fodt[o.person_id], IDAG) >= 18
        assert snart_18


def test_sakene_dekker_hele_livslopet(motor: Engine, tmp_path: Path) -> None:
    _demo(motor, tmp_path, personer=150)
    fire_uker_siden = IDAG - timedelta(weeks=4)
    with lesing(motor) as okt:
        saker = okt.exec(select(Sak)).all()
        med_samtykke = {s.person_id for s in okt.exec(select(Samtykke))}
        apne = [s for s in saker if s.status == "apen"]
        assert any(s.mottatt < fire_uker_siden and s.forelopig_svar_sendt is None for s in apne)
        assert any(s.person_id not in med_samtykke for s in apne)
        assert {s.status for s in saker} == {"apen", "vedtatt", "avsluttet"}
        avslag_med_klage = select(Klage).join(Vedtak, col(Klage.vedtak_id) == Vedtak.id).where(
            Vedtak.utfall == Utfall.AVSLAG)
        assert okt.exec(avslag_med_klage).first() is not None
        kilder = {m.kilde for m in okt.exec(select(Melding))}
        assert Meldingskilde.HELSEPERSONELL in kilder and len(kilder) >= 5
        aktive = select(Tiltak).join(IndividuellPlan).where(IndividuellPlan.status == Planstatus.AKTIV)
        datoer = [t.evalueringsdato for t in okt.exec(aktive)]
        assert any(d < IDAG for d in datoer)
        assert sum(IDAG < d <= IDAG + timedelta(days=366) for d in datoer) > len(datoer) / 2
        evalueringer = okt.exec(select(Evaluering)).all()
        assert evalueringer and all(e.frist is not None for e in evalueringer)
        i_tide = sum(e.frist is not None and e.dato <= e.frist for e in evalueringer) / len(evalueringer)
        assert 0.6 <= i_tide <= 0.95, i_tide  # de fleste, men ikke alle, evalueres innen fristen
        moter = okt.exec(select(Mote, Gruppe).join(Gruppe)).all()
        assert any(g.gruppetype == Gruppetype.ANSVARSGRUPPE and m.status == Motestatus.GJENNOMFORT
                   and m.referat is None for m, g in moter)
        for gruppetype, vurder in ((Gruppetype.KE_GRUPPE, vurder_ke_gruppe),
                                   (Gruppetype.SAMHANDLINGSFORUM, vurder_samhandlingsforum)):
            holdte = [lokal_dato(m.start) for m, g in moter if g.gruppetype == gruppetype
                      and m.status == Motestatus.GJENNOMFORT]
            status = vurder(holdte, ar=IDAG.year, idag=IDAG, regelverk=REGELVERK)
            assert status.oppfylt and not status.advarsler, gruppetype
        for m, _ in moter:
            assert er_virkedag(lokal_dato(m.start), norske_fridager(IDAG.year - 5, IDAG.year + 2))
        yters = okt.exec(select(Tjenesteyter)).all()
        assert len(yters) == 30
        koordinatorer = [y for y in yters if y.kan_vaere_koordinator]
        assert any(y.opplaering_dato for y in koordinatorer) and any(not y.opplaering_dato for y in koordinatorer)
        assert all(y.epost.endswith(".example") for y in yters)


@pytest.mark.parametrize("hash_", ["", "ikke-en-hash", "$argon2id$v=19$m=65536,t=3,p=4$ødelagt"])
def test_sjekk_passord_gir_false_for_odelagt_hash(hash_: str) -> None:
    assert sjekk_passord(hash_, "admin") is False
