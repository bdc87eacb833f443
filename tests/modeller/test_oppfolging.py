"""Det daglige sveipet og saksflyten ende til ende for én person (K1–K20, kilderegler.md §3.15)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet
from modeller.kalender import lokalt_tidspunkt
from modeller.regler.begreper import (
    Gruppetype,
    Klagerute,
    Klagestatus,
    Koordinatorrolle,
    Motestatus,
    Oppgavestatus,
    Oppgavetype,
    Planstatus,
    Rolle,
    SamtykkeGiver,
    Tiltakstype,
    Utfall,
    Varselstatus,
)
from modeller.tabeller import (
    Gruppe,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Mote,
    Oppgave,
    Person,
    Sak,
    Samtykke,
    Tiltak,
    Tjenesteyter,
    Varsel,
    Vedtak,
)
from modeller.tjenester.klage import behandle_klage, registrer_klage
from modeller.tjenester.oppfolging import Oppfolgingsresultat, daglig_oppfolging
from modeller.tjenester.samtykke import trekk_samtykke
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.vedtak import NyttVedtak, fatt_vedtak
from tests.modeller.test_melding import NA, Miljo, alle, apne_oppgaver, fnr, lag_miljo, meld
from tests.modeller.test_samtykke import samtykke


@pytest.fixture
def miljo(motor: Engine, tmp_path: Path) -> Miljo:
    return lag_miljo(motor, tmp_path)


REF = date(2026, 3, 2)
INGENTING = Oppfolgingsresultat()


def sveip(m: Miljo, dato: date = REF) -> Oppfolgingsresultat:
    return daglig_oppfolging(m.avh, referansedato=dato)


@dataclass(frozen=True)
class Register:
    """Id-ene til det som skal forfalle i sveipet."""

    barn: int
    voksen: int
    sak: int
    oppdrag: int
    plan: int
    tiltak: int
    mote: int
    vedtak: int


def _person(okt: Any, fodt: date, navn: str, *, samtykke_: bool = True) -> int:
    p = Person(identitetsnummer=fnr(fodt), fodselsdato=fodt, fornavn=navn, etternavn="Testesen")
    okt.add(p)
    okt.flush()
    if samtykke_:
        okt.add(Samtykke(person_id=p.id or 0, gitt_av=SamtykkeGiver.SELV, gitt_av_navn=navn, omfang_koordinator=True,
                         omfang_ip=True, gitt=date(2025, 1, 1)))
    return p.id or 0


def lag_register(m: Miljo, *, ikke_forfalt: int = 0) -> Register:
    """Ett objekt som forfaller i hver kategori per REF, pluss `ikke_forfalt` personer med ting langt fram."""
    t1 = m.tjenesteytere[0]
    with arbeidsenhet(m.avh.motor) as okt:
        barn = _person(okt, date(2008, 5, 1), "Barn")  # fyller 18 den 01.05.2026
        voksen = _person(okt, date(1980, 1, 1), "Voksen")
        oppdrag = Koordinatoroppdrag(person_id=barn, tjenesteyter_id=t1, rolle=Koordinatorrolle.BARNEKOORDINATOR,
                                     fra=date(2026, 2, 1), planlagt_slutt=date(2026, 5, 1))
        okt.add(Koordinatoroppdrag(person_id=voksen, tjenesteyter_id=t1, rolle=Koordinatorrolle.KOORDINATOR,
                                   fra=date(2026, 2, 10)))
        plan = IndividuellPlan(person_id=voksen, referanse="IP-VOKSEN", status=Planstatus.AKTIV,
                               neste_revisjon=REF + timedelta(14))
        okt.add_all([oppdrag, plan, IndividuellPlan(person_id=barn, referanse="IP-BARN", status=Planstatus.AKTIV,
                                                    neste_revisjon=REF + timedelta(15))])
        okt.flush()
        tiltak = Tiltak(plan_id=plan.id or 0, beskrivelse="Fysioterapi", ansvarlig_id=t1, start=date(2026, 1, 1),
                        evalueringsdato=REF + timedelta(days=3))
        gruppe = Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn="AG", person_id=voksen,
                        opprettet_dato=date(2026, 1, 1))
        sak = Sak(person_id=barn, mottatt=REF - timedelta(weeks=4))
        sak_v = Sak(person_id=voksen, mottatt=date(2025, 1, 1), status="vedtatt")
        okt.add_all([tiltak, gruppe, sak, sak_v])
        okt.flush()
        mote = _mote(okt, gruppe.id or 0, date(2026, 2, 20), Motestatus.GJENNOMFORT)
        _mote(okt, gruppe.id or 0, date(2026, 2, 24), Motestatus.GJENNOMFORT)  # referatfristen er ikke ute
        vedtak = _vedtak(okt, sak_v, revurdering=REF + timedelta(days=8), klagefrist=date(2025, 2, 1), endelig=True)
        _vedtak(okt, sak_v, revurdering=REF + timedelta(days=15), klagefrist=REF - timedelta(days=1))  # blir endelig
        klaget = _vedtak(okt, sak_v, revurdering=None, klagefrist=REF - timedelta(days=1), utfall="avslag")
        okt.add(Klage(vedtak_id=klaget, mottatt=REF - timedelta(days=10)))
        for i in range(ikke_forfalt):
            _ikke_forfalt(okt, m, i)
        return Register(barn, voksen, sak.id or 0, oppdrag.id or 0, plan.id or 0, tiltak.id or 0, mote, vedtak)


def _mote(okt: Any, gruppe_id: int, dag: date, status: Motestatus) -> int:
    start = lokalt_tidspunkt(dag, time(10))
    mote = Mote(gruppe_id=gruppe_id, start=start, slutt=start + timedelta(hours=1), status=status,
                uid=f"mote-{gruppe_id}-{dag}@test")
    okt.add(mote)
    okt.flush()
    return mote.id or 0


def _vedtak(okt: Any, sak: Sak, *, revurdering: date | None, klagefrist: date, endelig: bool = False,
            utfall: str = "innvilget", tiltak: str = "ip") -> int:
    v = Vedtak(sak_id=sak.id or 0, person_id=sak.person_id, tiltak=Tiltakstype(tiltak), utfall=Utfall(utfall),
               fattet_av="Sara", fattet_dato=klagefrist - timedelta(weeks=4), klagerute=Klagerute.PBRL,
               klagefrist=klagefrist,
               revurdering_dato=revurdering, endelig=endelig)
    okt.add(v)
    okt.flush()
    return v.id or 0


def _ikke_forfalt(okt: Any, m: Miljo, i: int) -> None:
    """En person med sak, vedtak, plan, tiltak, oppdrag og møte som ikke forfaller på lenge.

    Oppdraget går til tjenesteyter 2, som har fått opplæring (tjenesteyter 1, koordinatoren, har ikke).
    """
    t2 = okt.get(Tjenesteyter, m.tjenesteytere[1])
    t2.opplaering_dato = date(2025, 1, 1)
    okt.add(t2)
    pid = _person(okt, date(1970, 1, 1) + timedelta(days=i), f"Person{i}")
    sak = Sak(person_id=pid, mottatt=REF - timedelta(days=3), status="apen")
    sak_v = Sak(person_id=pid, mottatt=date(2025, 12, 1), status="vedtatt")
    plan = IndividuellPlan(person_id=pid, referanse=f"IP-{i}", status=Planstatus.AKTIV,
                           neste_revisjon=REF + timedelta(200))
    gruppe = Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn="AG", person_id=pid, opprettet_dato=date(2026, 1, 1))
    okt.add_all([sak, sak_v, plan, gruppe,
                 Koordinatoroppdrag(person_id=pid, tjenesteyter_id=m.tjenesteytere[1],
                                    rolle=Koordinatorrolle.BARNEKOORDINATOR, fra=date(2025, 1, 1),
                                    planlagt_slutt=REF + timedelta(days=400))])
    okt.flush()
    okt.add(Tiltak(plan_id=plan.id or 0, beskrivelse="x", ansvarlig_id=m.tjenesteytere[1], start=date(2026, 1, 1),
                   evalueringsdato=REF + timedelta(days=100)))
    _vedtak(okt, sak_v, revurdering=REF + timedelta(days=300), klagefrist=REF + timedelta(days=20))
    _mote(okt, gruppe.id or 0, REF + timedelta(days=30), Motestatus.PLANLAGT)


def _oppgave(m: Miljo, oppgavetype: Oppgavetype) -> Oppgave:
    rader = alle(m.avh.motor, Oppgave, col(Oppgave.oppgavetype) == oppgavetype)
    assert len(rader) == 1, rader
    return rader[0]


def test_sveipet_lager_hver_forfalt_oppgave_en_gang(miljo: Miljo) -> None:
    reg = lag_register(miljo, ikke_forfalt=3)
    assert sveip(miljo) == Oppfolgingsresultat(1, 1, 1, 1, 1, 1, 1, 1)
    assert sveip(miljo) == INGENTING  # idempotent
    forventet = {
        Oppgavetype.SEND_FORELOPIG_SVAR: (REF, None, Rolle.SAKSBEHANDLER, reg.barn),
        Oppgavetype.VEDTAK_REVURDERING: (REF + timedelta(days=8), None, Rolle.SAKSBEHANDLER, reg.voksen),
        # Frist 14 dager før 18-årsdagen (tolkning, se _barnekoordinator).
        Oppgavetype.BARNEKOORDINATOR_OVERGANG: (date(2026, 4, 17), None, Rolle.SAKSBEHANDLER, reg.barn),
        Oppgavetype.PLAN_REVISJON: (REF + timedelta(days=14), miljo.koordinator.id, None, reg.voksen),
        Oppgavetype.EVALUER_TILTAK: (REF + timedelta(days=3), miljo.koordinator.id, None, reg.voksen),
        Oppgavetype.KOORDINATOROPPLAERING: (date(2026, 3, 3), None, Rolle.LEDER, None),  # fra 01.02 + 30 dager
        Oppgavetype.SKRIV_REFERAT: (date(2026, 2, 27), miljo.koordinator.id, None, reg.voksen),
    }
    for oppgavetype, (frist, eier_id, eier_rolle, person_id) in forventet.items():
        o = _oppgave(miljo, oppgavetype)
        assert (o.frist, o.eier_id, o.eier_rolle, o.person_id) == (frist, eier_id, eier_rolle, person_id), oppgavetype
    endelige = {v.id: v.endelig for v in alle(miljo.avh.motor, Vedtak)}
    assert sum(endelige.values()) == 2  # det som allerede var endelig, og det der fristen gikk ut uten klage


def test_sma_batcher_gir_samme_resultat(miljo: Miljo) -> None:
    reg = lag_register(miljo, ikke_forfalt=2)
    with arbeidsenhet(miljo.avh.motor) as okt:  # tre saker til som venter på foreløpig svar
        for i in range(3):
            okt.add(Sak(person_id=_person(okt, date(1960, 1, 1) + timedelta(days=i), f"Eldre{i}"),
                        mottatt=date(2026, 1, 1)))
    resultat = daglig_oppfolging(miljo.avh, referansedato=REF, batch=1)
    assert resultat == Oppfolgingsresultat(4, 1, 1, 1, 1, 1, 1, 1)
    assert daglig_oppfolging(miljo.avh, referansedato=REF, batch=1) == INGENTING
    assert reg.sak in {o.objekt_id for o in alle(miljo.avh.motor, Oppgave, col(Oppgave.oppgavetype) ==
                                                 Oppgavetype.SEND_FORELOPIG_SVAR)}


def test_ny_revurderingsdato_gir_ny_oppgave(miljo: Miljo) -> None:
    reg = lag_register(miljo)
    sveip(miljo)
    with arbeidsenhet(miljo.avh.motor) as okt:
        v = okt.get(Vedtak, reg.vedtak)
        assert v is not None
        v.revurdering_dato = date(2027, 3, 1)
        okt.add(v)
    sveip(miljo, date(2027, 2, 20))
    assert [o.frist for o in alle(miljo.avh.motor, Oppgave, col(Oppgave.oppgavetype) ==
                                  Oppgavetype.VEDTAK_REVURDERING, col(Oppgave.objekt_id) == reg.vedtak)] == [
        REF + timedelta(days=8), date(2027, 3, 1)]


def test_horisonten_og_datoene_styrer_hva_som_forfaller(miljo: Miljo) -> None:
    lag_register(miljo)
    tidlig = sveip(miljo, REF - timedelta(days=1))
    assert tidlig.send_forelopig_svar == 0  # fire uker er ikke gått ennå
    assert tidlig.plan_revisjon == 0  # neste revisjon er 15 dager fram
    assert tidlig.endelige_vedtak == 0  # klagefristen er siste dag, ikke ute


def test_ingen_koordinator_eller_planoppgaver_etter_trukket_samtykke(miljo: Miljo) -> None:
    reg = lag_register(miljo)
    with arbeidsenhet(miljo.avh.motor) as okt:
        for rad in okt.exec(select(Samtykke)):
            rad.trukket = REF - timedelta(days=1)
            okt.add(rad)
    resultat = sveip(miljo)
    assert asdict(resultat) == asdict(Oppfolgingsresultat(send_forelopig_svar=1, endelige_vedtak=1))
    with arbeidsenhet(miljo.avh.motor) as okt:  # et nytt, gyldig samtykke åpner igjen
        okt.add(Samtykke(person_id=reg.voksen, gitt_av=SamtykkeGiver.SELV, gitt_av_navn="Voksen",
                         omfang_koordinator=True, gitt=REF))
    igjen = sveip(miljo)
    assert (igjen.plan_revisjon, igjen.evaluer_tiltak, igjen.skriv_referat, igjen.vedtak_revurdering) == (1, 1, 1, 1)
    assert igjen.barnekoordinator_overgang == 0  # barnet har fortsatt ikke gyldig samtykke


@contextmanager
def tell_sporringer(motor: Engine) -> Iterator[list[str]]:
    setninger: list[str] = []

    def registrer(_c: Any, _cur: Any, sql: str, *_a: Any) -> None:
        setninger.append(sql)

    event.listen(motor, "before_cursor_execute", registrer)
    try:
        yield setninger
    finally:
        event.remove(motor, "before_cursor_execute", registrer)


def test_kostnaden_folger_det_som_forfaller_ikke_registeret(miljo: Miljo) -> None:
    with tell_sporringer(miljo.avh.motor) as tomt:
        sveip(miljo)
    with arbeidsenhet(miljo.avh.motor) as okt:
        for i in range(150):
            _ikke_forfalt(okt, miljo, i)
    with tell_sporringer(miljo.avh.motor) as stort:
        assert sveip(miljo) == INGENTING
    assert len(stort) == len(tomt)  # ingen spørring per person i registeret


def test_saksflyten_ende_til_ende_for_en_person(miljo: Miljo) -> None:
    motor, avh, sb = miljo.avh.motor, miljo.avh, miljo.saksbehandler
    mottak = meld(miljo)  # mottatt 02.02.2026, uten samtykke
    pid, sak_id = mottak.person.id or 0, mottak.sak.id or 0
    assert [t for t, _ in apne_oppgaver(motor, pid)] == [Oppgavetype.INNHENT_SAMTYKKE]
    samtykke(miljo, pid)
    assert [t for t, _ in apne_oppgaver(motor, pid)] == [Oppgavetype.VURDER_MELDING]
    assert sveip(miljo, date(2026, 3, 1)).send_forelopig_svar == 0
    assert sveip(miljo, date(2026, 3, 2)).send_forelopig_svar == 1  # fire uker etter mottatt (K16)
    assert sveip(miljo, date(2026, 3, 2)) == INGENTING
    assert (Oppgavetype.SEND_FORELOPIG_SVAR, date(2026, 3, 2)) in apne_oppgaver(motor, pid)
    dag = date(2026, 3, 5)
    vedtak = fatt_vedtak(avh, sb, NyttVedtak(sak_id=sak_id, tiltak="ip", utfall="avslag", fattet_dato=dag,
                                             begrunnelse="Behovet er ikke langvarig."), idag=dag, na=NA).vedtak
    assert apne_oppgaver(motor, pid) == []  # foreløpig svar og vurdering forsvinner med vedtaket
    assert sveip(miljo, dag).send_forelopig_svar == 0
    assert vedtak.klagefrist == date(2026, 4, 7)  # 02.04 er skjærtorsdag: forlenget (dl. § 149)
    sen = date(2026, 4, 8)
    klage = registrer_klage(avh, sb, vedtak.id or 0, mottatt=sen, klager="bruker", idag=sen, na=NA)
    assert klage.for_sent and klage.status == Klagestatus.MOTTATT
    assert sveip(miljo, sen).endelige_vedtak == 0  # klagen holder vedtaket åpent
    behandle_klage(avh, sb, klage.id or 0, omgjor=False, dato=sen, idag=sen, na=NA)
    assert [(o.oppgavetype, o.tittel) for o in alle(motor, Oppgave, col(Oppgave.status) == Oppgavestatus.APEN)] == [
        (Oppgavetype.OVERSEND_KLAGE, "Oversend klagen til Statsforvalteren")]


def test_samtykke_trukket_midt_i_saken_stopper_planen_men_ikke_saksbehandlingen(miljo: Miljo) -> None:
    # Tilbaketrekking er avgrenset (modeller.regler.tilbaketrekking): foreløpig svar (fvl § 11 a) og vurderingen
    # av meldingen fortsetter; det som bygger på planen stopper.
    motor = miljo.avh.motor
    mottak = meld(miljo)
    pid = mottak.person.id or 0
    s = samtykke(miljo, pid)
    sveip(miljo, date(2026, 3, 2))
    with arbeidsenhet(motor) as okt:
        for varseltype, objekt_type in (("forelopig_svar_nar", "sak"), ("plan_revisjon", "plan")):
            legg_i_utboks(okt, varseltype=varseltype, mottaker_epost="sara@kommune.example",
                          forfallsdato=date(2026, 3, 2), objekt_type=objekt_type, objekt_id=mottak.sak.id,
                          kontekst={"referanse": mottak.sak.referanse}, person_id=pid)
    apne = apne_oppgaver(motor, pid)
    assert {t for t, _ in apne} == {Oppgavetype.VURDER_MELDING, Oppgavetype.SEND_FORELOPIG_SVAR}
    trekk_samtykke(miljo.avh, miljo.saksbehandler, s.id or 0, trukket=date(2026, 3, 2), grunn=None,
                   idag=date(2026, 3, 2), na=NA)
    assert apne_oppgaver(motor, pid) == apne
    assert {v.varseltype: v.status for v in alle(motor, Varsel)} == {
        "forelopig_svar_nar": Varselstatus.VENTER, "plan_revisjon": Varselstatus.KANSELLERT}
    assert sveip(miljo, date(2026, 3, 3)) == INGENTING  # idempotent også etter tilbaketrekkingen


def test_klagefristen_ute_gjor_vedtaket_endelig(miljo: Miljo) -> None:
    mottak = meld(miljo)
    dag = date(2026, 3, 2)
    v = fatt_vedtak(miljo.avh, miljo.saksbehandler, NyttVedtak(
        sak_id=mottak.sak.id or 0, tiltak="ip", utfall="avslag", fattet_dato=dag, begrunnelse="Ikke behov."),
        idag=dag, na=NA).vedtak
    assert v.klagefrist == date(2026, 3, 30) and not v.endelig
    assert sveip(miljo, date(2026, 3, 30)).endelige_vedtak == 0  # siste dag for klage
    assert sveip(miljo, date(2026, 3, 31)).endelige_vedtak == 1
    assert alle(miljo.avh.motor, Vedtak)[0].endelig
    assert sveip(miljo, date(2026, 3, 31)).endelige_vedtak == 0


@pytest.mark.parametrize("dager", [0, 7])
def test_referat_ikke_forfalt_for_fristen_er_ute(miljo: Miljo, dager: int) -> None:
    with arbeidsenhet(miljo.avh.motor) as okt:
        pid = _person(okt, date(1980, 1, 1), "Voksen")
        gruppe = Gruppe(gruppetype=Gruppetype.KE_GRUPPE, navn="KE-gruppen", opprettet_dato=date(2026, 1, 1))
        okt.add(gruppe)
        okt.flush()
        _mote(okt, gruppe.id or 0, REF - timedelta(days=miljo.avh.regelverk.referat_frist_dager + dager),
              Motestatus.PLANLAGT)
    assert pid
    resultat = sveip(miljo)
    assert resultat.skriv_referat == (1 if dager else 0)
    if dager:
        assert _oppgave(miljo, Oppgavetype.SKRIV_REFERAT).eier_rolle == Rolle.LEDER  # KE-gruppen: lederen
