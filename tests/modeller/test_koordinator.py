"""Koordinator og barnekoordinator: forslag, oppnevning, avslutning og opplæring (lovkrav K7–K10).

Byggeklossene øverst (`lag_avh`, `lag_person`, `lag_tjenesteyter`, `gi_samtykke` …) brukes også av
test_gruppe_mote.py og test_plan.py.
"""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.maler import TILLATTE_FELT, lag_epost
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import (
    Instans,
    Koordinatorrolle,
    Malform,
    Oppgavestatus,
    Oppgavetype,
    Rolle,
    SamtykkeGiver,
    Sektor,
    Varselstatus,
)
from modeller.regler.parametre import Regelverk
from modeller.tabeller import (
    IndividuellPlan,
    Koordinatoroppdrag,
    Oppgave,
    Person,
    Samtykke,
    Systembruker,
    Tilgangslogg,
    Tjenesteyter,
    Varsel,
    Virksomhet,
)
from modeller.tjenester.feil import IngenTilgang, ManglerSamtykke, Valideringsfeil
from modeller.tjenester.koordinator import (
    NyKoordinator,
    avslutt_koordinatoroppdrag,
    foresla_koordinator,
    oppnevn_koordinator,
    registrer_opplaering,
)
from modeller.tjenester.oppgaver import opprett_oppgave
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.utboks import legg_i_utboks
from tests.db_fiks import url_for

IDAG = date(2027, 3, 1)  # en mandag
NA = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
LEDER = Aktor(id=None, navn="Lise Leder", rolle=Rolle.LEDER)
ADMIN = Aktor(id=None, navn="Adam Admin", rolle=Rolle.ADMIN)
FORNAVN, ETTERNAVN, FNR = "Sentinella", "Personsdottir", "01010112345"
T = TypeVar("T", bound=SQLModel)


# ---------- byggeklosser ----------

def lag_avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    """Avhengigheter mot testdatabasen."""
    return Avhengigheter(innstillinger=Innstillinger(datamappe=tmp_path, database_url=url_for(motor)), motor=motor,
                         regelverk=Regelverk())


def lag_person(avh: Avhengigheter, *, fodselsdato: date | None = date(1980, 1, 1), venter_barn: bool = False,
               epost: str | None = None, identitetsnummer: str | None = None) -> int:
    """En person med kjennelige «sentinel»-navn, så lekkasjer i e-post kan oppdages."""
    with arbeidsenhet(avh.motor) as okt:
        p = Person(fornavn=FORNAVN, etternavn=ETTERNAVN, fodselsdato=fodselsdato, venter_barn=venter_barn,
                   epost=epost, identitetsnummer=identitetsnummer)
        okt.add(p)
        okt.flush()
        assert p.id is not None
        return p.id


def lag_tjenesteyter(avh: Avhengigheter, navn: str, *, instans: Instans = Instans.HELSE_OMSORG,
                     opplaert: bool = True, kan_vaere_koordinator: bool = True, aktiv: bool = True,
                     malform: Malform | None = None) -> int:
    """En tjenesteyter i en virksomhet for instansen (virksomheten lages ved behov)."""
    with arbeidsenhet(avh.motor) as okt:
        virksomhet = okt.exec(select(Virksomhet).where(Virksomhet.navn == f"Virksomhet {instans}")).first()
        if virksomhet is None:
            virksomhet = Virksomhet(navn=f"Virksomhet {instans}", sektor=Sektor.HELSE, instans=instans)
            okt.add(virksomhet)
            okt.flush()
        ty = Tjenesteyter(navn=navn, epost=f"{navn.lower().replace(' ', '.')}@kommune.example",
                          virksomhet_id=virksomhet.id or 0, kan_vaere_koordinator=kan_vaere_koordinator,
                          opplaering_dato=date(2026, 1, 1) if opplaert else None, aktiv=aktiv, malform=malform)
        okt.add(ty)
        okt.flush()
        assert ty.id is not None
        return ty.id


def gi_samtykke(avh: Avhengigheter, person_id: int, *, koordinator: bool = True, ip: bool = False,
                deling: bool = False, gitt: date = date(2027, 1, 1)) -> int:
    """Et gyldig samtykke gitt av personen selv, med valgt omfang."""
    with arbeidsenhet(avh.motor) as okt:
        s = Samtykke(person_id=person_id, gitt_av=SamtykkeGiver.SELV, gitt_av_navn="personen selv", gitt=gitt,
                     omfang_koordinator=koordinator, omfang_ip=ip, omfang_deling=deling)
        okt.add(s)
        okt.flush()
        assert s.id is not None
        return s.id


