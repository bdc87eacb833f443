"""Funnene om saker, planer og koordinatorer i kvartalskontrollen: én SQL-spørring per funn (lovkrav K28).

Alle tall gjelder per `Kontekst.dato` (kvartalets siste dag, eller i dag i et løpende kvartal). Der tabellene
har tidsstempler, rekonstrueres tilstanden på den datoen (oppgaver fullført senere, vedtak fattet senere, klager
avgjort senere, opplæring gitt senere). Planer, tiltak og vedtak har bare gjeldende datoer: en revisjon eller
evaluering som er gjort etter perioden, flytter datoen, så en senere omkjøring av et gammelt kvartal ser bare
det som fortsatt er forfalt. Derfor lagres rapporten som et øyeblikksbilde (se `kvartal`).

Spørringene henter bare det som er forfalt (indekserte datokolonner), så kostnaden følger avvikene.
"""

from collections import Counter
from datetime import timedelta

from sqlalchemy import and_, exists, func, or_
from sqlmodel import Session, col, select

from modeller.regler.begreper import OPPGAVETEKST, Koordinatorrolle, Oppgavestatus, Planstatus
from modeller.regler.frister import forelopig_svar_dato
from modeller.regler.nokkeltall import funnstatus, oppsummer
from modeller.tabeller import (
    IndividuellPlan,
    Klage,
    Koordinatoroppdrag,
    Oppgave,
    Person,
    Sak,
    Systembruker,
    Tiltak,
    Tjenesteyter,
    Vedtak,
)
from modeller.tjenester.leder.typer import Fordeling, Funn, Kontekst
from modeller.tjenester.vedtak import INNVILGET

LEDELSE = "Forskrift om ledelse og kvalitetsforbedring i helse- og omsorgstjenesten §§ 6–9; lovkrav K28"
KO = Koordinatoroppdrag


def _unike(referanser: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(referanser)))


def forfalte_oppgaver(okt: Session, k: Kontekst) -> Funn:
    """Oppgaver med frist før datoen som var åpne da (åpne nå, eller fullført etter datoen), per type og eier."""
    apen_da = or_(col(Oppgave.status) == Oppgavestatus.APEN,
                  and_(col(Oppgave.status) == Oppgavestatus.FULLFORT, col(Oppgave.fullfort) >= k.slutt_utc))
    vilkar = (col(Oppgave.frist) < k.dato, apen_da)
    rader = okt.exec(select(Oppgave.oppgavetype, Oppgave.eier_rolle, Systembruker.brukernavn, func.count())
                     .outerjoin(Systembruker, col(Systembruker.id) == col(Oppgave.eier_id)).where(*vilkar)
                     .group_by(col(Oppgave.oppgavetype), col(Oppgave.eier_rolle), col(Systembruker.brukernavn))).all()
    per_type: Counter[str] = Counter()
    per_eier: Counter[str] = Counter()
    for oppgavetype, rolle, brukernavn, antall in rader:
        per_type[OPPGAVETEKST.get(oppgavetype, oppgavetype)] += int(antall)
        per_eier[brukernavn or f"rolle {rolle}"] += int(antall)
    referanser = okt.exec(select(Person.referanse).join(Oppgave, col(Oppgave.person_id) == col(Person.id))
                          .where(*vilkar)).all()
    antall = sum(per_type.values())
    return Funn(
        kode="forfalte_oppgaver", tittel="Forfalte oppgaver",
        regel="Oppgaver i køen skal gjøres innen fristen; lederen følger opp forfalt arbeid og retter det "
              "(planlegge, gjennomføre, evaluere, korrigere).",
        kilde=LEDELSE, status=funnstatus(antall), antall=antall, saker=_unike(list(referanser)),
        fordeling=tuple(Fordeling("type", n, a) for n, a in sorted(per_type.items(), key=lambda x: (-x[1], x[0])))
        + tuple(Fordeling("eier", n, a) for n, a in sorted(per_eier.items(), key=lambda x: (-x[1], x[0]))))


def plan_revisjon(okt: Session, k: Kontekst) -> Funn:
    """Aktive planer med neste revisjon før datoen (§ 19 g; K12)."""
    P = IndividuellPlan
    referanser = list(okt.exec(select(P.referanse).where(col(P.status) == Planstatus.AKTIV,
                                                         col(P.neste_revisjon) < k.dato)))
    return Funn(
        kode="plan_revisjon", tittel="Planer som skulle vært revidert",
        regel="En aktiv individuell plan skal revideres innen datoen for neste revisjon.",
        kilde="Forskrift om habilitering og rehabilitering, individuell plan og koordinator § 19 g; "
              "002_846d8582fcb76fa6.txt L355; lovkrav K12",
        status=funnstatus(len(referanser), len(referanser)), antall=len(referanser), saker=_unike(referanser))


