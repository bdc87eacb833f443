"""Ansvarsgruppe, KE-gruppe og samhandlingsforum: medlemmer, innkalling på virkedag, flytting, avlysning, referat.

Et møte fatter aldri vedtak (001_c5df1bb6b580be91.txt L797–798; lovkrav K21).
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col

from modeller.db import arbeidsenhet
from modeller.kalender import OSLO, lokal_dato
from modeller.maler import TILLATTE_FELT, lag_epost
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import (
    Gruppetype,
    Motestatus,
    Oppgavestatus,
    Oppgavetype,
    Relasjonstype,
    Rolle,
    Varselstatus,
)
from modeller.tabeller import Gruppe, Gruppemedlem, Mote, Oppgave, Relasjon, Varsel, Vedtak
from modeller.tjenester.feil import IngenTilgang, ManglerSamtykke, Valideringsfeil
from modeller.tjenester.gruppe import (
    NyAnsvarsgruppe,
    NyttMedlem,
    fjern_medlem,
    legg_til_medlem,
    opprett_ansvarsgruppe,
    opprett_motegruppe,
)
from modeller.tjenester.koordinator import NyKoordinator, oppnevn_koordinator
from modeller.tjenester.mote import (
    avlys_mote,
    flytt_mote,
    innkall_ansvarsgruppe,
    registrer_mote_gjennomfort,
    registrer_referat,
)
from modeller.tjenester.utboks import legg_i_utboks
from tests.modeller.test_koordinator import (
    ETTERNAVN,
    FORNAVN,
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

BRUKER_EPOST = "sentinella.personsdottir@privat.example"


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


def ansvarsgruppe(avh: Avhengigheter, *, med_relasjon: bool = True) -> tuple[int, int, list[int]]:
    """Person med samtykke og en ansvarsgruppe: to tjenesteytere, brukeren og en pårørende uten e-post."""
    pid = lag_person(avh, epost=BRUKER_EPOST)
    gi_samtykke(avh, pid)
    tyer = [lag_tjenesteyter(avh, "Anne Fysio"), lag_tjenesteyter(avh, "Per Skole")]
    medlemmer = [NyttMedlem(tjenesteyter_id=t, fra=IDAG) for t in tyer] + [NyttMedlem(er_bruker=True, rolle="bruker")]
    if med_relasjon:
        with arbeidsenhet(avh.motor) as okt:
            rel = Relasjon(person_id=pid, relasjonstype=Relasjonstype.PARORENDE, navn="Mor Personsdottir")
            okt.add(rel)
            okt.flush()
            medlemmer.append(NyttMedlem(relasjon_id=rel.id, rolle="pårørende"))
    gruppe = opprett_ansvarsgruppe(avh, LEDER, pid, NyAnsvarsgruppe(brukers_onske=True, medlemmer=tuple(medlemmer)),
                                   idag=IDAG)
    return pid, gruppe.id or 0, tyer


def varsler(avh: Avhengigheter, varseltype: str = "mote_innkalling") -> list[Varsel]:
    return [v for v in hent_alle(avh, Varsel) if v.varseltype == varseltype]


def kalender(varsel: Varsel) -> tuple[Any, Any]:
    assert varsel.ics is not None
    kal = Calendar.from_ical(varsel.ics)
    return kal, kal.events[0]


# ---------- grupper og medlemmer ----------

def test_ansvarsgruppe_bare_nar_brukeren_onsker_det(avh: Avhengigheter) -> None:
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    with pytest.raises(Valideringsfeil) as feil:
        opprett_ansvarsgruppe(avh, LEDER, pid, NyAnsvarsgruppe(brukers_onske=False), idag=IDAG)
    assert feil.value.feil[0].felt == "brukers_onske"
    gruppe = opprett_ansvarsgruppe(avh, LEDER, pid, NyAnsvarsgruppe(brukers_onske=True), idag=IDAG)
    assert gruppe.gruppetype == Gruppetype.ANSVARSGRUPPE and gruppe.intervall_uker == 12
    assert gruppe.person_id == pid


def test_ansvarsgruppe_krever_samtykke(avh: Avhengigheter) -> None:
    pid = lag_person(avh)
    with pytest.raises(ManglerSamtykke):
        opprett_ansvarsgruppe(avh, LEDER, pid, NyAnsvarsgruppe(brukers_onske=True), idag=IDAG)
    assert hent_alle(avh, Gruppe) == []


def test_medlem_ma_hore_til_personen(avh: Avhengigheter) -> None:
    pid, gid, _ = ansvarsgruppe(avh)
    annen = lag_person(avh)
    with arbeidsenhet(avh.motor) as okt:
        rel = Relasjon(person_id=annen, relasjonstype=Relasjonstype.VERGE, navn="Fremmed Verge")
        okt.add(rel)
        okt.flush()
    for medlem in (NyttMedlem(relasjon_id=rel.id), NyttMedlem(), NyttMedlem(tjenesteyter_id=999)):
        with pytest.raises(Valideringsfeil) as feil:
            legg_til_medlem(avh, LEDER, gid, medlem, idag=IDAG, na=NA)
        assert feil.value.feil[0].felt == "medlem"


def test_motegrupper_uten_person_og_samtykke(avh: Avhengigheter) -> None:
    tyer = [lag_tjenesteyter(avh, "Kommune Overlege"), lag_tjenesteyter(avh, "Leder Nav")]
    ke = opprett_motegruppe(avh, LEDER, Gruppetype.KE_GRUPPE, "KE-gruppen",
                            [NyttMedlem(tjenesteyter_id=t) for t in tyer], idag=IDAG)
    forum = opprett_motegruppe(avh, LEDER, Gruppetype.SAMHANDLINGSFORUM, "Samhandlingsforum",
                               [NyttMedlem(tjenesteyter_id=t) for t in tyer], idag=IDAG)
    assert (ke.person_id, ke.intervall_uker) == (None, 13)  # minst 4 i året (004 L184)
    assert forum.intervall_uker == 4  # månedlig (004 L224)
    with pytest.raises(Valideringsfeil):
        opprett_motegruppe(avh, LEDER, Gruppetype.ANSVARSGRUPPE, "Feil", [], idag=IDAG)
    with pytest.raises(Valideringsfeil) as feil:
        opprett_motegruppe(avh, LEDER, Gruppetype.KE_GRUPPE, "KE", [NyttMedlem(er_bruker=True)], idag=IDAG)
    assert feil.value.feil[0].felt == "medlemmer[1]"
    koordinator = systembruker_for(avh, tyer[0])
    with pytest.raises(IngenTilgang):
        innkall_ansvarsgruppe(avh, koordinator, ke.id or 0, idag=IDAG, na=NA)
    mote = innkall_ansvarsgruppe(avh, LEDER, ke.id or 0, idag=IDAG, na=NA, onsket_dato=date(2027, 4, 7))
    innkallinger = varsler(avh)
    assert len(innkallinger) == 2 and {v.kontekst["referanse"] for v in innkallinger} == {f"G-{ke.id}"}
    assert all(v.person_id is None and v.objekt_id == mote.id for v in innkallinger)


# ---------- innkalling ----------

@pytest.mark.parametrize(("onsket", "motedag", "sendes"), [
    (date(2027, 5, 17), date(2027, 5, 18), date(2027, 5, 4)),  # grunnlovsdag → tirsdag
    (date(2027, 3, 26), date(2027, 3, 30), date(2027, 3, 16)),  # langfredag → tirsdag etter 2. påskedag
    (date(2027, 3, 27), date(2027, 3, 30), date(2027, 3, 16)),  # lørdag i påsken
    (date(2027, 4, 12), date(2027, 4, 12), date(2027, 3, 30)),  # 14 dager før er 2. påskedag → neste virkedag
    (date(2027, 3, 4), date(2027, 3, 4), IDAG),  # snart: innkallingen går i dag
])
def test_innkalling_pa_virkedag_til_alle_medlemmer(avh: Avhengigheter, onsket: date, motedag: date,
                                                  sendes: date) -> None:
    pid, gid, tyer = ansvarsgruppe(avh)
    mote = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=onsket)
    assert mote.start.astimezone(OSLO) == datetime.combine(motedag, time(10, 0), tzinfo=OSLO)
    assert mote.slutt - mote.start == timedelta(minutes=90)
    assert mote.sekvens == 0 and mote.uid.startswith("mote-") and mote.uid.endswith("@enheten")
    innkallinger = varsler(avh)
    # To tjenesteytere og brukeren; den pårørende har ingen e-post.
    assert sorted(v.mottaker_epost for v in innkallinger) == sorted(
        ["anne.fysio@kommune.example", "per.skole@kommune.example", BRUKER_EPOST])
    for v in innkallinger:
        assert (v.forfallsdato, v.status, v.objekt_type, v.objekt_id) == (sendes, Varselstatus.VENTER, "mote", mote.id)
        kal, hendelse = kalender(v)
        assert kal["METHOD"] == "REQUEST" and str(hendelse["UID"]) == mote.uid and hendelse["SEQUENCE"] == 0
        assert hendelse.start == datetime.combine(motedag, time(10, 0), tzinfo=OSLO)
        assert str(hendelse["SUMMARY"]).startswith("Ansvarsgruppemøte")
        assert str(hendelse["DESCRIPTION"]).startswith("Se saken i enheten: http")
        assert str(hendelse["ATTENDEE"]) == f"mailto:{v.mottaker_epost}"  # bare mottakeren selv
        for personlig in (FORNAVN, ETTERNAVN):
            assert personlig not in v.ics  # type: ignore[operator]
            assert personlig not in str(v.kontekst)
        assert set(v.kontekst) <= TILLATTE_FELT
        epost = lag_epost(v.varseltype, v.malform, v.kontekst)
        assert FORNAVN not in epost.tekst and v.kontekst["referanse"] in epost.tekst


def test_innkalling_kan_ikke_legges_i_fortiden(avh: Avhengigheter) -> None:
    _, gid, _ = ansvarsgruppe(avh)
    with pytest.raises(Valideringsfeil) as feil:
        innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=IDAG - timedelta(days=1),
                              varighet_min=0)
    assert {f.felt for f in feil.value.feil} == {"dato", "varighet_min"}
    assert hent_alle(avh, Mote) == []


def test_flytt_gir_sekvens_1_og_nye_innkallinger(avh: Avhengigheter) -> None:
    _, gid, _ = ansvarsgruppe(avh, med_relasjon=False)
    mote = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 5, 5))
    flyttet = flytt_mote(avh, LEDER, mote.id or 0, idag=IDAG, na=NA, ny_dato=date(2027, 5, 17),
                         klokkeslett=time(13, 0))
    assert flyttet.sekvens == 1 and flyttet.uid == mote.uid
    assert flyttet.start.astimezone(OSLO) == datetime(2027, 5, 18, 13, 0, tzinfo=OSLO)
    alle = varsler(avh)
    gamle = [v for v in alle if v.forfallsdato == date(2027, 4, 21)]
    nye = [v for v in alle if v.status == Varselstatus.VENTER]
    assert len(gamle) == 3 and all(v.status == Varselstatus.KANSELLERT for v in gamle)
    assert len(nye) == 3 and all(v.forfallsdato == date(2027, 5, 4) for v in nye)
    for v in nye:
        _, hendelse = kalender(v)
        assert hendelse["SEQUENCE"] == 1 and hendelse.start == datetime(2027, 5, 18, 13, 0, tzinfo=OSLO)


def test_flytt_samme_sendedag_sender_ny_versjon(avh: Avhengigheter) -> None:
    """Gammel og ny innkalling har samme nøkkel (sendes i dag); den nye skal likevel sendes."""
    _, gid, _ = ansvarsgruppe(avh, med_relasjon=False)
    mote = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=IDAG + timedelta(days=3))
    with arbeidsenhet(avh.motor) as okt:  # den første innkallingen er sendt
        okt.exec(update(Varsel).values(status=Varselstatus.SENDT, message_id="<m@x>"))
    flytt_mote(avh, LEDER, mote.id or 0, idag=IDAG, na=NA, ny_dato=IDAG + timedelta(days=4))
    alle = varsler(avh)
    assert len(alle) == 3 and all(v.status == Varselstatus.VENTER and v.message_id is None for v in alle)
    assert all(kalender(v)[1]["SEQUENCE"] == 1 for v in alle)


def test_avlys_sender_cancel_til_dem_som_fikk_innkalling(avh: Avhengigheter) -> None:
    _, gid, _ = ansvarsgruppe(avh, med_relasjon=False)
    mote = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 5, 5))
    with arbeidsenhet(avh.motor) as okt:  # bare Anne har fått innkallingen så langt
        okt.exec(update(Varsel).where(col(Varsel.mottaker_epost) == "anne.fysio@kommune.example")
                 .values(status=Varselstatus.SENDT))
    avlyst = avlys_mote(avh, LEDER, mote.id or 0, idag=IDAG, na=NA)
    assert avlyst.status == Motestatus.AVLYST and avlyst.sekvens == 1
    innkallinger = {v.mottaker_epost: v.status for v in varsler(avh)}
    assert innkallinger == {"anne.fysio@kommune.example": Varselstatus.SENDT,
                            "per.skole@kommune.example": Varselstatus.KANSELLERT,
                            BRUKER_EPOST: Varselstatus.KANSELLERT}
    [avlysning] = varsler(avh, "mote_avlyst")
    assert avlysning.mottaker_epost == "anne.fysio@kommune.example" and avlysning.forfallsdato == IDAG
    kal, hendelse = kalender(avlysning)
    assert kal["METHOD"] == "CANCEL" and str(hendelse["STATUS"]) == "CANCELLED"
    assert hendelse["SEQUENCE"] == 1 and str(hendelse["UID"]) == mote.uid
    lag_epost(avlysning.varseltype, avlysning.malform, avlysning.kontekst)
    with pytest.raises(Valideringsfeil):
        flytt_mote(avh, LEDER, mote.id or 0, idag=IDAG, na=NA, ny_dato=date(2027, 6, 1))


def test_fjernet_medlem_far_ikke_innkallingen(avh: Avhengigheter) -> None:
    _, gid, tyer = ansvarsgruppe(avh, med_relasjon=False)
    innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 5, 5))
    [per] = [m.id for m in hent_alle(avh, Gruppemedlem) if m.tjenesteyter_id == tyer[1]]
    fjernet = fjern_medlem(avh, LEDER, per or 0, dato=IDAG, idag=IDAG)
    assert fjernet.til == IDAG
    statuser = {v.mottaker_epost: v.status for v in varsler(avh)}
    assert statuser["per.skole@kommune.example"] == Varselstatus.KANSELLERT
    assert statuser["anne.fysio@kommune.example"] == Varselstatus.VENTER == statuser[BRUKER_EPOST]
    with pytest.raises(Valideringsfeil):
        fjern_medlem(avh, LEDER, per or 0, dato=IDAG, idag=IDAG)


def test_nytt_medlem_far_innkalling_til_planlagte_moter(avh: Avhengigheter) -> None:
    _, gid, _ = ansvarsgruppe(avh, med_relasjon=False)
    forste = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 5, 5))
    andre = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 8, 4))
    legg_til_medlem(avh, LEDER, gid, NyttMedlem(tjenesteyter_id=lag_tjenesteyter(avh, "Ny Helsesykepleier")),
                    idag=IDAG, na=NA)
    legg_til_medlem(avh, LEDER, gid, NyttMedlem(tjenesteyter_id=lag_tjenesteyter(avh, "Kommer Senere"),
                                                fra=date(2027, 6, 1)), idag=IDAG, na=NA)
    nye_adresser = {"ny.helsesykepleier@kommune.example", "kommer.senere@kommune.example"}
    nye = sorted((v.mottaker_epost, v.objekt_id) for v in varsler(avh) if v.mottaker_epost in nye_adresser)
    assert nye == [("kommer.senere@kommune.example", andre.id), ("ny.helsesykepleier@kommune.example", forste.id),
                   ("ny.helsesykepleier@kommune.example", andre.id)]


def test_medlem_som_slutter_senere_beholder_innkallingen_for_sluttdatoen(avh: Avhengigheter) -> None:
    _, gid, tyer = ansvarsgruppe(avh, med_relasjon=False)
    for_slutt = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 5, 5))
    etter_slutt = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 8, 4))
    [per] = [m.id for m in hent_alle(avh, Gruppemedlem) if m.tjenesteyter_id == tyer[1]]
    fjern_medlem(avh, LEDER, per or 0, dato=date(2027, 6, 30), idag=IDAG)
    statuser = {v.objekt_id: v.status for v in varsler(avh) if v.mottaker_epost == "per.skole@kommune.example"}
    assert statuser == {for_slutt.id: Varselstatus.VENTER, etter_slutt.id: Varselstatus.KANSELLERT}


# ---------- etter møtet ----------

def test_mote_syklus_referat_neste_mote_og_aldri_vedtak(avh: Avhengigheter) -> None:
    pid, gid, tyer = ansvarsgruppe(avh, med_relasjon=False)
    oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=tyer[0]), idag=IDAG, na=NA)
    koordinator = systembruker_for(avh, tyer[0])
    mote = innkall_ansvarsgruppe(avh, koordinator, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 3, 10))
    motedag = lokal_dato(mote.start)
    with pytest.raises(Valideringsfeil):  # kan ikke være holdt før møtedagen
        registrer_mote_gjennomfort(avh, koordinator, mote.id or 0, idag=motedag - timedelta(days=1), na=NA)
    etter = motedag + timedelta(days=1)
    resultat = registrer_mote_gjennomfort(avh, koordinator, mote.id or 0, idag=etter, na=NA)
    assert resultat.mote.status == Motestatus.GJENNOMFORT
    [oppgave] = [o for o in hent_alle(avh, Oppgave) if o.oppgavetype == Oppgavetype.SKRIV_REFERAT]
    assert (oppgave.eier_id, oppgave.eier_rolle, oppgave.objekt_id) == (koordinator.id, None, mote.id)
    assert oppgave.frist == motedag + timedelta(days=7)

    neste = resultat.neste
    assert neste is not None and neste.status == Motestatus.PLANLAGT
    assert lokal_dato(neste.start) == date(2027, 6, 2)  # 12 uker etter 10. mars, en onsdag
    assert neste.start.astimezone(OSLO).time() == time(10, 0) and neste.uid != mote.uid
    assert len([v for v in varsler(avh) if v.objekt_id == neste.id]) == 3

    with arbeidsenhet(avh.motor) as okt:  # det påminnelsesflyten legger inn når referatet er forsinket
        legg_i_utboks(okt, varseltype="referat_mangler", mottaker_epost="anne.fysio@kommune.example",
                      forfallsdato=etter + timedelta(days=8), objekt_type="oppgave", objekt_id=oppgave.id, kontekst={})
    with pytest.raises(Valideringsfeil):
        registrer_referat(avh, koordinator, mote.id or 0, "  ", idag=etter, na=NA)
    skrevet = registrer_referat(avh, koordinator, mote.id or 0, "Gjennomgikk tiltakene.", idag=etter, na=NA)
    assert skrevet.referat == "Gjennomgikk tiltakene." and skrevet.referat_skrevet == NA
    [oppgave] = [o for o in hent_alle(avh, Oppgave) if o.oppgavetype == Oppgavetype.SKRIV_REFERAT]
    assert oppgave.status == Oppgavestatus.FULLFORT
    assert [v.status for v in varsler(avh, "referat_mangler")] == [Varselstatus.KANSELLERT]

    assert hent_alle(avh, Vedtak) == []
    assert not [c for c in Mote.__table__.columns if "vedtak" in c.name or any(  # type: ignore[attr-defined]
        fk.column.table.name == "vedtak" for fk in c.foreign_keys)]


def test_referat_uten_koordinator_gar_til_saksbehandlernes_ko(avh: Avhengigheter) -> None:
    _, gid, _ = ansvarsgruppe(avh, med_relasjon=False)
    mote = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=IDAG)
    resultat = registrer_mote_gjennomfort(avh, LEDER, mote.id or 0, idag=IDAG, na=NA)
    [oppgave] = hent_alle(avh, Oppgave)
    assert (oppgave.eier_id, oppgave.eier_rolle) == (None, Rolle.SAKSBEHANDLER)
    assert resultat.neste is not None
    with pytest.raises(Valideringsfeil):  # allerede gjennomført
        registrer_mote_gjennomfort(avh, LEDER, mote.id or 0, idag=IDAG, na=NA)


def test_neste_mote_settes_ikke_opp_nar_et_senere_finnes(avh: Avhengigheter) -> None:
    _, gid, _ = ansvarsgruppe(avh, med_relasjon=False)
    forste = innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=IDAG)
    innkall_ansvarsgruppe(avh, LEDER, gid, idag=IDAG, na=NA, onsket_dato=date(2027, 4, 7))
    resultat = registrer_mote_gjennomfort(avh, LEDER, forste.id or 0, idag=IDAG, na=NA)
    assert resultat.neste is None and len(hent_alle(avh, Mote)) == 2
