"""Mottak av meldinger (K1, K30): ny eller felles sak, neste oppgave, validering og tilgang.

Modulen har også hjelperne de andre saksflyt-testene bruker (miljø med brukere og tjenesteytere).
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Koordinatorrolle, Oppgavestatus, Oppgavetype, Rolle, Sektor
from modeller.regler.identitet import lag_identitetsnummer
from modeller.regler.parametre import Regelverk
from modeller.tabeller import (
    Koordinatoroppdrag,
    Melding,
    Oppgave,
    Person,
    Sak,
    Systembruker,
    Tilgangslogg,
    Tjeneste,
    Tjenestetype,
    Tjenesteyter,
    Virksomhet,
)
from modeller.tjenester.feil import IngenTilgang, Valideringsfeil
from modeller.tjenester.melding import Mottak, NyMelding, NyPerson, registrer_melding
from modeller.tjenester.personoversikt import hent_personoversikt, sok_personer
from modeller.tjenester.tilgang import Aktor
from tests.db_fiks import url_for

T = TypeVar("T", bound=SQLModel)
IDAG = date(2026, 3, 2)
NA = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Miljo:
    """En kommune i miniatyr: brukere i hver rolle og to tjenesteytere i ulike virksomheter."""

    avh: Avhengigheter
    saksbehandler: Aktor
    leder: Aktor
    admin: Aktor
    koordinator: Aktor
    tjenesteytere: tuple[int, int]
    virksomheter: tuple[int, int]


def _bruker(okt: Any, navn: str, rolle: Rolle, tjenesteyter_id: int | None = None) -> Aktor:
    b = Systembruker(brukernavn=navn.split()[0].lower(), navn=navn, rolle=rolle, tjenesteyter_id=tjenesteyter_id)
    okt.add(b)
    okt.flush()
    return Aktor(id=b.id, navn=navn, rolle=rolle, tjenesteyter_id=tjenesteyter_id)


def lag_miljo(motor: Engine, tmp_path: Path, regelverk: Regelverk | None = None) -> Miljo:
    """Bygg avhengigheter mot testdatabasen og legg inn brukere og tjenesteytere."""
    avh = Avhengigheter(innstillinger=Innstillinger(datamappe=tmp_path, database_url=url_for(motor)), motor=motor,
                        regelverk=regelverk or Regelverk())
    with arbeidsenhet(motor) as okt:
        v1 = Virksomhet(navn="Helsestasjonen", sektor=Sektor.HELSE)
        v2 = Virksomhet(navn="Skolen", sektor=Sektor.OPPVEKST)
        okt.add_all([v1, v2])
        okt.flush()
        t1 = Tjenesteyter(navn="Tone Yter", epost="tone@kommune.example", virksomhet_id=v1.id or 0,
                          kan_vaere_koordinator=True)
        t2 = Tjenesteyter(navn="Per Lærer", epost="per@kommune.example", virksomhet_id=v2.id or 0)
        okt.add_all([t1, t2])
        okt.flush()
        return Miljo(avh=avh, saksbehandler=_bruker(okt, "Sara Saksbehandler", Rolle.SAKSBEHANDLER),
                     leder=_bruker(okt, "Lene Leder", Rolle.LEDER), admin=_bruker(okt, "Adam Admin", Rolle.ADMIN),
                     koordinator=_bruker(okt, "Tone Yter", Rolle.KOORDINATOR, t1.id),
                     tjenesteytere=(t1.id or 0, t2.id or 0), virksomheter=(v1.id or 0, v2.id or 0))


@pytest.fixture
def miljo(motor: Engine, tmp_path: Path) -> Iterator[Miljo]:
    yield lag_miljo(motor, tmp_path)


def fnr(fodt: date) -> str:
    """Et gyldig fødselsnummer for datoen (første individnummer som gir gyldige kontrollsifre)."""
    start = 500 if fodt.year >= 2000 else 100
    for individ in range(start, start + 400):
        nummer = lag_identitetsnummer(fodt, individ)
        if nummer:
            return nummer
    raise AssertionError("fant ikke et gyldig nummer")


def melding(**endringer: Any) -> NyMelding:
    """En melding fra fastlegen om behov for individuell plan for en ny voksen person."""
    standard = NyMelding(kilde="helsepersonell_38a", avsender_navn="Dr. Lege", mottatt=date(2026, 2, 2),
                         kanal="elektronisk_melding", gjelder="ip",
                         ny_person=NyPerson(identitetsnummer=fnr(date(1990, 5, 1)), fornavn="Kari",
                                            etternavn="Nordmann"))
    return replace(standard, **endringer)


def meld(m: Miljo, **endringer: Any) -> Mottak:
    return registrer_melding(m.avh, m.saksbehandler, melding(**endringer), idag=IDAG, na=NA)


def alle(motor: Engine, klasse: type[T], *vilkar: Any) -> list[T]:
    with lesing(motor) as okt:
        rader = list(okt.exec(select(klasse).where(*vilkar).order_by(col(klasse.id))))  # type: ignore[attr-defined]
        okt.expunge_all()  # `lesing` ruller tilbake, og det ville ellers gjort radene utløpte
        return rader


def apne_oppgaver(motor: Engine, person_id: int) -> list[tuple[str, date]]:
    return [(o.oppgavetype, o.frist) for o in alle(motor, Oppgave, col(Oppgave.person_id) == person_id,
                                                   col(Oppgave.status) == Oppgavestatus.APEN)]


def antall(motor: Engine, klasse: type[SQLModel]) -> int:
    with lesing(motor) as okt:
        return int(okt.exec(select(func.count()).select_from(klasse)).one())


def gi_tjenester(m: Miljo, person_id: int, antall_: int = 2) -> None:
    """Gi personen tjenester fra hver sin virksomhet (grunnlag for kriteriene)."""
    with arbeidsenhet(m.avh.motor) as okt:
        tt = Tjenestetype(kode=f"hjemmesykepleie-{person_id}", navn="Helsetjenester i hjemmet", kategori="helse")
        okt.add(tt)
        okt.flush()
        for i in range(antall_):
            okt.add(Tjeneste(person_id=person_id, tjenestetype_id=tt.id or 0, virksomhet_id=m.virksomheter[i % 2],
                             fra=date(2025, 1, 1)))


# --- testene ---------------------------------------------------------------------------------------------


def test_melding_uten_samtykke_gir_ny_sak_og_oppgave_om_samtykke(miljo: Miljo) -> None:
    mottak = meld(miljo)
    motor = miljo.avh.motor
    assert mottak.ny_sak and mottak.sak.mottatt == date(2026, 2, 2) and mottak.sak.status == "apen"
    assert mottak.person.fodselsdato == date(1990, 5, 1)  # lest av fødselsnummeret
    assert mottak.oppgave is not None and mottak.oppgave.eier_rolle == Rolle.SAKSBEHANDLER
    assert apne_oppgaver(motor, mottak.person.id or 0) == [
        (Oppgavetype.INNHENT_SAMTYKKE, date(2026, 2, 2) + timedelta(days=miljo.avh.regelverk.samtykke_frist_dager))]
    logg = alle(motor, Tilgangslogg)
    assert [(r.handling, r.hva, r.person_id, r.aktor_id) for r in logg] == [
        ("endre", "melding registrert", mottak.person.id, miljo.saksbehandler.id)]


def test_vedlagt_samtykke_gir_oppgave_om_a_registrere_det(miljo: Miljo) -> None:
    mottak = meld(miljo, samtykke_vedlagt=True)
    assert mottak.oppgave is not None and mottak.oppgave.tittel == "Registrer samtykket som fulgte meldingen"


def test_ny_melding_slutter_seg_til_den_apne_saken(miljo: Miljo) -> None:
    forste = meld(miljo)
    andre = meld(miljo, person_id=forste.person.id, ny_person=None, kilde="parorende", kanal="muntlig",
                 avsender_navn="Mor", mottatt=date(2026, 1, 20), gjelder="koordinator")
    assert not andre.ny_sak and andre.sak.id == forste.sak.id
    assert andre.sak.mottatt == date(2026, 1, 20)  # saken regnes fra den tidligste meldingen (K16)
    assert andre.oppgave is None  # innhenting av samtykke står allerede i køen
    assert len(alle(miljo.avh.motor, Melding)) == 2 and len(alle(miljo.avh.motor, Sak)) == 1


def test_avsluttet_sak_gir_ny_sak(miljo: Miljo) -> None:
    forste = meld(miljo)
    with arbeidsenhet(miljo.avh.motor) as okt:
        sak = okt.get(Sak, forste.sak.id)
        assert sak is not None
        sak.status, sak.avsluttet = "avsluttet", date(2026, 2, 20)
        okt.add(sak)
    andre = meld(miljo, person_id=forste.person.id, ny_person=None, mottatt=date(2026, 3, 1))
    assert andre.ny_sak and andre.sak.id != forste.sak.id and andre.sak.mottatt == date(2026, 3, 1)


def test_samme_nummer_og_navn_gjenbruker_personen_annet_navn_avvises(miljo: Miljo) -> None:
    forste = meld(miljo)
    andre = meld(miljo, kilde="ansatt", avsender_navn="Helsesykepleier")
    assert andre.person.id == forste.person.id and antall(miljo.avh.motor, Person) == 1
    feil_navn = _ny(fornavn="Ola")
    with pytest.raises(Valideringsfeil) as feil:
        meld(miljo, ny_person=feil_navn)
    assert [f.felt for f in feil.value.feil] == ["identitetsnummer"]


def _ny(**endringer: Any) -> NyPerson:
    p = melding().ny_person
    assert p is not None
    return replace(p, **endringer)


@pytest.mark.parametrize(("endringer", "felt"), [
    ({"mottatt": IDAG + timedelta(days=1)}, "mottatt"),
    ({"avsender_navn": "  "}, "avsender"),
    ({"kilde": "nabo"}, "kilde"),
    ({"kanal": "brevdue"}, "kanal"),
    ({"gjelder": "tjeneste"}, "gjelder"),
    ({"kilde": "spesialist_ke"}, "avsenders virksomhet"),
    ({"person_id": 1}, "person"),
    ({"ny_person": None}, "person"),
    ({"ny_person": _ny(identitetsnummer="01059012345")}, "identitetsnummer"),
    ({"ny_person": _ny(fodselsdato=date(1990, 5, 2))}, "fødselsdato"),
    ({"ny_person": _ny(fornavn="")}, "fornavn"),
    ({"ny_person": _ny(epost="kari.example")}, "e-post"),
    ({"ny_person": _ny(malform="engelsk")}, "målform"),
])
def test_ugyldig_melding_navngir_feltet_og_skriver_ingenting(miljo: Miljo, endringer: dict[str, Any],
                                                             felt: str) -> None:
    motor = miljo.avh.motor
    for_ = [antall(motor, k) for k in (Person, Sak, Melding, Oppgave, Tilgangslogg)]
    with pytest.raises(Valideringsfeil) as feil:
        meld(miljo, **endringer)
    assert felt in [f.felt for f in feil.value.feil]
    assert [antall(motor, k) for k in (Person, Sak, Melding, Oppgave, Tilgangslogg)] == for_


def test_syntetisk_nummer_bare_nar_regelverket_tillater_det(motor: Engine, tmp_path: Path) -> None:
    syntetisk = lag_identitetsnummer(date(1990, 5, 1), 123, syntetisk=True) or lag_identitetsnummer(
        date(1990, 5, 1), 124, syntetisk=True)
    assert syntetisk is not None
    m = lag_miljo(motor, tmp_path)
    with pytest.raises(Valideringsfeil, match="identitetsnummer"):
        meld(m, ny_person=_ny(identitetsnummer=syntetisk))
    tillatt = replace(m, avh=replace(m.avh, regelverk=Regelverk(tillat_syntetiske_identer=True)))
    assert meld(tillatt, ny_person=_ny(identitetsnummer=syntetisk)).person.identitetsnummer == syntetisk


def test_admin_kan_ikke_registrere_meldinger_og_forsoket_logges(miljo: Miljo) -> None:
    with pytest.raises(IngenTilgang):
        registrer_melding(miljo.avh, miljo.admin, melding(), idag=IDAG, na=NA)
    assert [(r.handling, r.aktor_id) for r in alle(miljo.avh.motor, Tilgangslogg)] == [("nektet", miljo.admin.id)]
    assert antall(miljo.avh.motor, Person) == 0


# --- oppslag: personsøk og personoversikt (personoversikt.py) --------------------------------------------------


def _person_med(m: Miljo, fornavn: str, fodt: date, *, saksbehandler_id: int | None = None, sak: bool = True,
                koordinator: bool = False) -> int:
    with arbeidsenhet(m.avh.motor) as okt:
        p = Person(identitetsnummer=fnr(fodt), fodselsdato=fodt, fornavn=fornavn, etternavn="Nordmann")
        okt.add(p)
        okt.flush()
        if sak:
            okt.add(Sak(person_id=p.id or 0, mottatt=date(2026, 1, 5), saksbehandler_id=saksbehandler_id))
        if koordinator:
            okt.add(Koordinatoroppdrag(person_id=p.id or 0, tjenesteyter_id=m.tjenesteytere[0],
                                       rolle=Koordinatorrolle.KOORDINATOR, fra=date(2026, 1, 1)))
        return p.id or 0


def test_personsok_viser_bare_personer_aktoren_har_tjenstlig_behov_for(miljo: Miljo) -> None:
    with arbeidsenhet(miljo.avh.motor) as okt:
        annen = _bruker(okt, "Siri Annen", Rolle.SAKSBEHANDLER)
    egen = _person_med(miljo, "Anne", date(1980, 1, 1), saksbehandler_id=miljo.saksbehandler.id)
    andres = _person_med(miljo, "Berit", date(1981, 1, 1), saksbehandler_id=annen.id)
    ko = _person_med(miljo, "Cecilie", date(1982, 1, 1))  # sak uten saksbehandler: felles kø
    koordinert = _person_med(miljo, "Dina", date(1983, 1, 1), sak=False, koordinator=True)

    def sok(aktor: Aktor, tekst: str = "nord") -> list[int]:
        return [r.id for r in sok_personer(miljo.avh, aktor, tekst, idag=IDAG)]

    assert sok(miljo.leder) == [egen, andres, ko, koordinert]  # sortert på etternavn, fornavn
    assert sok(miljo.saksbehandler) == [egen, ko]
    assert sok(miljo.koordinator) == [koordinert]
    assert sok(miljo.admin) == []
    assert sok(miljo.leder, "ber nord") == [andres]
    assert sok(miljo.leder, fnr(date(1981, 1, 1))) == [andres]
    assert sok(miljo.leder, "010181") == [andres]  # fødselsdato-delen av nummeret
    rad = sok_personer(miljo.avh, miljo.leder, "Anne", idag=IDAG)[0]
    assert rad.identitetsnummer_maskert == fnr(date(1980, 1, 1))[:6] + "*****" and rad.navn == "Anne Nordmann"
    lesinger = alle(miljo.avh.motor, Tilgangslogg, col(Tilgangslogg.aktor_id) == miljo.saksbehandler.id)
    assert sorted(r.person_id or 0 for r in lesinger) == [egen, ko]  # hvert treff er logget
    with pytest.raises(Valideringsfeil, match="søketekst"):
        sok_personer(miljo.avh, miljo.leder, "a", idag=IDAG)


def test_personoversikt_samler_saken_og_logger_lesingen(miljo: Miljo) -> None:
    from modeller.tjenester.samtykke import NyttSamtykke, registrer_samtykke
    from modeller.tjenester.vedtak import NyttVedtak, fatt_vedtak

    mottak = meld(miljo)
    pid = mottak.person.id or 0
    registrer_samtykke(miljo.avh, miljo.saksbehandler, NyttSamtykke(
        person_id=pid, gitt_av="selv", gitt=IDAG, omfang_ip=True, deling_med=(miljo.tjenesteytere[1],)),
        idag=IDAG, na=NA)
    fatt_vedtak(miljo.avh, miljo.saksbehandler, NyttVedtak(sak_id=mottak.sak.id or 0, tiltak="ip", utfall="innvilget",
                                                            fattet_dato=IDAG, begrunnelse="Behov."), idag=IDAG, na=NA)
    oversikt = hent_personoversikt(miljo.avh, miljo.saksbehandler, pid, idag=IDAG, hvorfor="saksbehandling")
    assert oversikt.person.id == pid and [s.id for s in oversikt.saker] == [mottak.sak.id]
    assert [(s.gjelder_na, s.delt_med) for s in oversikt.samtykker] == [(True, ("Per Lærer",))]
    assert [(v.vedtak.utfall, v.vedtak.revurdering_dato, v.klager) for v in oversikt.vedtak] == [
        ("innvilget", date(2027, 3, 2), ())]
    assert [o.oppgavetype for o in oversikt.oppgaver] == [Oppgavetype.UTARBEID_PLAN]
    assert len(oversikt.meldinger) == 1 and oversikt.neste_mote is None and oversikt.planer == ()
    siste = alle(miljo.avh.motor, Tilgangslogg)[-1]
    assert (siste.handling, siste.hva, siste.hvorfor, siste.person_id) == ("les", "personoversikt", "saksbehandling",
                                                                          pid)
    with pytest.raises(IngenTilgang):
        hent_personoversikt(miljo.avh, miljo.koordinator, pid, idag=IDAG, hvorfor="nysgjerrig")
    assert alle(miljo.avh.motor, Tilgangslogg)[-1].handling == "nektet"
    with pytest.raises(Valideringsfeil, match="hvorfor"):
        hent_personoversikt(miljo.avh, miljo.leder, pid, idag=IDAG, hvorfor=" ")
