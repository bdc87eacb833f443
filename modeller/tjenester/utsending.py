"""Send varsler: reserver forfalte rader i utboksen, sjekk samtykket, lag e-posten, send partiet, registrer utfallet.

Leveransen er minst én gang (sikkerhet-og-drift.md §3.1–3.5):

Klokka leses for hvert parti (skallet gir `klokke`), så leasen gjelder fra partiets eget tidspunkt, ikke fra
kjøringens start: en lang kjøring reserverer aldri rader med en lease som alt er ute.

1. Reservasjon: én portabel setning `WITH ledige AS [MATERIALIZED] (SELECT id … ORDER BY neste_forsok, id
   LIMIT n [FOR UPDATE SKIP LOCKED]) UPDATE varsel SET status='sender', tatt_av, lease_til=nå+lease, forsok+1
   WHERE id IN (SELECT id FROM ledige) AND <fortsatt ledig> RETURNING id`.
   PostgreSQL hopper over låste rader; SQLite har én skriver om gangen (BEGIN IMMEDIATE i modeller.db), og
   vilkåret gjentas utenfor underspørringen (sammenlign-og-sett). To utsendere tar aldri samme rad.
2. Samtykket sjekkes på nytt for de reserverte radene; gjelder det ikke lenger, kanselleres raden.
3. Rett før sending fornyes leasen med et nytt sammenlign-og-sett (fortsatt vår og ikke utløpt); rader der
   leasen alt er ute, sendes ikke av denne utsenderen, og kjøringen stopper (neste kjøring tar dem).
4. Partiet sendes med ett kall til `Postsender.send_parti` (gjenbrukte forbindelser, begrenset samtidighet).
5. Utfallet registreres bare hvis raden fortsatt er vår (status «sender», samme arbeider), og bare rader
   setningen faktisk traff, telles: sendt → «sendt» med Message-ID og tidspunkt; midlertidig (4xx,
   tidsavbrudd, nektet tilkobling) → «venter» med eksponentiell ventetid; permanent (5xx, ugyldig mal) eller
   for mange forsøk → «dod» og en oppgave «varsel_feilet» til KE. En død rad sendes aldri automatisk igjen
   (se varsler.send_pa_nytt).

Stopper utsenderen etter reservasjonen, tas radene igjen når leasen er ute; da kan en e-post som faktisk gikk
ut, bli sendt én gang til (det dokumenterte tvetydige vinduet). Message-ID er stabil per rad, så mottakeren
kan kjenne igjen et duplikat. Ett parti (fra fornyelsen til utfallet er registrert) må bli ferdig innen
leasen (standard 15 min); kjøringen som helhet kan vare lenger.
"""

__all__ = ["LEASE", "MAKS_FORSOK", "Klokke", "Utsendingsresultat", "lag_postsender", "message_id",
           "reserver_varsler", "send_varsler", "send_varsler_async", "ventetid"]

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlmodel
from sqlalchemy import ColumnElement, and_, not_, or_, select, update
from sqlmodel import Session, col

from modeller.asynk import kjor_synkront
from modeller.db import arbeidsenhet
from modeller.epost import Postsender, Sendeutfall, SmtpOppsett, SmtpPostsender
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokal_dato, lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.paminnelser_felles import (
    SAMTYKKE_INNTAK,
    SAMTYKKE_UNNTATT,
    gyldig_samtykke,
    samtykke_ikke_avslatt,
)
from modeller.tjenester.utsending_registrering import MAKS_FORSOK, lag_eposter, registrer, ventetid

LEASE = timedelta(minutes=15)

# Skallets klokke (tidspunkt med tidssone, i UTC); leses for hvert parti.
Klokke = Callable[[], datetime]


@dataclass(frozen=True)
class Utsendingsresultat:
    """Hvor mange rader som ble sendt, fikk nytt forsøk senere, døde, ble kansellert eller mistet leasen."""

    sendt: int = 0
    midlertidig: int = 0
    dode: int = 0
    kansellert: int = 0
    utlopt: int = 0

    def __add__(self, annet: "Utsendingsresultat") -> "Utsendingsresultat":
        """Summerer to resultater (ett per parti)."""
        return Utsendingsresultat(self.sendt + annet.sendt, self.midlertidig + annet.midlertidig,
                                  self.dode + annet.dode, self.kansellert + annet.kansellert,
                                  self.utlopt + annet.utlopt)