def gi_oppdrag(avh: Avhengigheter, tjenesteyter_id: int, antall: int, *, til: date | None = None) -> None:
    """`antall` koordinatoroppdrag for andre personer, for å gi tjenesteyteren belastning."""
    for _ in range(antall):
        pid = lag_person(avh)
        with arbeidsenhet(avh.motor) as okt:
            okt.add(Koordinatoroppdrag(person_id=pid, tjenesteyter_id=tjenesteyter_id, fra=date(2026, 1, 1), til=til,
                                       rolle=Koordinatorrolle.KOORDINATOR))


def systembruker_for(avh: Avhengigheter, tjenesteyter_id: int, rolle: Rolle = Rolle.KOORDINATOR) -> Aktor:
    """En innlogget koordinator knyttet til tjenesteyteren."""
    with arbeidsenhet(avh.motor) as okt:
        b = Systembruker(brukernavn=f"bruker{tjenesteyter_id}{rolle}", navn=f"Bruker {tjenesteyter_id}", rolle=rolle,
                         tjenesteyter_id=tjenesteyter_id)
        okt.add(b)
        okt.flush()
        return Aktor(id=b.id, navn=b.navn, rolle=rolle, tjenesteyter_id=tjenesteyter_id)


def hent_alle(avh: Avhengigheter, klasse: type[T]) -> list[T]:
    """Alle rader i en tabell, i id-rekkefølge."""
    with lesing(avh.motor) as okt:
        rader = list(okt.exec(select(klasse).order_by(klasse.id)))  # type: ignore[attr-defined]
        okt.expunge_all()  # lesing() ruller tilbake; løsrevne rader beholder verdiene
        return rader


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


# ---------- forslag ----------

RANGERING = [
    pytest.param(
        date(1980, 1, 1), [("Anne", Instans.HELSE_OMSORG, True, 0), ("Bjorn", Instans.GRUNNSKOLE, False, 5)],
        "Bjorn", ["Bjorn", "Anne"], "Brukeren har selv ønsket denne koordinatoren", id="ønske-først"),
    pytest.param(
        date(2023, 6, 1), [("Helga", Instans.HELSE_OMSORG, True, 0), ("Berit", Instans.BARNEHAGE, False, 4)],
        None, ["Berit", "Helga"], "hovedansvaret i livsfasen «barnehage»", id="livsfaseinstans"),
    pytest.param(
        date(1980, 1, 1), [("Uten", Instans.HELSE_OMSORG, False, 0), ("Med", Instans.HELSE_OMSORG, True, 3)],
        None, ["Med", "Uten"], "Har fått opplæring som koordinator.", id="opplært-før-uopplært"),
    pytest.param(
        date(1980, 1, 1), [("Tung", Instans.NAV, True, 2), ("Lett", Instans.NAV, True, 1)],
        None, ["Lett", "Tung"], "Har 1 koordinatoroppdrag fra før.", id="lettest-belastning"),
]


@pytest.mark.parametrize(("fodt", "kandidater", "onsket", "forventet", "forklaring"), RANGERING)
def test_forslaget_rangerer_og_forklarer(avh: Avhengigheter, fodt: date,
                                         kandidater: list[tuple[str, Instans, bool, int]], onsket: str | None,
                                         forventet: list[str], forklaring: str) -> None:
    ider = {}
    for navn, instans, opplaert, belastning in kandidater:
        ider[navn] = lag_tjenesteyter(avh, navn, instans=instans, opplaert=opplaert)
        gi_oppdrag(avh, ider[navn], belastning)
        gi_oppdrag(avh, ider[navn], 3, til=IDAG - timedelta(days=1))  # avsluttede oppdrag teller ikke
    lag_tjenesteyter(avh, "Ikke Koordinator", kan_vaere_koordinator=False)
    lag_tjenesteyter(avh, "Sluttet", aktiv=False)
    pid = lag_person(avh, fodselsdato=fodt)
    rangert = foresla_koordinator(avh, LEDER, pid, idag=IDAG,
                                  onsket_tjenesteyter_id=ider[onsket] if onsket else None)
    assert [r.kandidat.navn for r in rangert] == forventet
    assert [r.plass for r in rangert] == [1, 2]
    assert any(forklaring in linje for linje in rangert[0].forklaring), rangert[0].forklaring


