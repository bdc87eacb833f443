"""Testdata for påminnelser og utsending: én «verden» der hver datodrevne varseltype forfaller på DAG.

DAG er onsdag 10. februar 2027 (ingen helligdager i nærheten). FRIST = DAG + 14 dager (onsdag), så
påminnelsen «14 dager før» faller nøyaktig på DAG. Rader skrives direkte i tabellene (ekte database).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from modeller.db import arbeidsenhet
from modeller.epost import SmtpOppsett, SmtpPostsender
from modeller.innstillinger import Innstillinger
from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import (
    Gruppetype,
    Klagerute,
    Koordinatorrolle,
    Malform,
    Motestatus,
    Planstatus,
    Rolle,
    SamtykkeGiver,
    Sektor,
    Tiltakstype,
    Utfall,
)
from modeller.regler.parametre import Regelverk
from modeller.tabeller import (
    Gruppe,
    IndividuellPlan,
    Koordinatoroppdrag,
    Mal,
    Mote,
    Oppgave,
    Person,
    Sak,
    Samtykke,
    Systembruker,
    Tiltak,
    Tjeneste,
    Tjenestetype,
    Tjenesteyter,
    Vedtak,
    Virksomhet,
)
from tests.db_fiks import url_for

DAG = date(2027, 2, 10)
FRIST = DAG + timedelta(days=14)
AVSENDER = "ke@kommune.example"
ANSVARLIG = "ansvarlig@kommune.example"
KOORDINATOR = "koordinator@kommune.example"
BARNEKOORDINATOR = "barnekoordinator@kommune.example"
NY_KOORDINATOR = "ny.koordinator@kommune.example"
SAKSBEHANDLER = "saksbehandler@kommune.example"
LEDER = "leder@kommune.example"


def lag_avh(motor: Engine, mappe: Path, **innstillinger: Any) -> Avhengigheter:
    """Avhengigheter mot testdatabasen, med testens egne innstillinger."""
    innst = Innstillinger(datamappe=mappe, database_url=url_for(motor), smtp_avsender=AVSENDER,
                          dashbord_url="https://enheten.kommune.example", **innstillinger)
    return Avhengigheter(innstillinger=innst, motor=motor, regelverk=Regelverk())


def postsender(port: int, *, tls: str = "av", vert: str = "127.0.0.1") -> SmtpPostsender:
    """Ekte aiosmtplib-avsender mot en testtjener."""
    return SmtpPostsender(SmtpOppsett(vert=vert, port=port, tls=tls, avsender=AVSENDER, tidsavbrudd=5))


def kl(d: date, time_: int = 8) -> datetime:
    """Tidspunktet kl. `time_` i Oslo på dato `d`, som UTC."""
    return lokalt_tidspunkt(d, time(time_))


def fast(na: datetime) -> Callable[[], datetime]:
    """En klokke som står stille på `na` (for tester som spiller av ett bestemt tidspunkt)."""
    return lambda: na


@dataclass
class Personopplysninger:
    """Det som ikke skal lekke: navn, fødselsnummer, tjeneste og tiltakstekst."""

    fornavn: str = "Kari"
    etternavn: str = "Nordmann"
    identitetsnummer: str | None = None
    tjeneste: str = "Praktisk bistand"
    tiltakstekst: str = "Trening to ganger i uka"


@dataclass
class Verden:
    """Id-ene testene trenger, og forventet mottaker og kopi per varseltype."""

    ider: dict[str, int] = field(default_factory=dict)
    forventet: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def _ny(okt: Any, rad: Any) -> int:
    okt.add(rad)
    okt.flush()
    return int(rad.id)


def _aktorer(okt: Any, v: Verden, malform: Malform | None) -> None:
    virksomhet = _ny(okt, Virksomhet(navn="Helse og omsorg", sektor=Sektor.HELSE))
    for navn, epost, opplaering in (("ansvarlig", ANSVARLIG, DAG), ("koordinator", KOORDINATOR, DAG),
                                    ("barnekoordinator", BARNEKOORDINATOR, DAG), ("ny", NY_KOORDINATOR, None)):
        v.ider[navn] = _ny(okt, Tjenesteyter(navn=f"Tjenesteyter {navn}", epost=epost, virksomhet_id=virksomhet,
                                             malform=malform, opplaering_dato=opplaering))
    v.ider["virksomhet"] = virksomhet
    v.ider["saksbehandler"] = _ny(okt, Systembruker(brukernavn="sb", navn="Saksbehandler", epost=SAKSBEHANDLER,
                                                    rolle=Rolle.SAKSBEHANDLER))
    v.ider["leder"] = _ny(okt, Systembruker(brukernavn="leder", navn="Leder", epost=LEDER, rolle=Rolle.LEDER))


def _person(okt: Any, v: Verden, navn: str, *, fodselsdato: date, samtykke: bool = True,
            opplysninger: Personopplysninger | None = None) -> int:
    o = opplysninger or Personopplysninger()
    pid = _ny(okt, Person(fornavn=o.fornavn, etternavn=o.etternavn, fodselsdato=fodselsdato,
                          identitetsnummer=o.identitetsnummer if navn == "a" else None))
    if samtykke:
        v.ider[f"samtykke_{navn}"] = _ny(okt, Samtykke(
            person_id=pid, gitt_av=SamtykkeGiver.SELV, gitt_av_navn=f"{o.fornavn} {o.etternavn}",
            omfang_koordinator=True, omfang_ip=True, omfang_deling=True, gitt=date(2026, 1, 5)))
    v.ider[f"person_{navn}"] = pid
    return pid


def _plan_og_tiltak(okt: Any, v: Verden, pid: int, o: Personopplysninger) -> None:
    """Person A: plan, to tiltak, koordinator, vedtak, ansvarsgruppe med møte og oppgaver."""
    type_id = _ny(okt, Tjenestetype(kode="habilitering", navn=o.tjeneste, kategori="helse"))
    okt.add(Tjeneste(person_id=pid, tjenestetype_id=type_id, virksomhet_id=v.ider["virksomhet"], fra=date(2026, 1, 1)))
    sak = v.ider["sak_a"] = _ny(okt, Sak(person_id=pid, status="vedtatt", mottatt=date(2026, 1, 2),
                                         saksbehandler_id=v.ider["saksbehandler"]))
    plan = v.ider["plan"] = _ny(okt, IndividuellPlan(person_id=pid, referanse="IP-7F3A9C2K", status=Planstatus.AKTIV,
                                                     neste_revisjon=FRIST, ressurser_og_behov=o.tiltakstekst))
    mal = _ny(okt, Mal(plan_id=plan, beskrivelse=o.tiltakstekst))
    for navn, dato in (("tiltak_snart", FRIST), ("tiltak_forfalt", DAG - timedelta(days=1))):
        v.ider[navn] = _ny(okt, Tiltak(plan_id=plan, mal_id=mal, beskrivelse=o.tiltakstekst, ansvarlig_id=v.ider[
            "ansvarlig"], start=date(2026, 2, 1), evalueringsdato=dato))
    okt.add(Koordinatoroppdrag(person_id=pid, tjenesteyter_id=v.ider["koordinator"],
                               rolle=Koordinatorrolle.KOORDINATOR, fra=date(2026, 1, 10)))
    v.ider["vedtak"] = _ny(okt, Vedtak(sak_id=sak, person_id=pid, tiltak=Tiltakstype.IP, utfall=Utfall.INNVILGET,
                                       fattet_av="sb", fattet_dato=date(2026, 2, 24), klagerute=Klagerute.PBRL,
                                       klagefrist=FRIST, revurdering_dato=FRIST, begrunnelse=o.tiltakstekst))
    gruppe = _ny(okt, Gruppe(gruppetype=Gruppetype.ANSVARSGRUPPE, navn=f"Ansvarsgruppe {o.etternavn}", person_id=pid,
                             opprettet_dato=date(2026, 1, 10)))
    start = kl(DAG - timedelta(days=8), 10)
    v.ider["mote"] = _ny(okt, Mote(gruppe_id=gruppe, start=start, slutt=start + timedelta(hours=1),
                                   status=Motestatus.GJENNOMFORT, uid="mote-1@kommune.example"))


def _oppgaver(okt: Any, v: Verden, pid: int) -> None:
    v.ider["oppgave_referat"] = _ny(okt, Oppgave(
        oppgavetype="skriv_referat", tittel="Skriv referat", nokkel="t|referat", frist=DAG - timedelta(days=1),
        eier_rolle=Rolle.KOORDINATOR, person_id=pid, objekt_type="mote", objekt_id=v.ider["mote"]))
    v.ider["oppgave_forfalt"] = _ny(okt, Oppgave(
        oppgavetype="vedtak_revurdering", tittel="Revurder vedtak", nokkel="t|forfalt",
        frist=DAG - timedelta(days=1), eier_id=v.ider["saksbehandler"], person_id=pid, sak_id=v.ider["sak_a"]))
    v.ider["oppgave_eskalert"] = _ny(okt, Oppgave(
        oppgavetype="plan_revisjon", tittel="Revider plan", nokkel="t|eskalert", frist=DAG - timedelta(days=7),
        eier_rolle=Rolle.SAKSBEHANDLER, person_id=pid))


def bygg_verden(motor: Engine, *, malform: Malform | str | None = None,
                opplysninger: Personopplysninger | None = None) -> Verden:
    """Lag en verden der alle elleve datodrevne varseltyper forfaller på DAG."""
    o = opplysninger or Personopplysninger()
    v = Verden()
    with arbeidsenhet(motor) as okt:
        _aktorer(okt, v, Malform(malform) if malform else None)
        pid = _person(okt, v, "a", fodselsdato=date(1990, 5, 1), opplysninger=o)
        _plan_og_tiltak(okt, v, pid, o)
        _oppgaver(okt, v, pid)
        # Person B: ny sak uten vedtak og uten samtykke ennå (inntak), ingen saksbehandler → KEs adresse.
        pid_b = _person(okt, v, "b", fodselsdato=date(1985, 3, 3), samtykke=False, opplysninger=o)
        v.ider["sak_b"] = _ny(okt, Sak(person_id=pid_b, mottatt=FRIST - timedelta(weeks=4)))
        # Person C: barn som fyller 18 på FRIST, med barnekoordinator.
        pid_c = _person(okt, v, "c", fodselsdato=FRIST.replace(year=FRIST.year - 18), opplysninger=o)
        v.ider["oppdrag_barn"] = _ny(okt, Koordinatoroppdrag(
            person_id=pid_c, tjenesteyter_id=v.ider["barnekoordinator"], rolle=Koordinatorrolle.BARNEKOORDINATOR,
            fra=date(2020, 1, 1), planlagt_slutt=FRIST))
        # Person D: ny koordinator uten opplæring; fristen (30 dager) er FRIST.
        pid_d = _person(okt, v, "d", fodselsdato=date(1970, 8, 8), opplysninger=o)
        v.ider["oppdrag_ny"] = _ny(okt, Koordinatoroppdrag(
            person_id=pid_d, tjenesteyter_id=v.ider["ny"], rolle=Koordinatorrolle.KOORDINATOR,
            fra=FRIST - timedelta(days=30)))
    v.forventet = {
        "tiltak_evaluering_snart": (ANSVARLIG, KOORDINATOR),
        "tiltak_evaluering_forfalt": (ANSVARLIG, KOORDINATOR),
        "plan_revisjon": (KOORDINATOR, None),
        "vedtak_revurdering": (SAKSBEHANDLER, None),
        "klagefrist_nar": (SAKSBEHANDLER, None),
        "referat_mangler": (KOORDINATOR, None),
        "oppgave_forfalt": (SAKSBEHANDLER, None),
        "oppgave_eskalert": (LEDER, None),
        "forelopig_svar_nar": (AVSENDER, None),
        "barnekoordinator_overgang": (BARNEKOORDINATOR, AVSENDER),
        "opplaering_mangler": (NY_KOORDINATOR, AVSENDER),
    }
    return v
