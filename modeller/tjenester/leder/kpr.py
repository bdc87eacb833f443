"""KPR/IPLOS-eksport: «har individuell plan» og «har koordinator» per person per 31.12 (lovkrav K23).

Kommunen rapporterer til Kommunalt pasient- og brukerregister (KPR, FHI fra 1.1.2024) i vinduet 2.–15. januar
(forskrift om KPR; lovkrav-og-forbilder.md R31–R33). Filen har fødselsnummer og er derfor:

* den ENESTE utdataen med fødselsnummer; den skrives til `datamappe/eksport` med rettighetene 0600 (mappen 0700),
  først som midlertidig fil som flyttes på plass når tilgangsloggen er lagret;
* bare for leder, og logget: én rad per eksportert person (handling «eksport», skrevet med executemany i samme
  transaksjon), så innsyn i logg viser eksporten for hver person (Normen), og én sammendragsrad med antall.

Hvem som er med: personer KE har arbeidet med i året (en sak mottatt innen 31.12 og ikke avsluttet før 1.1), og
alle som har individuell plan eller koordinator per 31.12. Personer uten identitetsnummer kan ikke rapporteres
og telles for seg. Kolonnene står i docs/kpr-eksport.md.
"""

import csv
import os
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import exists, insert, or_, select
from sqlmodel import Session, col

from modeller.db import arbeidsenhet
from modeller.kalender import lokal_dato
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Koordinatorrolle
from modeller.tabeller import IndividuellPlan, Koordinatoroppdrag, Person, Sak, Tilgangslogg
from modeller.tjenester.feil import Valideringsfeil
from modeller.tjenester.leder.kvartal import krev_leder
from modeller.tjenester.leder.nokkeltall import oppdrag_gjelder, plan_gjelder
from modeller.tjenester.tilgang import Aktor, logg

KOLONNER = ("identitetsnummer", "har_individuell_plan", "har_koordinator", "har_barnekoordinator", "kommunenummer",
            "rapportar")
BATCH = 2000
HVORFOR = "årlig rapportering til KPR/IPLOS (2.–15. januar)"
KO = Koordinatoroppdrag


@dataclass(frozen=True)
class Kpreksport:
    """Filen som ble skrevet og hva den inneholder (bare antall)."""

    sti: Path
    ar: int
    antall: int
    med_ip: int
    med_koordinator: int
    med_barnekoordinator: int
    uten_identitetsnummer: int


def _utvalg(ar: int, sist: int) -> Any:
    """Neste batch personer (id > sist) med flaggene per 31.12, sortert på id (nøkkelsett-paginering)."""
    slutt, start = date(ar, 12, 31), date(ar, 1, 1)
    har_ip = exists().where(col(IndividuellPlan.person_id) == col(Person.id), plan_gjelder(slutt))
    har_ko = exists().where(col(KO.person_id) == col(Person.id), oppdrag_gjelder(slutt))
    har_bk = exists().where(col(KO.person_id) == col(Person.id), oppdrag_gjelder(slutt),
                            col(KO.rolle) == Koordinatorrolle.BARNEKOORDINATOR)
    i_ke = exists().where(col(Sak.person_id) == col(Person.id), col(Sak.mottatt) <= slutt,
                          or_(col(Sak.avsluttet).is_(None), col(Sak.avsluttet) >= start))
    return select(col(Person.id), col(Person.identitetsnummer), har_ip.label("ip"), har_ko.label("ko"),
                  har_bk.label("bk")).where(col(Person.id) > sist, or_(i_ke, har_ip, har_ko)).order_by(
        col(Person.id)).limit(BATCH)


def _sikker_mappe(mappe: Path) -> None:
    mappe.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(mappe, 0o700)


def _jn(verdi: object) -> str:
    return "J" if verdi else "N"


def _skriv(okt: Session, fil: TextIO, avh: Avhengigheter, aktor: Aktor, ar: int, na: datetime) -> Counter[str]:
    """Skriv radene og én loggrad per eksportert person; gir tellerne (antall, ip, ko, bk, uten_ident)."""
    skriver = csv.writer(fil, delimiter=";", lineterminator="\r\n")
    skriver.writerow(KOLONNER)
    teller: Counter[str] = Counter()
    kommune, sist = avh.innstillinger.kommunenummer, 0
    while True:
        rader = okt.execute(_utvalg(ar, sist)).all()
        logg_rader = []
        for pid, ident, ip, ko, bk in rader:
            if not ident:
                teller["uten_ident"] += 1
                continue
            skriver.writerow((ident, _jn(ip), _jn(ko), _jn(bk), kommune, ar))
            teller.update(antall=1, ip=int(bool(ip)), ko=int(bool(ko)), bk=int(bool(bk)))
            logg_rader.append({"opprettet": na, "tidspunkt": na, "aktor_id": aktor.id, "aktor": aktor.navn,
                               "rolle": str(aktor.rolle), "person_id": pid, "handling": "eksport",
                               "hva": f"KPR-eksport {ar}: IP- og koordinatorflagg", "hvorfor": HVORFOR,
                               "okt": aktor.okt})
        if logg_rader:
            okt.connection().execute(insert(Tilgangslogg.__table__), logg_rader)  # type: ignore[attr-defined]
        if len(rader) < BATCH:
            return teller
        sist = int(rader[-1][0])


def kpr_eksport(avh: Avhengigheter, aktor: Aktor, *, ar: int, na: datetime) -> Kpreksport:
    """Skriv KPR-filen for `ar` (status per 31.12) til datamappen; bare leder, hver person logges."""
    if not 2000 <= ar <= lokal_dato(na).year:
        raise Valideringsfeil.en("år", f"Året må være mellom 2000 og {lokal_dato(na).year}.")
    krev_leder(avh, aktor, f"KPR-eksport {ar}")
    mappe = avh.innstillinger.datamappe / "eksport"
    _sikker_mappe(mappe)
    sti = mappe / f"kpr-{avh.innstillinger.kommunenummer}-{ar}.csv"
    midlertidig = mappe / f".{sti.name}.{secrets.token_hex(6)}.tmp"
    try:
        with arbeidsenhet(avh.motor) as okt:
            fd = os.open(midlertidig, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fil:
                t = _skriv(okt, fil, avh, aktor, ar, na)
            logg(okt, aktor, None, "eksport", f"KPR-eksport {ar}: {t['antall']} personer ({t['ip']} med IP, "
                 f"{t['ko']} med koordinator, {t['bk']} med barnekoordinator)", HVORFOR)
        os.replace(midlertidig, sti)
        os.chmod(sti, 0o600)
    finally:
        midlertidig.unlink(missing_ok=True)
    return Kpreksport(sti=sti, ar=ar, antall=t["antall"], med_ip=t["ip"], med_koordinator=t["ko"],
                      med_barnekoordinator=t["bk"], uten_identitetsnummer=t["uten_ident"])

