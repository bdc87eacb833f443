"""Felles for påminnelsesplanleggingen: datovindu, samtykkefilter, mottakere og innlegging i utboksen.

Vindu (tolkning, dokumentert her): en påminnelse har en dato r (en virkedag, se modeller.regler.paminnelser).
Kjøringen for referansedato d lager påminnelsen når r ≤ d ≤ r + INNHENTING_DAGER, og bare den siste slike
datoen for samme frist; påminnelser før en frist lages ikke etter fristen. En daglig kjøring lager derfor
akkurat dagens påminnelser, og en kjøring etter noen dager uten planlegging (feil, påske) henter inn den
siste påminnelsen som skulle vært laget, uten å sende de eldre i tillegg. Nøkkelen i utboksen gjør at en
ny kjøring for samme dag aldri gir duplikater (sikkerhet-og-drift.md §3.1, R-TZ3).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, not_, or_, select
from sqlalchemy.sql.base import Executable
from sqlmodel import Session, col

from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Malform
from modeller.regler.paminnelser import paminnelsesdatoer
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import Evaluering, Koordinatoroppdrag, Person, Samtykke, Tjenesteyter
from modeller.tjenester.utboks import legg_i_utboks

# En påminnelse som ikke ble laget på sin dag, hentes inn så lenge den er høyst en uke gammel.
INNHENTING_DAGER = 7
# Helg og helligdager kan flytte en påminnelse noen dager (påsken: opptil fem); vinduet i SQL er romslig.
SLAKK = timedelta(days=7)

# Samtykkekrav per varseltype (lovkrav K3–K6; sikkerhet-og-drift.md §6 rad 9). Standard er gyldig samtykke.
# «Inntak»: gyldig samtykke, eller ingen samtykke registrert ennå. Foreløpig svar og forfalte oppgaver
# gjelder også saker som venter på samtykke (fvl § 11 a); et trukket eller utløpt samtykke stopper dem.
SAMTYKKE_INNTAK = frozenset({"forelopig_svar_nar", "oppgave_forfalt", "oppgave_eskalert"})
# Unntatt: en avlysning fjerner møtet fra kalenderne (stanser behandling); kvartalsrapporten gjelder ingen person.
SAMTYKKE_UNNTATT = frozenset({"mote_avlyst", "kvartalsrapport"})

KE_ROLLE = "saksbehandler i koordinerende enhet"


def gyldig_samtykke(person_id: Any, dato: date) -> ColumnElement[bool]:
    """Personen har et samtykke som gjelder på datoen: gitt ≤ d, ikke trukket og ikke utløpt (lovkrav K3–K6)."""
    return exists().where(
        col(Samtykke.person_id) == person_id,
        col(Samtykke.gitt) <= dato,
        or_(col(Samtykke.trukket).is_(None), col(Samtykke.trukket) > dato),
        or_(col(Samtykke.gyldig_til).is_(None), col(Samtykke.gyldig_til) >= dato),
    )


def samtykke_ikke_avslatt(person_id: Any, dato: date) -> ColumnElement[bool]:
    """Gyldig samtykke, eller ingen samtykke registrert ennå (saken er i inntak)."""
    noen = exists().where(col(Samtykke.person_id) == person_id, col(Samtykke.gitt) <= dato)
    return or_(gyldig_samtykke(person_id, dato), not_(noen))


def hent(okt: Session, setning: Executable) -> list[Any]:
    """Kjør en SELECT med flere kolonner i øktens transaksjon (sqlmodel.exec har ikke typer for mange kolonner)."""
    okt.flush()
    return list(okt.connection().execute(setning).all())


def siste_innenfor(datoer: Sequence[date], dato: date) -> date | None:
    """Den siste påminnelsesdatoen ≤ dato, når den ikke er eldre enn innhentingsvinduet."""
    passerte = [r for r in datoer if r <= dato]
    if not passerte or (dato - passerte[-1]).days > INNHENTING_DAGER:
        return None
    return passerte[-1]


@dataclass(frozen=True)
class Mottaker:
    """En mottaker fra registeret (aldri fritekst, R-MAIL3), med målform og rollen e-posten nevner."""

    epost: str
    malform: str | None
    rolle: str


@dataclass
class Planlegger:
    """Det utløserne trenger for én kjøring: økt, dato, innstillinger, helligdager og tellingen."""

    okt: Session
    avh: Avhengigheter
    dato: date
    antall: Counter[str] = field(default_factory=Counter)
    fridager: frozenset[date] = field(init=False)

    def __post_init__(self) -> None:
        """Helligdagene rundt referansedatoen hentes én gang."""
        self.fridager = self.avh.fridager_rundt(self.dato)

    @property
    def dager_for(self) -> tuple[int, ...]:
        """Dager før en frist det sendes påminnelse (Regelverk.paminnelse_dager_for, standard 14 og 2)."""
        return tuple(self.avh.regelverk.paminnelse_dager_for)

    @property
    def ke(self) -> Mottaker:
        """KEs felles adresse (avsenderadressen), for saker uten egen mottaker."""
        return Mottaker(self.avh.innstillinger.smtp_avsender, None, KE_ROLLE)

    def vindu_for(self, ekstra_dager: int = 0) -> tuple[date, date]:
        """Fristene som kan ha en påminnelse i dag: fra i dag til lengste varsel (+ slakk for helg)."""
        lengst = max((*self.dager_for, ekstra_dager, 0))
        return self.dato, self.dato + timedelta(days=lengst) + SLAKK

    def vindu_etter(self, dager_etter: int) -> tuple[date, date]:
        """Fristene som kan ha en påminnelse `dager_etter` dager etter fristen, medregnet innhenting."""
        siste = self.dato - timedelta(days=dager_etter)
        return siste - timedelta(days=INNHENTING_DAGER) - SLAKK, siste

    def for_frist(self, frist: date, ekstra: Iterable[date] = ()) -> date | None:
        """Påminnelsen før fristen som gjelder i dag (eller None)."""
        if self.dato > frist:
            return None
        datoer = sorted({*paminnelsesdatoer(frist, self.dager_for, self.fridager), *ekstra})
        return siste_innenfor(datoer, self.dato)

    def etter_frist(self, frist: date, dager_etter: int = 1) -> date | None:
        """Påminnelsen på første virkedag minst `dager_etter` dager etter fristen, hvis den gjelder i dag."""
        return siste_innenfor([neste_virkedag(frist + timedelta(days=dager_etter), self.fridager)], self.dato)

    def lenke(self, referanse: str) -> str:
        """Lenke til dashbordet med den anonyme referansen (aldri fødselsnummer eller navn i URL-en)."""
        return f"{self.avh.innstillinger.dashbord_url.rstrip('/')}/?ref={referanse}"

    def koordinatorer(self, person_ids: Iterable[int | None]) -> dict[int, Mottaker]:
        """Gjeldende koordinator per person (nyeste oppdrag vinner), i én spørring."""
        ids = {p for p in person_ids if p is not None}
        if not ids:
            return {}
        rader = hent(self.okt,
            select(col(Koordinatoroppdrag.person_id), col(Tjenesteyter.epost), col(Tjenesteyter.malform))
            .join(Tjenesteyter, col(Tjenesteyter.id) == col(Koordinatoroppdrag.tjenesteyter_id))
            .where(col(Koordinatoroppdrag.person_id).in_(ids), col(Koordinatoroppdrag.fra) <= self.dato,
                   or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= self.dato),
                   col(Tjenesteyter.aktiv).is_(True))
            .order_by(col(Koordinatoroppdrag.fra), col(Koordinatoroppdrag.id))
        )
        return {pid: Mottaker(epost, malform, "koordinator") for pid, epost, malform in rader}

    def referanser(self, person_ids: Iterable[int | None]) -> dict[int, str]:
        """Personens anonyme referanse (P-…), i én spørring."""
        ids = {p for p in person_ids if p is not None}
        if not ids:
            return {}
        rader = hent(self.okt, select(col(Person.id), col(Person.referanse)).where(col(Person.id).in_(ids)))
        return {pid: ref for pid, ref in rader if pid is not None}

    def siste_evalueringer(self, tiltak_ids: Iterable[int | None]) -> dict[int, date]:
        """Siste evalueringsdato per tiltak, i én spørring."""
        ids = {t for t in tiltak_ids if t is not None}
        if not ids:
            return {}
        rader = hent(self.okt,
            select(col(Evaluering.tiltak_id), func.max(Evaluering.dato))
            .where(col(Evaluering.tiltak_id).in_(ids)).group_by(col(Evaluering.tiltak_id))
        )
        return {tid: d for tid, d in rader if d is not None}

    def legg_inn(self, varseltype: str, *, mottaker: Mottaker, paminnelse: date, referanse: str, objekt_type: str,
                 objekt_id: int | None, person_id: int | None, kopi: Mottaker | None = None,
                 **felt: object) -> None:
        """Legg én påminnelse i utboksen med bare tillatte, ikke-personlige felt (R-MAIL1, R-MAIL2)."""
        innst = self.avh.innstillinger
        kontekst: dict[str, object] = {
            "referanse": referanse, "lenke": self.lenke(referanse), "kommunenavn": innst.kommunenavn,
            "ke_navn": innst.ke_navn, "mottakerrolle": mottaker.rolle, **felt,
        }
        kopi_epost = kopi.epost if kopi and kopi.epost.strip().lower() != mottaker.epost.strip().lower() else None
        rad = legg_i_utboks(
            self.okt, varseltype=varseltype, mottaker_epost=mottaker.epost, forfallsdato=paminnelse,
            objekt_type=objekt_type, objekt_id=objekt_id, kontekst=kontekst,
            malform=Malform(mottaker.malform or innst.malform), person_id=person_id, kopi_epost=kopi_epost,
        )
        if rad is not None:
            self.antall[varseltype] += 1
