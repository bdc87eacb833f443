"""Tilgangsmatrisen på bruksområdenivå: rolle × forhold til personen × handling (sikkerhet-og-drift.md §6 rad 1–2).

Nekt som standard: koordinatoren ser personene hen koordinerer, saksbehandleren sakene sine og køen,
lederen alt, administratoren ingen personer. Hver tillatt lesing gir nøyaktig én «les»-rad i loggen, hver
nektet én «nektet»-rad. Å bytte id eller referanse til en annen koordinators person gir nei (IDOR).
"""

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, func, select

from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Rolle
from modeller.tabeller import Person, Sak, Tilgangslogg
from modeller.tjenester.dashbord_innlogging import hent_innlogget
from modeller.tjenester.dashbord_oppslag import person_id_for
from modeller.tjenester.dashbord_oversikt import caseload, tilgangslogg_for_person
from modeller.tjenester.dashbord_plan import hent_plandetaljer
from modeller.tjenester.feil import IngenTilgang
from modeller.tjenester.koordinator import foresla_koordinator
from modeller.tjenester.personoversikt import hent_personoversikt, sok_personer
from modeller.tjenester.tilgang import Aktor
from tests.dashbord.verden import IDAG, Verden

BRUKERE = ("koordinator", "koordinator2", "saksbehandler", "saksbehandler2", "leder", "admin")
PERSONER = ("p1", "p2", "p3", "p4")
# p1: koordinator (ty1), sak hos saksbehandler · p2: koordinator2 (ty2), sak hos saksbehandler2
# p3: ingen sak, ingen koordinator · p4: sak i felles kø (uten saksbehandler)
TILGANG: dict[str, set[str]] = {
    "koordinator": {"p1"},
    "koordinator2": {"p2"},
    "saksbehandler": {"p1", "p4"},
    "saksbehandler2": {"p2", "p4"},
    "leder": {"p1", "p2", "p3", "p4"},
    "admin": set(),
}


@pytest.fixture
def p4(verden: Verden, avh: Avhengigheter) -> int:
    """En person med en sak i saksbehandlernes felles kø."""
    with arbeidsenhet(avh.motor) as okt:
        p = Person(fornavn="Dina", etternavn="Eik", fodselsdato=date(1970, 1, 1))
        okt.add(p)
        okt.flush()
        assert p.id is not None
        okt.add(Sak(person_id=p.id, mottatt=date(2027, 2, 1)))
        return p.id


def _aktor(avh: Avhengigheter, verden: Verden, navn: str) -> Aktor:
    aktor = hent_innlogget(avh, getattr(verden, navn))
    assert aktor is not None
    return aktor


def _person(verden: Verden, p4: int, navn: str) -> int:
    return p4 if navn == "p4" else int(getattr(verden, navn))


def _logg(avh: Avhengigheter, person_id: int) -> list[tuple[int | None, str, str]]:
    with lesing(avh.motor) as okt:
        return [(r.aktor_id, r.rolle, r.handling) for r in okt.exec(
            select(Tilgangslogg).where(col(Tilgangslogg.person_id) == person_id).order_by(col(Tilgangslogg.id)))]


def _referanse(avh: Avhengigheter, person_id: int) -> str:
    with lesing(avh.motor) as okt:
        return okt.exec(select(Person.referanse).where(Person.id == person_id)).one()


HANDLINGER: dict[str, Callable[[Avhengigheter, Aktor, int], object]] = {
    "personoversikt": lambda avh, a, pid: hent_personoversikt(avh, a, pid, idag=IDAG, hvorfor="test"),
    "plan": lambda avh, a, pid: hent_plandetaljer(avh, a, _referanse(avh, pid), idag=IDAG),
    "koordinatorforslag": lambda avh, a, pid: foresla_koordinator(avh, a, pid, idag=IDAG),
}


@pytest.mark.parametrize("handling", sorted(HANDLINGER))
@pytest.mark.parametrize("person", PERSONER)
@pytest.mark.parametrize("bruker", BRUKERE)
def test_lesing_av_person(verden: Verden, avh: Avhengigheter, p4: int, bruker: str, person: str,
                          handling: str) -> None:
    aktor, person_id = _aktor(avh, verden, bruker), _person(verden, p4, person)
    tillatt = person in TILGANG[bruker]
    if tillatt:
        HANDLINGER[handling](avh, aktor, person_id)
    else:
        with pytest.raises(IngenTilgang):
            HANDLINGER[handling](avh, aktor, person_id)
    assert _logg(avh, person_id) == [(aktor.id, str(aktor.rolle), "les" if tillatt else "nektet")]