def tiltak_evaluering(okt: Session, k: Kontekst) -> Funn:
    """Aktive tiltak i aktive planer med evalueringsdato før datoen (§ 19 e–f; K15)."""
    referanser = list(okt.exec(select(IndividuellPlan.referanse).join(
        Tiltak, col(Tiltak.plan_id) == col(IndividuellPlan.id)).where(
        col(Tiltak.status) == "aktiv", col(IndividuellPlan.status) == Planstatus.AKTIV,
        col(Tiltak.evalueringsdato) < k.dato)))
    return Funn(
        kode="tiltak_evaluering", tittel="Tiltak som skulle vært evaluert",
        regel="Hvert tiltak i planen har en ansvarlig og en dato for evaluering; tiltaket skal evalueres innen "
              "den datoen.",
        kilde="Forskrift om habilitering og rehabilitering § 19 e–f; 002_846d8582fcb76fa6.txt L355; lovkrav K15",
        status=funnstatus(len(referanser), len(referanser)), antall=len(referanser), saker=_unike(referanser),
        merknader=(f"{len(set(referanser))} planer har tiltak som skulle vært evaluert.",) if referanser else ())


def vedtak_revurdering(okt: Session, k: Kontekst) -> Funn:
    """Gjeldende innvilgede vedtak i saker som ikke var avsluttet, med revurderingsdato før datoen (003 L515–517)."""
    referanser = list(okt.exec(select(Sak.referanse).join(Vedtak, col(Vedtak.sak_id) == col(Sak.id)).where(
        col(Vedtak.utfall).in_(INNVILGET), col(Vedtak.erstattet_av_id).is_(None), col(Vedtak.revurdering_dato) < k.dato,
        or_(col(Sak.avsluttet).is_(None), col(Sak.avsluttet) > k.dato))))
    return Funn(
        kode="vedtak_revurdering", tittel="Vedtak som skulle vært revurdert",
        regel=f"Vedtak skal revurderes minst hver {k.regelverk.revurdering_maneder}. måned, innen "
              "revurderingsdatoen.",
        kilde="003_e8b2068bec45c70c.txt L515–517; kilderegler.md §3.15 punkt 7",
        status=funnstatus(len(referanser), len(referanser)), antall=len(referanser), saker=_unike(referanser))


def forelopig_svar(okt: Session, k: Kontekst) -> Funn:
    """Saker uten vedtak per datoen der fristen for foreløpig svar er passert; brudd når svaret mangler."""
    # Litt slingringsmonn i SQL; den eksakte fristen regnes av regelen under (om den flyttes til en virkedag).
    grense = k.dato - timedelta(weeks=k.regelverk.forelopig_svar_uker)
    rader = okt.exec(select(col(Sak.referanse), col(Sak.mottatt), col(Sak.forelopig_svar_sendt)).where(
        col(Sak.mottatt) < grense + timedelta(days=7), or_(col(Sak.avsluttet).is_(None), col(Sak.avsluttet) > k.dato),
        ~exists().where(col(Vedtak.sak_id) == col(Sak.id), col(Vedtak.fattet_dato) <= k.dato))).all()
    forfalt = [(ref, svar) for ref, mottatt, svar in rader if forelopig_svar_dato(mottatt, k.regelverk) < k.dato]
    uten_svar = sum(1 for _, svar in forfalt if svar is None or svar > k.dato)
    uker = k.regelverk.forelopig_svar_uker
    return Funn(
        kode="forelopig_svar", tittel=f"Saker uten vedtak etter {uker} uker",
        regel=f"Er saken ikke avgjort innen {uker} uker etter at meldingen kom, skal det sendes et skriftlig "
              "foreløpig svar med grunnen og når vedtak kan ventes.",
        kilde="Forvaltningsloven § 11 a; 003_e8b2068bec45c70c.txt L187–188; lovkrav K16",
        status=funnstatus(len(forfalt), uten_svar), antall=len(forfalt), saker=_unike([r for r, _ in forfalt]),
        merknader=(f"{uten_svar} av dem har ikke fått foreløpig svar.",) if forfalt else ())