def lag_postsender(innstillinger: Innstillinger) -> Postsender:
    """SMTP fra innstillingene; uten vert brukes den lokale mottakeren på 127.0.0.1 (tls «av»).

    TLS kreves ellers (ENHETEN_SMTP_TLS «starttls» eller «tls»); bare «av» slår det av (R-MAIL4).
    """
    lokal = innstillinger.smtp_host is None
    return SmtpPostsender(SmtpOppsett(
        vert="127.0.0.1" if lokal else str(innstillinger.smtp_host),
        port=innstillinger.lokal_smtp_port if lokal else innstillinger.smtp_port,
        tls="av" if lokal else innstillinger.smtp_tls,
        avsender=innstillinger.smtp_avsender,
        brukernavn=None if lokal else innstillinger.smtp_brukernavn,
        passord=None if lokal else innstillinger.smtp_passord,
        tidsavbrudd=innstillinger.smtp_tidsavbrudd,
        samtidighet=innstillinger.smtp_samtidighet,
    ))


def _kan_tas(na: datetime, til_dato: date | None) -> ColumnElement[bool]:
    """Ledig: venter og forfalt (ved omkjøring: første forsøk senest `til_dato`), eller utløpt lease."""
    forfalt = col(Varsel.neste_forsok) <= na
    if til_dato is not None:
        grense = lokalt_tidspunkt(til_dato + timedelta(days=1), time(0))
        forfalt = or_(forfalt, and_(col(Varsel.forsok) == 0, col(Varsel.neste_forsok) < grense))
    return or_(and_(col(Varsel.status) == Varselstatus.VENTER, forfalt),
               and_(col(Varsel.status) == Varselstatus.SENDER, col(Varsel.lease_til) < na))


def _reserver(okt: Session, *, na: datetime, arbeider: str, parti: int, til_dato: date | None,
              lease: timedelta) -> list[int]:
    """Den ene reservasjonssetningen (sammenlign-og-sett); gir id-ene som ble våre."""
    ledig = _kan_tas(na, til_dato)
    utvalg = select(col(Varsel.id)).where(ledig).order_by(col(Varsel.neste_forsok), col(Varsel.id)).limit(parti)
    postgres = okt.get_bind().dialect.name == "postgresql"
    if postgres:
        utvalg = utvalg.with_for_update(skip_locked=True)
    # MATERIALIZED: utvalget kjøres én gang. Som vanlig underspørring («id IN (SELECT … LIMIT n FOR UPDATE SKIP
    # LOCKED)») kan PostgreSQL velge en nested loop som kjører den på nytt per rad; rader setningen selv har
    # endret, regnes da som låst og hoppes over, og reservasjonen tar langt mer enn n rader (sett her: 10 av 4).
    ledige = utvalg.cte("ledige")
    if postgres:
        ledige = ledige.prefix_with("MATERIALIZED")
    setning = (
        update(Varsel).where(col(Varsel.id).in_(select(ledige.c.id)), ledig)
        .values(status=Varselstatus.SENDER, tatt_av=arbeider, lease_til=na + lease, forsok=col(Varsel.forsok) + 1)
        .returning(col(Varsel.id))
    )
    return sorted(int(i) for i in okt.connection().execute(setning).scalars() if i is not None)


def reserver_varsler(avh: Avhengigheter, *, na: datetime, arbeider: str, parti: int = 200,
                     til_dato: date | None = None, lease: timedelta = LEASE) -> list[int]:
    """Reserver opptil `parti` forfalte rader for `arbeider` (uten å sende dem); gir id-ene."""
    with arbeidsenhet(avh.motor) as okt:
        return _reserver(okt, na=na, arbeider=arbeider, parti=parti, til_dato=til_dato, lease=lease)


def _uten_samtykke(dato: date) -> ColumnElement[bool]:
    """Rader der personens samtykke ikke (lenger) tillater utsending (samme krav som planleggingen)."""
    person = col(Varsel.person_id)
    inntak = and_(col(Varsel.varseltype).in_(SAMTYKKE_INNTAK), not_(samtykke_ikke_avslatt(person, dato)))
    vanlig = and_(col(Varsel.varseltype).not_in(SAMTYKKE_INNTAK | SAMTYKKE_UNNTATT),
                  not_(gyldig_samtykke(person, dato)))
    return and_(person.is_not(None), or_(inntak, vanlig))


def _ta_parti(avh: Avhengigheter, *, na: datetime, arbeider: str, parti: int, til_dato: date | None,
              lease: timedelta) -> tuple[list[Varsel], int, int]:
    """Reserver et parti, kanseller rader uten gyldig samtykke; gir (rader å sende, reservert, kansellert)."""
    with arbeidsenhet(avh.motor) as okt:
        ids = _reserver(okt, na=na, arbeider=arbeider, parti=parti, til_dato=til_dato, lease=lease)
        if not ids:
            return [], 0, 0
        kansellert = okt.connection().execute(
            update(Varsel).where(col(Varsel.id).in_(ids), col(Varsel.tatt_av) == arbeider,
                                 _uten_samtykke(lokal_dato(na)))
            .values(status=Varselstatus.KANSELLERT, lease_til=None,
                    siste_feil="Samtykket gjelder ikke lenger; e-posten ble ikke sendt.")
        ).rowcount
        rader = list(okt.exec(sqlmodel.select(Varsel).where(col(Varsel.id).in_(ids),
                                                            col(Varsel.status) == Varselstatus.SENDER)))
        return rader, len(ids), int(kansellert or 0)