def test_belastningen_telles_i_en_gruppert_sporring(avh: Avhengigheter) -> None:
    pid = lag_person(avh)

    def sporringer(antall_kandidater: int) -> list[str]:
        for i in range(antall_kandidater):
            gi_oppdrag(avh, lag_tjenesteyter(avh, f"K{antall_kandidater} {i}"), 2)
        setninger: list[str] = []

        def fang(_c: object, _cur: object, sql: str, *_a: object) -> None:
            setninger.append(sql.upper())

        event.listen(avh.motor, "before_cursor_execute", fang)
        try:
            rangert = foresla_koordinator(avh, LEDER, pid, idag=IDAG)
        finally:
            event.remove(avh.motor, "before_cursor_execute", fang)
        assert all(r.kandidat.antall_oppdrag == 2 for r in rangert)
        return [s for s in setninger if "KOORDINATOROPPDRAG" in s and "GROUP BY" in s]

    assert len(sporringer(2)) == 1
    assert len(sporringer(6)) == 1


def test_forslag_uten_fodselsdato_gir_feltfeil(avh: Avhengigheter) -> None:
    pid = lag_person(avh, fodselsdato=None)
    with pytest.raises(Valideringsfeil) as feil:
        foresla_koordinator(avh, LEDER, pid, idag=IDAG)
    assert feil.value.feil[0].felt == "fødselsdato"


# ---------- oppnevning ----------

def test_oppnevning_uten_samtykke_avvises_og_ingenting_skrives(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    pid = lag_person(avh)
    with pytest.raises(ManglerSamtykke):
        oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    assert hent_alle(avh, Koordinatoroppdrag) == []
    assert hent_alle(avh, Varsel) == []


def test_samtykke_bare_til_ip_er_ikke_nok(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    pid = lag_person(avh)
    gi_samtykke(avh, pid, koordinator=False, ip=True)
    with pytest.raises(ManglerSamtykke):
        oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)


def test_uopplaert_koordinator_gir_opplaeringsoppgave_og_epost_uten_personopplysninger(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Nils Nynorsk", opplaert=False, malform=Malform.NYNORSK)
    pid = lag_person(avh, identitetsnummer=FNR)
    gi_samtykke(avh, pid)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    assert oppdrag.rolle == Koordinatorrolle.KOORDINATOR and oppdrag.fra == IDAG and oppdrag.oppnevnt_av == "Lise Leder"

    [oppgave] = hent_alle(avh, Oppgave)
    assert oppgave.oppgavetype == Oppgavetype.KOORDINATOROPPLAERING
    assert oppgave.eier_rolle == Rolle.LEDER and oppgave.objekt_id == ty
    assert oppgave.frist == IDAG + timedelta(days=30)

    [varsel] = hent_alle(avh, Varsel)
    assert varsel.varseltype == "koordinator_oppnevnt"
    assert varsel.mottaker_epost == "nils.nynorsk@kommune.example"
    assert varsel.malform == Malform.NYNORSK and varsel.person_id == pid
    assert set(varsel.kontekst) <= TILLATTE_FELT
    tekst = json.dumps(varsel.kontekst, ensure_ascii=False)
    for personlig in (FORNAVN, ETTERNAVN, FNR, "1980"):
        assert personlig not in tekst
    with lesing(avh.motor) as okt:
        referanse = okt.exec(select(Person.referanse)).one()
    assert varsel.kontekst["referanse"] == referanse
    assert varsel.kontekst["lenke"].endswith(f"?ref={referanse}")
    epost = lag_epost(varsel.varseltype, varsel.malform, varsel.kontekst)
    assert referanse in epost.tekst and FORNAVN not in epost.tekst + epost.html + epost.emne


def test_opplaert_koordinator_gir_ingen_opplaeringsoppgave(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator", opplaert=True)
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    assert hent_alle(avh, Oppgave) == []


def test_koordinator_uten_individuell_plan_er_lov(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    pid = lag_person(avh)
    gi_samtykke(avh, pid, koordinator=True, ip=False)  # IP er takket nei til (lovkrav K7)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    assert oppdrag.id is not None
    assert hent_alle(avh, IndividuellPlan) == []


def test_oppnevning_lukker_oppgaven_oppnevn_koordinator(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    with arbeidsenhet(avh.motor) as okt:
        opprett_oppgave(okt, oppgavetype=Oppgavetype.OPPNEVN_KOORDINATOR, frist=IDAG, objekt_type="vedtak",
                        objekt_id=7, person_id=pid)
    oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    [oppgave] = hent_alle(avh, Oppgave)
    assert oppgave.status == Oppgavestatus.FULLFORT and oppgave.fullfort_av == "Lise Leder"


def test_barnekoordinator_for_voksen_avvises(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    pid = lag_person(avh, fodselsdato=date(2009, 2, 28))  # fylte 18 år dagen før
    gi_samtykke(avh, pid)
    with pytest.raises(Valideringsfeil) as feil:
        oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty,
                                                     rolle=Koordinatorrolle.BARNEKOORDINATOR), idag=IDAG, na=NA)
    assert [f.felt for f in feil.value.feil] == ["rolle"]
    assert hent_alle(avh, Koordinatoroppdrag) == []


@pytest.mark.parametrize(("fodt", "venter", "slutt"), [
    (date(2015, 6, 10), False, date(2033, 6, 10)),
    (date(2012, 2, 29), False, date(2030, 3, 1)),
    (date(2027, 7, 1), True, date(2045, 7, 1)),  # termin: ventet barn
    (None, True, None),  # ventet barn uten termin: sluttdato settes når fødselsdatoen er kjent
])
def test_barnekoordinator_slutter_pa_18_arsdagen(avh: Avhengigheter, fodt: date | None, venter: bool,
                                                 slutt: date | None) -> None:
    ty = lag_tjenesteyter(avh, "Helse Sykepleier", instans=Instans.HELSESYKEPLEIER)
    pid = lag_person(avh, fodselsdato=fodt, venter_barn=venter)
    gi_samtykke(avh, pid)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(
        person_id=pid, tjenesteyter_id=ty, rolle=Koordinatorrolle.BARNEKOORDINATOR), idag=IDAG, na=NA)
    assert oppdrag.rolle == Koordinatorrolle.BARNEKOORDINATOR
    assert oppdrag.planlagt_slutt == slutt


def test_avvik_fra_forslaget_eller_onsket_krever_begrunnelse(avh: Avhengigheter) -> None:
    best = lag_tjenesteyter(avh, "Best Kandidat", opplaert=True)
    annen = lag_tjenesteyter(avh, "Annen Kandidat", opplaert=False)
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    for skjema in (NyKoordinator(person_id=pid, tjenesteyter_id=annen),
                   NyKoordinator(person_id=pid, tjenesteyter_id=best, onsket_tjenesteyter_id=annen)):
        with pytest.raises(Valideringsfeil) as feil:
            oppnevn_koordinator(avh, LEDER, skjema, idag=IDAG, na=NA)
        assert [f.felt for f in feil.value.feil] == ["begrunnelse"]
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(
        person_id=pid, tjenesteyter_id=best, onsket_tjenesteyter_id=annen, brukers_onske="Ønsker Annen",
        begrunnelse="Annen har ikke kapasitet før til høsten."), idag=IDAG, na=NA)
    assert oppdrag.begrunnelse.startswith("Annen har ikke kapasitet")
    assert oppdrag.onsket_tjenesteyter_id == annen and oppdrag.brukers_onske == "Ønsker Annen"


def test_brukerens_onske_trenger_ingen_begrunnelse(avh: Avhengigheter) -> None:
    lag_tjenesteyter(avh, "Best Kandidat", opplaert=True)
    onsket = lag_tjenesteyter(avh, "Onsket Kandidat", opplaert=False, instans=Instans.NAV)
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=onsket,
                                                           onsket_tjenesteyter_id=onsket), idag=IDAG, na=NA)
    assert oppdrag.tjenesteyter_id == onsket and oppdrag.begrunnelse == ""


