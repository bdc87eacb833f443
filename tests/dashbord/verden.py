"""En liten, kjent verden for dashbordtestene: brukere i alle roller, to koordinatorer og tre personer.

Radene skrives direkte (ikke gjennom bruksområdene), så testene vet nøyaktig hva som finnes.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy.engine import Engine
from sqlmodel import Session

from modeller.db import arbeidsenhet
from modeller.passord import hash_passord
from modeller.regler.begreper import Koordinatorrolle, Oppgavetype, Rolle, SamtykkeGiver, Sektor
from modeller.regler.identitet import lag_identitetsnummer
from modeller.tabeller import (
    Koordinatoroppdrag,
    Oppgave,
    Person,
    Sak,
    Samtykke,
    Systembruker,
    Tjenesteyter,
    Virksomhet,
)

_hash = cache(hash_passord)  # argon2 er bevisst tregt; samme hash holder for testene
IDAG = date(2027, 3, 1)
NA = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class Verden:
    """Id-ene testene trenger."""

    koordinator: int
    koordinator2: int
    saksbehandler: int
    saksbehandler2: int
    leder: int
    admin: int
    ty1: int
    ty2: int
    p1: int
    p2: int
    p3: int
    p1_ref: str
    p2_ref: str
    p3_ref: str
    sak1: int
    oppgave1: int
    oppgave2: int


def _fnr(fodt: date, individ: int) -> str:
    for i in range(individ, individ + 40):
        nummer = lag_identitetsnummer(fodt, i)
        if nummer:
            return nummer
    raise AssertionError("fant ikke et gyldig nummer")


def _bruker(okt: Session, brukernavn: str, rolle: Rolle, ty: int | None = None, aktiv: bool = True) -> int:
    b = Systembruker(brukernavn=brukernavn, navn=brukernavn.capitalize(), rolle=rolle, epost=f"{brukernavn}@k.no",
                     passord_hash=_hash(brukernavn), tjenesteyter_id=ty, aktiv=aktiv)
    okt.add(b)
    okt.flush()
    assert b.id is not None
    return b.id


def _person(okt: Session, fornavn: str, etternavn: str, fodt: date, individ: int) -> Person:
    p = Person(fornavn=fornavn, etternavn=etternavn, fodselsdato=fodt, identitetsnummer=_fnr(fodt, individ))
    okt.add(p)
    okt.flush()
    return p


def _oppdrag(okt: Session, person_id: int, ty: int) -> None:
    okt.add(Koordinatoroppdrag(person_id=person_id, tjenesteyter_id=ty, rolle=Koordinatorrolle.KOORDINATOR,
                               fra=date(2026, 1, 1)))


def _samtykke(okt: Session, person_id: int) -> None:
    okt.add(Samtykke(person_id=person_id, gitt_av=SamtykkeGiver.SELV, gitt_av_navn="Personen selv",
                     omfang_koordinator=True, omfang_ip=True, omfang_deling=True, gitt=date(2026, 1, 1)))


def _oppgave(okt: Session, eier: int, person_id: int, frist: date, nokkel: str) -> int:
    o = Oppgave(oppgavetype=Oppgavetype.EVALUER_TILTAK, tittel="Evaluer tiltak", nokkel=nokkel, eier_id=eier,
                frist=frist, person_id=person_id, objekt_type="person", objekt_id=person_id)
    okt.add(o)
    okt.flush()
    assert o.id is not None
    return o.id


def lag_verden(motor: Engine) -> Verden:
    """Skriv verdenen i databasen og gi id-ene."""
    with arbeidsenhet(motor) as okt:
        v = Virksomhet(navn="Helse og omsorg", sektor=Sektor.HELSE)
        okt.add(v)
        okt.flush()
        assert v.id is not None
        tyer = [Tjenesteyter(navn=n, epost=f"{n.split()[0].lower()}@k.no", virksomhet_id=v.id,
                             kan_vaere_koordinator=True) for n in ("Kari Koordinator", "Ola Koordinator")]
        okt.add_all(tyer)
        okt.flush()
        ty1, ty2 = (t.id for t in tyer)
        assert ty1 is not None and ty2 is not None
        ids = {n: _bruker(okt, n, r, t) for n, r, t in (
            ("koordinator", Rolle.KOORDINATOR, ty1), ("koordinator2", Rolle.KOORDINATOR, ty2),
            ("saksbehandler", Rolle.SAKSBEHANDLER, None), ("saksbehandler2", Rolle.SAKSBEHANDLER, None),
            ("leder", Rolle.LEDER, None), ("admin", Rolle.ADMIN, None))}
        p1 = _person(okt, "Anna", "Ås", date(1990, 5, 17), 100)
        p2 = _person(okt, "Bjørn", "Berg", date(1985, 2, 3), 200)
        p3 = _person(okt, "Cecilie", "Dahl", date(2001, 8, 9), 500)
        for p, ty in ((p1, ty1), (p2, ty2)):
            assert p.id is not None
            _oppdrag(okt, p.id, ty)
            _samtykke(okt, p.id)
        assert p1.id and p2.id and p3.id
        sak = Sak(person_id=p1.id, mottatt=date(2027, 1, 10), saksbehandler_id=ids["saksbehandler"])
        okt.add(sak)
        okt.add(Sak(person_id=p2.id, mottatt=date(2027, 1, 12), saksbehandler_id=ids["saksbehandler2"]))
        okt.flush()
        assert sak.id is not None
        o1 = _oppgave(okt, ids["koordinator"], p1.id, date(2027, 2, 20), "test|1")
        o2 = _oppgave(okt, ids["koordinator2"], p2.id, date(2027, 3, 20), "test|2")
        return Verden(koordinator=ids["koordinator"], koordinator2=ids["koordinator2"],
                      saksbehandler=ids["saksbehandler"], saksbehandler2=ids["saksbehandler2"], leder=ids["leder"],
                      admin=ids["admin"], ty1=ty1, ty2=ty2, p1=p1.id, p2=p2.id, p3=p3.id, p1_ref=p1.referanse,
                      p2_ref=p2.referanse, p3_ref=p3.referanse, sak1=sak.id, oppgave1=o1, oppgave2=o2)