def message_id(varsel: Varsel, domene: str) -> str:
    """Stabil Message-ID per rad (samme ved nye forsøk), uten personopplysninger."""
    # Bare bokstaver i merket: ingen lange sifferrekker som kan ligne et fødselsnummer i en logg.
    merke = "".join(chr(ord("a") + b % 26) for b in hashlib.sha256(varsel.nokkel.encode("utf-8")).digest()[:16])
    return f"<varsel-{varsel.id}.{merke}@{domene}>"


def _forny_lease(avh: Avhengigheter, ider: Sequence[int], *, na: datetime, arbeider: str,
                 lease: timedelta) -> set[int]:
    """Forny leasen på radene som fortsatt er våre og ikke utløpt (sammenlign-og-sett); gir id-ene."""
    if not ider:
        return set()
    with arbeidsenhet(avh.motor) as okt:
        setning = (
            update(Varsel).where(col(Varsel.id).in_(ider), col(Varsel.status) == Varselstatus.SENDER,
                                 col(Varsel.tatt_av) == arbeider, col(Varsel.lease_til) > na)
            .values(lease_til=na + lease).returning(col(Varsel.id))
        )
        return {int(i) for i in okt.connection().execute(setning).scalars() if i is not None}


async def _send_parti(avh: Avhengigheter, postsender: Postsender, *, klokke: Klokke, arbeider: str,
                      til_dato: date | None, parti: int, lease: timedelta) -> tuple[Utsendingsresultat, bool]:
    """Ett parti med klokka lest for hvert steg; gir (telling, om kjøringen skal fortsette)."""
    domene = avh.innstillinger.smtp_avsender.rsplit("@", 1)[-1]
    rader, reservert, kansellert = _ta_parti(avh, na=klokke(), arbeider=arbeider, parti=parti, til_dato=til_dato,
                                             lease=lease)
    klare, malfeil = lag_eposter(rader, lambda v: message_id(v, domene))
    vare = _forny_lease(avh, [v.id or 0 for v, _ in klare], na=klokke(), arbeider=arbeider, lease=lease)
    sendes = [(v, e) for v, e in klare if v.id in vare]
    utfall: list[Sendeutfall] = await postsender.send_parti([e for _, e in sendes]) if sendes else []
    telling = registrer(avh, arbeider=arbeider, na=klokke(), klare=[v for v, _ in sendes], utfall=utfall,
                        malfeil=malfeil)
    utlopt = len(klare) - len(sendes)
    return Utsendingsresultat(kansellert=kansellert, utlopt=utlopt, **telling), reservert == parti and not utlopt


async def send_varsler_async(avh: Avhengigheter, postsender: Postsender, *, klokke: Klokke, arbeider: str,
                             til_dato: date | None = None, parti: int = 200, maks_partier: int = 50,
                             lease: timedelta = LEASE) -> Utsendingsresultat:
    """Send forfalte varsler parti for parti til utboksen er tom (eller `maks_partier` er nådd)."""
    if parti < 1 or maks_partier < 1:
        raise ValueError("parti og maks_partier må være minst 1.")
    totalt = Utsendingsresultat()
    for _ in range(maks_partier):
        telling, fortsett = await _send_parti(avh, postsender, klokke=klokke, arbeider=arbeider, til_dato=til_dato,
                                              parti=parti, lease=lease)
        totalt = totalt + telling
        if not fortsett:
            break
    return totalt


def send_varsler(avh: Avhengigheter, postsender: Postsender, *, klokke: Klokke, arbeider: str,
                 til_dato: date | None = None, parti: int = 200, maks_partier: int = 50,
                 lease: timedelta = LEASE) -> Utsendingsresultat:
    """Synkron inngang til `send_varsler_async` (CLI og synkrone Prefect-oppgaver).

    Kjører med asyncio.run; kalles den fra en tråd som allerede har en løkke (f.eks. en synkron oppgave i en
    asynkron flyt), kjøres korutinen i en egen tråd med egen løkke.
    """
    return kjor_synkront(send_varsler_async(avh, postsender, klokke=klokke, arbeider=arbeider, til_dato=til_dato,
                                            parti=parti, maks_partier=maks_partier, lease=lease))