def test_ny_koordinator_avslutter_forrige_oppdrag(avh: Avhengigheter) -> None:
    forste = lag_tjenesteyter(avh, "Forste Koordinator")
    andre = lag_tjenesteyter(avh, "Andre Koordinator")
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    gammel = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=forste), idag=IDAG, na=NA)
    senere = IDAG + timedelta(days=10)
    ny = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=andre,
                                                      begrunnelse="Bytte etter ønske fra familien."),
                             idag=senere, na=NA + timedelta(days=10))
    with lesing(avh.motor) as okt:
        gammel_na = okt.get(Koordinatoroppdrag, gammel.id)
        assert gammel_na is not None
        assert gammel_na.til == senere - timedelta(days=1) and gammel_na.sluttgrunn == "ny koordinator"
        assert okt.get(Koordinatoroppdrag, ny.id).til is None  # type: ignore[union-attr]
        statuser = {v.objekt_id: v.status for v in okt.exec(select(Varsel))}
    assert statuser[gammel.id] == Varselstatus.KANSELLERT and statuser[ny.id] == Varselstatus.VENTER


def test_avslutt_koordinatoroppdrag(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    with pytest.raises(Valideringsfeil) as feil:
        avslutt_koordinatoroppdrag(avh, LEDER, oppdrag.id or 0, dato=IDAG - timedelta(days=1), grunn=" ")
    assert {f.felt for f in feil.value.feil} == {"grunn", "dato"}
    slutt = avslutt_koordinatoroppdrag(avh, LEDER, oppdrag.id or 0, dato=IDAG + timedelta(days=5),
                                       grunn="Behovet er opphørt")
    assert slutt.til == IDAG + timedelta(days=5) and slutt.sluttgrunn == "Behovet er opphørt"
    assert [v.status for v in hent_alle(avh, Varsel)] == [Varselstatus.KANSELLERT]


def test_registrer_opplaering_lukker_opplaeringsoppgaven(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Nils Ny", opplaert=False)
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    with arbeidsenhet(avh.motor) as okt:  # påminnelsen påminnelsesflyten legger inn før opplæringsfristen
        legg_i_utboks(okt, varseltype="opplaering_mangler", mottaker_epost="nils.ny@kommune.example",
                      forfallsdato=IDAG + timedelta(days=16), objekt_type="koordinatoroppdrag", objekt_id=oppdrag.id,
                      kontekst={})
    koordinator = systembruker_for(avh, ty)
    with pytest.raises(IngenTilgang):
        registrer_opplaering(avh, koordinator, ty, dato=IDAG)
    oppdatert = registrer_opplaering(avh, LEDER, ty, dato=IDAG + timedelta(days=3), na=NA + timedelta(days=3))
    assert oppdatert.opplaering_dato == IDAG + timedelta(days=3)
    [oppgave] = hent_alle(avh, Oppgave)
    assert oppgave.status == Oppgavestatus.FULLFORT and oppgave.fullfort == NA + timedelta(days=3)
    statuser = {v.varseltype: v.status for v in hent_alle(avh, Varsel)}
    assert statuser == {"koordinator_oppnevnt": Varselstatus.VENTER, "opplaering_mangler": Varselstatus.KANSELLERT}


def test_tilgang_koordinator_bare_egne_personer_og_admin_aldri(avh: Avhengigheter) -> None:
    ty = lag_tjenesteyter(avh, "Anne Koordinator")
    annen_ty = lag_tjenesteyter(avh, "Annen Koordinator")
    pid = lag_person(avh)
    gi_samtykke(avh, pid)
    oppdrag = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=ty), idag=IDAG, na=NA)
    egen, fremmed = systembruker_for(avh, ty), systembruker_for(avh, annen_ty)
    assert foresla_koordinator(avh, egen, pid, idag=IDAG)
    for aktor in (fremmed, ADMIN):
        with pytest.raises(IngenTilgang):
            foresla_koordinator(avh, aktor, pid, idag=IDAG)
        with pytest.raises(IngenTilgang):
            avslutt_koordinatoroppdrag(avh, aktor, oppdrag.id or 0, dato=IDAG, grunn="x")
    nektet = [r for r in hent_alle(avh, Tilgangslogg) if r.handling == "nektet"]
    assert {r.aktor for r in nektet} == {fremmed.navn, ADMIN.navn} and all(r.person_id == pid for r in nektet)
    assert [o.til for o in hent_alle(avh, Koordinatoroppdrag)] == [None]


