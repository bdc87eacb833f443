"""Testverden for lederens kvartalskontroll: rader skrives rett i tabellene (ekte database), med kjente avvik.

`bygg_kvartalsverden` lager 1. kvartal 2027 med akkurat de avvikene testene regner med (se kommentarene ved
hvert objekt; D = 31.03.2027). `bygg_moter` lager bare møter i KE-gruppen og samhandlingsforum. Testene i
denne filen sjekker at byggeren selv gir det den lover.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from modeller.db import arbeidsenhet, lesing
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import (
    Gruppetype,
    Klagerute,
    Klagestatus,
    Koordinatorrolle,
    Motestatus,
    Oppgavestatus,
    Planstatus,
    Rolle,
    Sektor,
    Tiltakstype,
    Utfall,
)
from modeller.regler.parametre import Regelverk
from modeller.tabeller import (
    Evaluering,
    Gruppe,
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Mote,
    Oppgave,
    Person,
    Sak,
    Systembruker,
    Tiltak,
    Tjenesteyter,
    Vedtak,
    Virksomhet,
)
from tests.db_fiks import url_for

LEDER_EPOST = "leder@kommune.example"
ETTER_Q1 = datetime(2027, 4, 2, 6, tzinfo=UTC)  # kl. 08 i Oslo 2. april 2027


def lag_avh(motor: Engine, mappe: Path) -> Avhengigheter:
    """Avhengigheter mot testdatabasen med en https-lenke til dashbordet."""
    innst = Innstillinger(datamappe=mappe, database_url=url_for(motor), dashbord_url="https://enheten.kommune.example",
                          kommunenavn="Testkommune", kommunenummer="1839")
    return Avhengigheter(innstillinger=innst, motor=motor, regelverk=Regelverk())


@dataclass
class Verden:
    """Id-er og referanser (ugjennomsiktige) etter navn."""

    ider: dict[str, int] = field(default_factory=dict)
    ref: dict[str, str] = field(default_factory=dict)


class Bygger:
    """Små hjelpere som skriver én rad og husker id og referanse."""

    def __init__(self, okt: Session, v: Verden) -> None:
        self.okt, self.v = okt, v

    def ny(self, navn: str, rad: Any) -> int:
        self.okt.add(rad)
        self.okt.flush()
        self.v.ider[navn] = int(rad.id)
        if hasattr(rad, "referanse"):
            self.v.ref[navn] = rad.referanse
        return int(rad.id)

    def yter(self, navn: str, opplaering: date | None = None) -> int:
        if "virksomhet" not in self.v.ider:
            self.ny("virksomhet", Virksomhet(navn="Helse og omsorg", sektor=Sektor.HELSE))
        return self.ny(navn, Tjenesteyter(navn=f"Yter {navn}", epost=f"{navn.lower()}@kommune.example",
                                          virksomhet_id=self.v.ider["virksomhet"], kan_vaere_koordinator=True,
                                          opplaering_dato=opplaering))

    def bruker(self, navn: str, rolle: Rolle, epost: str | None = None, aktiv: bool = True,
               tjenesteyter: str | None = None) -> int:
        return self.ny(navn, Systembruker(brukernavn=navn, navn=f"Bruker {navn}", epost=epost, rolle=rolle,
                                          aktiv=aktiv, tjenesteyter_id=self.v.ider.get(tjenesteyter or "")))

    def person(self, navn: str, ident: str | None = None) -> int:
        return self.ny(navn, Person(fornavn="Test", etternavn=f"Person {navn}", fodselsdato=date(2000, 1, 1),
                                    identitetsnummer=ident))

    def sak(self, navn: str, person: str, mottatt: date, **felt: Any) -> int:
        return self.ny(navn, Sak(person_id=self.v.ider[person], mottatt=mottatt, **felt))

    def vedtak(self, navn: str, sak: str, fattet: date, *, tiltak: Tiltakstype = Tiltakstype.IP,
               utfall: Utfall = Utfall.INNVILGET, revurdering: date | None = None, **felt: Any) -> int:
        s = self.okt.get(Sak, self.v.ider[sak])
        assert s is not None and s.id is not None
        return self.ny(navn, Vedtak(sak_id=s.id, person_id=s.person_id, tiltak=tiltak, utfall=utfall, fattet_av="sb",
                                    fattet_dato=fattet, klagerute=Klagerute.PBRL, revurdering_dato=revurdering,
                                    **felt))

    def plan(self, navn: str, person: str, status: Planstatus, **felt: Any) -> int:
        return self.ny(navn, IndividuellPlan(person_id=self.v.ider[person], referanse=f"IP-{navn.upper():0>8}"[:11],
                                             status=status, **felt))

    def tiltak(self, navn: str, plan: str, evalueringsdato: date, status: str = "aktiv") -> int:
        return self.ny(navn, Tiltak(plan_id=self.v.ider[plan], beskrivelse="Trening", ansvarlig_id=self.v.ider[
            "T1"], start=date(2026, 1, 1), evalueringsdato=evalueringsdato, status=status))

    def evaluering(self, tiltak: str, dato: date, neste: date | None, frist: date | None = None) -> None:
        self.okt.add(Evaluering(tiltak_id=self.v.ider[tiltak], dato=dato, frist=frist, vurdering="Ok",
                                neste_evalueringsdato=neste))

    def oppdrag(self, person: str, yter: str, fra: date, *, rolle: Koordinatorrolle = Koordinatorrolle.KOORDINATOR,
                til: date | None = None, planlagt_slutt: date | None = None) -> None:
        self.okt.add(Koordinatoroppdrag(person_id=self.v.ider[person], tjenesteyter_id=self.v.ider[yter], rolle=rolle,
                                        fra=fra, til=til, planlagt_slutt=planlagt_slutt))

    def gruppe(self, navn: str, gruppetype: Gruppetype, opprettet: date, person: str | None = None,
               avsluttet: date | None = None) -> int:
        return self.ny(navn, Gruppe(gruppetype=gruppetype, navn=navn, opprettet_dato=opprettet,
                                    person_id=self.v.ider[person] if person else None, avsluttet_dato=avsluttet))

    def mote(self, gruppe: str, dag: date, status: Motestatus = Motestatus.GJENNOMFORT) -> None:
        start = lokalt_tidspunkt(dag, time(10))
        self.okt.add(Mote(gruppe_id=self.v.ider[gruppe], start=start, slutt=start + timedelta(hours=1),
                          status=status, uid=f"{uuid.uuid4()}@test"))

    def oppgave(self, navn: str, oppgavetype: str, frist: date, *, status: Oppgavestatus = Oppgavestatus.APEN,
                person: str | None = None, eier: str | None = None, rolle: Rolle | None = None,
                fullfort: datetime | None = None) -> None:
        self.okt.add(Oppgave(oppgavetype=oppgavetype, tittel=oppgavetype, nokkel=navn, frist=frist, status=status,
                             person_id=self.v.ider[person] if person else None, eier_id=self.v.ider.get(eier or ""),
                             eier_rolle=rolle, fullfort=fullfort))

    def klage(self, vedtak: str, mottatt: date, status: Klagestatus, *, oversendt: date | None = None,
              avgjort: date | None = None) -> None:
        self.okt.add(Klage(vedtak_id=self.v.ider[vedtak], mottatt=mottatt, status=status, oversendt_dato=oversendt,
                           avgjort_dato=avgjort))


def bygg_moter(motor: Engine, *, ke: Sequence[date], forum: Sequence[date] = ()) -> Verden:
    """Bare KE-gruppen og samhandlingsforum med gjennomførte møter på datoene, og én leder med e-post."""
    v = Verden()
    with arbeidsenhet(motor) as okt:
        b = Bygger(okt, v)
        b.bruker("leder", Rolle.LEDER, LEDER_EPOST)
        b.gruppe("ke", Gruppetype.KE_GRUPPE, date(2020, 1, 1))
        b.gruppe("forum", Gruppetype.SAMHANDLINGSFORUM, date(2020, 1, 1))
        for dag in ke:
            b.mote("ke", dag)
        for dag in forum:
            b.mote("forum", dag)
    return v


def _aktorer(b: Bygger) -> None:
    b.yter("T1", opplaering=date(2026, 1, 1))
    for navn in ("T2", "T3", "T4"):
        b.yter(navn)
    b.yter("T5", opplaering=date(2027, 5, 1))  # opplæring etter D: uten opplæring per D
    b.bruker("leder", Rolle.LEDER, LEDER_EPOST)
    b.bruker("leder2", Rolle.LEDER)  # ingen e-post: får ingen e-post
    b.bruker("gammel", Rolle.LEDER, "gammel.leder@kommune.example", aktiv=False)
    b.bruker("sb", Rolle.SAKSBEHANDLER, "sb@kommune.example")
    b.bruker("koord", Rolle.KOORDINATOR, "koord@kommune.example", tjenesteyter="T1")
    for navn in "ABCDEFGHIJKLMN":
        b.person(f"p{navn}")


def _moter(b: Bygger) -> None:
    b.gruppe("ke", Gruppetype.KE_GRUPPE, date(2020, 1, 1))
    b.gruppe("forum", Gruppetype.SAMHANDLINGSFORUM, date(2020, 1, 1))
    b.gruppe("ag", Gruppetype.ANSVARSGRUPPE, date(2026, 1, 1), person="pA")
    for dag in (date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 3, 23), date(2026, 11, 10)):
        b.mote("ke", dag)
    b.mote("ke", date(2027, 3, 16), Motestatus.AVLYST)
    b.mote("ke", date(2027, 4, 20), Motestatus.PLANLAGT)
    b.mote("forum", date(2027, 1, 15))
    b.mote("forum", date(2027, 3, 15))  # februar mangler → brudd
    b.mote("ag", date(2027, 2, 2))  # ansvarsgruppe teller ikke


def _oppgaver(b: Bygger) -> None:
    b.oppgave("o1", "evaluer_tiltak", date(2027, 3, 1), person="pA", eier="koord")             # teller
    b.oppgave("o2", "vedtak_revurdering", date(2027, 2, 15), person="pB", rolle=Rolle.SAKSBEHANDLER)  # teller
    b.oppgave("o3", "send_forelopig_svar", date(2027, 3, 10), person="pC", rolle=Rolle.SAKSBEHANDLER,
              status=Oppgavestatus.FULLFORT, fullfort=datetime(2027, 4, 1, 10, tzinfo=UTC))  # åpen per D: teller
    b.oppgave("o4", "plan_revisjon", date(2027, 3, 5), person="pD", rolle=Rolle.KOORDINATOR,
              status=Oppgavestatus.FULLFORT, fullfort=datetime(2027, 3, 20, 10, tzinfo=UTC))
    b.oppgave("o5", "evaluer_tiltak", date(2027, 4, 10), person="pA", rolle=Rolle.KOORDINATOR)
    b.oppgave("o6", "evaluer_tiltak", date(2027, 1, 10), person="pA", rolle=Rolle.KOORDINATOR,
              status=Oppgavestatus.AVBRUTT)
    b.oppgave("o7", "koordinatoropplaering", date(2027, 3, 31), rolle=Rolle.LEDER)  # frist = D: ikke forfalt
    b.oppgave("o8", "skriv_referat", date(2027, 3, 30), rolle=Rolle.LEDER)  # teller, uten person


def _planer(b: Bygger) -> None:
    b.plan("ip1", "pA", Planstatus.AKTIV, neste_revisjon=date(2027, 3, 15))   # revisjon forfalt
    b.plan("ip2", "pB", Planstatus.AKTIV, neste_revisjon=date(2027, 4, 15))
    b.plan("ip3", "pC", Planstatus.AVSLUTTET, neste_revisjon=date(2027, 1, 10), avsluttet_dato=date(2027, 1, 5))
    b.plan("ip4", "pD", Planstatus.UTKAST, neste_revisjon=date(2027, 2, 1))
    b.tiltak("tA", "ip1", date(2027, 3, 1))                        # forfalt
    b.tiltak("tB", "ip1", date(2027, 6, 1))
    b.tiltak("tC", "ip1", date(2027, 1, 1), status="avsluttet")
    b.tiltak("tD", "ip2", date(2027, 2, 1))                        # forfalt
    b.tiltak("tE", "ip3", date(2027, 1, 1))                        # planen er avsluttet


def _saker(b: Bygger) -> None:
    for navn, person in (("s1", "pA"), ("s2", "pB"), ("s3", "pC"), ("s5", "pE")):
        b.sak(navn, person, date(2026, 1, 10), status="vedtatt",
              avsluttet=date(2027, 3, 20) if navn == "s5" else None)
    b.sak("s6", "pF", date(2026, 1, 10), status="avsluttet", avsluttet=date(2027, 4, 10))
    b.vedtak("v1", "s1", date(2026, 2, 1), revurdering=date(2027, 3, 1))                      # revurdering forfalt
    b.vedtak("v2", "s2", date(2026, 2, 1), utfall=Utfall.AVSLAG, revurdering=date(2027, 1, 1))
    b.vedtak("v4", "s3", date(2027, 2, 1), revurdering=date(2028, 2, 1))
    b.vedtak("v3", "s3", date(2026, 2, 1), revurdering=date(2027, 2, 1), erstattet_av_id=b.v.ider["v4"])
    b.vedtak("v5", "s5", date(2026, 2, 1), utfall=Utfall.DELVIS, revurdering=date(2027, 3, 30))  # sak avsluttet
    b.vedtak("v6", "s6", date(2026, 3, 20), revurdering=date(2027, 3, 20))                    # sak åpen per D
    # Foreløpig svar: fristen er mottatt + 4 uker; forfalt når den er før D.
    b.sak("s10", "pG", date(2027, 2, 1))                                                      # uten svar
    b.sak("s11", "pH", date(2027, 2, 10), forelopig_svar_sendt=date(2027, 3, 5))              # med svar
    b.sak("s12", "pI", date(2027, 3, 10))                                                     # ikke forfalt
    b.sak("s13", "pJ", date(2027, 1, 5), status="vedtatt")                                    # vedtak etter D
    b.vedtak("v13", "s13", date(2027, 4, 10), revurdering=date(2028, 4, 10))
    b.sak("s14", "pK", date(2027, 1, 5), status="vedtatt")
    b.vedtak("v14", "s14", date(2027, 2, 1), revurdering=date(2028, 2, 1))
    b.sak("s15", "pL", date(2027, 1, 5), status="avsluttet", avsluttet=date(2027, 2, 20))
    b.sak("s16", "pM", date(2027, 3, 3))                                                      # frist = D
    b.sak("s17", "pN", date(2027, 3, 2), forelopig_svar_sendt=date(2027, 4, 5))               # svar etter D


def _klager(b: Bygger) -> None:
    b.klage("v1", date(2027, 3, 1), Klagestatus.MOTTATT)                                      # 30 dager
    b.klage("v2", date(2027, 1, 20), Klagestatus.OVERSENDT, oversendt=date(2027, 2, 10))      # 70 dager
    b.klage("v4", date(2027, 2, 1), Klagestatus.AVGJORT, oversendt=date(2027, 2, 10), avgjort=date(2027, 3, 15))
    b.klage("v6", date(2027, 2, 15), Klagestatus.AVGJORT, oversendt=date(2027, 4, 1), avgjort=date(2027, 4, 20))  # 44
    b.klage("v14", date(2027, 4, 5), Klagestatus.MOTTATT)                                     # etter D


def _oppdrag(b: Bygger) -> None:
    B = Koordinatorrolle.BARNEKOORDINATOR
    b.oppdrag("pA", "T1", date(2026, 2, 10))
    b.oppdrag("pB", "T2", date(2026, 12, 1))                        # uten opplæring, for lenge
    b.oppdrag("pC", "T3", date(2027, 3, 20))                        # uten opplæring, nylig
    b.oppdrag("pD", "T4", date(2026, 6, 1), til=date(2027, 1, 31))  # avsluttet
    b.oppdrag("pE", "T5", date(2026, 5, 1))                         # opplæring først etter D
    b.oppdrag("pF", "T2", date(2027, 1, 1), rolle=B, planlagt_slutt=date(2027, 5, 10))        # overgang snart
    b.oppdrag("pG", "T1", date(2027, 1, 1), rolle=B, planlagt_slutt=date(2027, 8, 1))
    b.oppdrag("pH", "T1", date(2026, 1, 1), rolle=B, til=date(2027, 3, 1), planlagt_slutt=date(2027, 4, 20))
    b.oppdrag("pI", "T1", date(2026, 1, 1), planlagt_slutt=date(2027, 5, 1))


def bygg_kvartalsverden(motor: Engine) -> Verden:
    """1. kvartal 2027 med kjente avvik i alle ti funnene (se kommentarene)."""
    v = Verden()
    with arbeidsenhet(motor) as okt:
        b = Bygger(okt, v)
        _aktorer(b)
        _moter(b)
        _oppgaver(b)
        _planer(b)
        _saker(b)
        _klager(b)
        _oppdrag(b)
    return v


def test_byggeren_lager_kvartalsverdenen(motor: Engine) -> None:
    v = bygg_kvartalsverden(motor)
    with lesing(motor) as okt:
        assert okt.exec(select(func.count()).select_from(Mote)).one() == 10
        assert okt.exec(select(func.count()).select_from(Sak)).one() == 13
        assert okt.exec(select(func.count()).select_from(Koordinatoroppdrag)).one() == 9
    assert v.ref["ip1"].startswith("IP-") and v.ref["pA"].startswith("P-") and v.ref["s1"].startswith("S-")


def test_byggeren_lager_bare_moter(motor: Engine) -> None:
    bygg_moter(motor, ke=[date(2027, 1, 12)], forum=[date(2027, 1, 15), date(2027, 2, 15)])
    with lesing(motor) as okt:
        assert okt.exec(select(func.count()).select_from(Mote)).one() == 3
        assert okt.exec(select(func.count()).select_from(Sak)).one() == 0