@pytest.mark.parametrize("bruker", BRUKERE)
def test_sok_finner_bare_personer_med_tjenstlig_behov(verden: Verden, avh: Avhengigheter, p4: int,
                                                      bruker: str) -> None:
    aktor = _aktor(avh, verden, bruker)
    funnet = set()
    for navn, sok in (("p1", "Ås"), ("p2", "Berg"), ("p3", "Dahl"), ("p4", "Eik")):
        if sok_personer(avh, aktor, sok, idag=IDAG):
            funnet.add(navn)
    assert funnet == TILGANG[bruker]
    for navn in PERSONER:
        forventet = [(aktor.id, str(aktor.rolle), "les")] if navn in TILGANG[bruker] else []
        assert _logg(avh, _person(verden, p4, navn)) == forventet


@pytest.mark.parametrize("bruker", BRUKERE)
def test_innsyn_i_tilgangslogg_bare_for_leder(verden: Verden, avh: Avhengigheter, bruker: str) -> None:
    aktor = _aktor(avh, verden, bruker)
    hent_personoversikt(avh, _aktor(avh, verden, "leder"), verden.p1, idag=IDAG, hvorfor="forberedelse")
    if aktor.rolle == Rolle.LEDER:
        rader = tilgangslogg_for_person(avh, aktor, verden.p1)
        assert [(r.aktor_id, r.hva) for r in rader] == [(verden.leder, "personoversikt")]
        assert _logg(avh, verden.p1)[-1] == (aktor.id, "leder", "les")
    else:
        with pytest.raises(IngenTilgang):
            tilgangslogg_for_person(avh, aktor, verden.p1)
        assert _logg(avh, verden.p1)[-1] == (aktor.id, str(aktor.rolle), "nektet")


@pytest.mark.parametrize(("bruker", "tjenesteyter", "forventet"), [
    ("koordinator", None, ["Anna Ås"]),
    ("koordinator", "ty2", ["Anna Ås"]),  # koordinatoren ser alltid bare sin egen liste
    ("koordinator2", None, ["Bjørn Berg"]),
    ("leder", "ty2", ["Bjørn Berg"]),
    ("saksbehandler", "ty1", None),
    ("admin", "ty1", None),
])
def test_caseload(verden: Verden, avh: Avhengigheter, bruker: str, tjenesteyter: str | None,
                  forventet: list[str] | None) -> None:
    aktor = _aktor(avh, verden, bruker)
    ty = getattr(verden, tjenesteyter) if tjenesteyter else None
    if forventet is None:
        with pytest.raises(IngenTilgang):
            caseload(avh, aktor, idag=IDAG, tjenesteyter_id=ty)
        return
    assert [r.person_navn for r in caseload(avh, aktor, idag=IDAG, tjenesteyter_id=ty)] == forventet


def test_idor_annen_koordinators_person_med_endret_id_og_referanse(verden: Verden, avh: Avhengigheter) -> None:
    aktor = _aktor(avh, verden, "koordinator")
    with pytest.raises(IngenTilgang):
        hent_personoversikt(avh, aktor, person_id_for(avh, verden.p2_ref), idag=IDAG, hvorfor="endret referanse")
    with pytest.raises(IngenTilgang):
        hent_personoversikt(avh, aktor, verden.p1 + 1, idag=IDAG, hvorfor="endret id")
    with pytest.raises(IngenTilgang):
        hent_plandetaljer(avh, aktor, verden.p2_ref, idag=IDAG)
    assert [h for _, _, h in _logg(avh, verden.p2)] == ["nektet", "nektet", "nektet"]


def test_avsluttet_koordinatoroppdrag_gir_ikke_lenger_tilgang(verden: Verden, avh: Avhengigheter) -> None:
    from modeller.tabeller import Koordinatoroppdrag

    aktor = _aktor(avh, verden, "koordinator")
    with arbeidsenhet(avh.motor) as okt:
        oppdrag = okt.exec(select(Koordinatoroppdrag).where(Koordinatoroppdrag.person_id == verden.p1)).one()
        oppdrag.til = date(2027, 2, 28)
        okt.add(oppdrag)
    with pytest.raises(IngenTilgang):
        hent_personoversikt(avh, aktor, verden.p1, idag=IDAG, hvorfor="etter oppdraget")
    with lesing(avh.motor) as okt:
        assert okt.exec(select(func.count()).select_from(Tilgangslogg).where(
            Tilgangslogg.person_id == verden.p1, Tilgangslogg.handling == "nektet")).one() == 1


@pytest.mark.parametrize("bruker", BRUKERE)
def test_driftsstatus_bare_for_leder_og_admin(verden: Verden, avh: Avhengigheter, bruker: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Driftssiden («drift» i SIDER for leder og admin) og bruksområdet bak den slipper inn de samme rollene."""
    from dashbord.tilstand import SIDE
    from modeller.tjenester.drift import driftsstatus
    from tests.smtp_fiks import ledig_port

    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{ledig_port()}/api")
    aktor = _aktor(avh, verden, bruker)
    na = datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert SIDE["drift"].roller == {Rolle.LEDER, Rolle.ADMIN}
    if aktor.rolle in SIDE["drift"].roller:
        assert driftsstatus(avh, aktor, na=na).prefect_feil
    else:
        with pytest.raises(IngenTilgang):
            driftsstatus(avh, aktor, na=na)