def test_ny_koordinator_for_barnekoordinator_fullforer_overgangsoppgaven(avh: Avhengigheter) -> None:
    barn_ty, voksen_ty = lag_tjenesteyter(avh, "Barne Koordinator"), lag_tjenesteyter(avh, "Voksen Koordinator")
    pid = lag_person(avh, fodselsdato=date(2009, 6, 1))
    gi_samtykke(avh, pid)
    gammel = oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=barn_ty,
                                                          rolle=Koordinatorrolle.BARNEKOORDINATOR), idag=IDAG, na=NA)
    assert gammel.planlagt_slutt == date(2027, 6, 1)
    with arbeidsenhet(avh.motor) as okt:  # det den daglige gjennomgangen lager før 18-årsdagen
        opprett_oppgave(okt, oppgavetype=Oppgavetype.BARNEKOORDINATOR_OVERGANG, frist=date(2027, 5, 1),
                        objekt_type="koordinatoroppdrag", objekt_id=gammel.id, person_id=pid)
    oppnevn_koordinator(avh, LEDER, NyKoordinator(person_id=pid, tjenesteyter_id=voksen_ty, fra=date(2027, 6, 1),
                                                  begrunnelse="Overgang til voksen koordinator ved 18 år."),
                        idag=IDAG, na=NA)
    [oppgave] = hent_alle(avh, Oppgave)
    assert oppgave.status == Oppgavestatus.FULLFORT
    [forste, andre] = hent_alle(avh, Koordinatoroppdrag)
    assert (forste.til, andre.fra, andre.planlagt_slutt) == (date(2027, 5, 31), date(2027, 6, 1), None)