def apne_klager(okt: Session, k: Kontekst) -> Funn:
    """Klager mottatt og ikke avgjort per datoen, med alder i dager og hvor de ligger."""
    rader = okt.exec(select(col(Sak.referanse), col(Klage.mottatt), col(Klage.oversendt_dato))
                     .join(Vedtak, col(Vedtak.id) == col(Klage.vedtak_id)).join(Sak, col(Sak.id) == col(Vedtak.sak_id))
                     .where(col(Klage.mottatt) <= k.dato,
                            or_(col(Klage.avgjort_dato).is_(None), col(Klage.avgjort_dato) > k.dato))).all()
    alder = oppsummer(Counter((k.dato - mottatt).days for _, mottatt, _ in rader))
    oversendt = sum(1 for _, _, dato in rader if dato is not None and dato <= k.dato)
    merknader = (f"Eldste åpne klage er {alder.maks} dager gammel; median alder {alder.median} dager.",
                 ) if rader else ()
    return Funn(
        kode="klager", tittel="Åpne klager",
        regel="En klage skal forberedes uten ugrunnet opphold: KE vurderer den og omgjør vedtaket eller sender "
              "klagen til klageinstansen.",
        kilde="Pasient- og brukerrettighetsloven §§ 7-2, 7-5; forvaltningsloven §§ 28–33; lovkrav K18–K19",
        status=funnstatus(len(rader)), antall=len(rader), saker=_unike([r for r, _, _ in rader]), merknader=merknader,
        fordeling=(Fordeling("status", "til behandling i KE", len(rader) - oversendt),
                   Fordeling("status", "oversendt klageinstansen", oversendt)) if rader else ())


def koordinator_opplaering(okt: Session, k: Kontekst) -> Funn:
    """Koordinatorer med aktivt oppdrag uten opplæring per datoen; brudd når fristen for opplæring er ute."""
    aktiv = (col(KO.fra) <= k.dato, or_(col(KO.til).is_(None), col(KO.til) >= k.dato),
             or_(col(Tjenesteyter.opplaering_dato).is_(None), col(Tjenesteyter.opplaering_dato) > k.dato))
    forste = okt.exec(select(Tjenesteyter.id, func.min(KO.fra)).join(KO, col(KO.tjenesteyter_id) == col(
        Tjenesteyter.id)).where(*aktiv).group_by(col(Tjenesteyter.id))).all()
    frist = timedelta(days=k.regelverk.opplaering_frist_dager)
    for_sent = sum(1 for _, fra in forste if fra + frist < k.dato)
    referanser = okt.exec(select(Person.referanse).join(KO, col(KO.person_id) == col(Person.id)).join(
        Tjenesteyter, col(Tjenesteyter.id) == col(KO.tjenesteyter_id)).where(*aktiv)).all()
    return Funn(
        kode="koordinator_opplaering", tittel="Koordinatorer uten opplæring",
        regel="Koordinerende enhet sørger for opplæring og veiledning av koordinatorer; en koordinator skal ha "
              f"fått opplæring innen {k.regelverk.opplaering_frist_dager} dager etter oppnevningen.",
        kilde="001_c5df1bb6b580be91.txt L909–910; 003_e8b2068bec45c70c.txt L1641–1642; lovkrav K9",
        status=funnstatus(len(forste), for_sent), antall=len(forste), saker=_unike(list(referanser)),
        merknader=(f"{for_sent} av dem har hatt oppdrag lenger enn fristen for opplæring; de har til sammen "
                   f"{len(set(referanser))} personer.",) if forste else ())


def barnekoordinator_overgang(okt: Session, k: Kontekst) -> Funn:
    """Barnekoordinatoroppdrag som ender (18-årsdagen) innen overgangsvinduet etter datoen (001 L785; K10)."""
    dager = k.regelverk.barnekoordinator_overgang_dager
    referanser = list(okt.exec(select(Person.referanse).join(KO, col(KO.person_id) == col(Person.id)).where(
        col(KO.rolle) == Koordinatorrolle.BARNEKOORDINATOR, col(KO.fra) <= k.dato,
        or_(col(KO.til).is_(None), col(KO.til) > k.dato), col(KO.planlagt_slutt) > k.dato,
        col(KO.planlagt_slutt) <= k.dato + timedelta(days=dager))))
    return Funn(
        kode="barnekoordinator_overgang", tittel="Barnekoordinator som snart slutter",
        regel=f"Plikten til barnekoordinator gjelder til barnet fyller {k.regelverk.barnekoordinator_sluttalder} år; "
              f"overgangen til vanlig koordinator eller avslutning planlegges de siste {dager} dagene.",
        kilde="001_c5df1bb6b580be91.txt L785; pasient- og brukerrettighetsloven § 2-5 c; lovkrav K10",
        status=funnstatus(len(referanser)), antall=len(referanser), saker=_unike(referanser))
