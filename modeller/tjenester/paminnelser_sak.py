"""Påminnelser om saken og oppgavekøen: revurdering, klagefrist, foreløpig svar, forfalte og eskalerte oppgaver.

Mottakeren er saksbehandleren (Systembruker.epost via Sak.saksbehandler_id) eller KEs felles adresse;
forfalte oppgaver går til eieren, eskalerte til KE-lederne. Kilder: kilderegler.md §7.13.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select, update
from sqlalchemy.orm import join
from sqlmodel import col

from modeller.regler.begreper import OPPGAVETEKST, Oppgavestatus, Oppgavetype, Rolle
from modeller.regler.frister import forelopig_svar_dato
from modeller.regler.paminnelser import eskaleringsdato
from modeller.tabeller import Klage, Oppgave, Person, Sak, Systembruker, Tjenesteyter, Vedtak
from modeller.tjenester.paminnelser_felles import (
    Mottaker,
    Planlegger,
    gyldig_samtykke,
    hent,
    samtykke_ikke_avslatt,
    siste_innenfor,
)

AVSLUTTET_SAK = "avsluttet"
APEN_SAK = "apen"


def _saksbehandler(p: Planlegger, epost: str | None, malform: str | None) -> Mottaker:
    """Saksbehandleren når saken har en med e-post, ellers KEs felles adresse."""
    return Mottaker(epost, malform, "saksbehandler") if epost else p.ke


def _med_saksbehandler(fra: Any, *kolonner: Any) -> Any:
    """SELECT fra `fra` (som inneholder Sak) med saksbehandlerens e-post og målform (via koblet tjenesteyter)."""
    return (
        select(*kolonner, col(Systembruker.epost), col(Tjenesteyter.malform)).select_from(fra)
        .outerjoin(Systembruker, and_(col(Systembruker.id) == col(Sak.saksbehandler_id),
                                      col(Systembruker.aktiv).is_(True)))
        .outerjoin(Tjenesteyter, col(Tjenesteyter.id) == col(Systembruker.tjenesteyter_id))
    )


def _vedtaksfrist(p: Planlegger, varseltype: str, kolonne: Any, *vilkar: ColumnElement[bool]) -> None:
    """Felles for fristene på et vedtak som ikke er erstattet, i en sak som ikke er avsluttet."""
    fra, til = p.vindu_for()
    rader = hent(
        p.okt,
        _med_saksbehandler(join(Vedtak, Sak, col(Sak.id) == col(Vedtak.sak_id)),
                           col(Vedtak.id), kolonne, col(Vedtak.person_id), col(Sak.referanse))
        .where(kolonne.between(fra, til), col(Vedtak.erstattet_av_id).is_(None), col(Sak.status) != AVSLUTTET_SAK,
               gyldig_samtykke(Vedtak.person_id, p.dato), *vilkar)
    )
    for vedtak_id, frist, person_id, referanse, epost, malform in rader:
        if (r := p.for_frist(frist)) is not None:
            p.legg_inn(varseltype, mottaker=_saksbehandler(p, epost, malform), paminnelse=r, referanse=referanse,
                       objekt_type="vedtak", objekt_id=vedtak_id, person_id=person_id, frist=frist)


def vedtak_revurdering(p: Planlegger) -> None:
    """Vedtaket skal revurderes (minst hver 12. måned; 003_e8b2068bec45c70c.txt L515–517) → saksbehandler."""
    _vedtaksfrist(p, "vedtak_revurdering", col(Vedtak.revurdering_dato))


def klagefrist_nar(p: Planlegger) -> None:
    """Klagefristen for vedtaket går snart ut og ingen klage er registrert (kilderegler.md §3.10) → saksbehandler."""
    ingen_klage = not_(exists().where(col(Klage.vedtak_id) == col(Vedtak.id)))
    _vedtaksfrist(p, "klagefrist_nar", col(Vedtak.klagefrist), ingen_klage)


def forelopig_svar_nar(p: Planlegger) -> None:
    """Åpen sak uten vedtak nærmer seg fire uker (fvl § 11 a; 003_e8b2068bec45c70c.txt L187–188) → saksbehandler.

    Vinduet på «mottatt» er fristvinduet flyttet tilbake med regelens uker; selve fristen kommer fra regelen.
    """
    forskyvning = timedelta(weeks=p.avh.regelverk.forelopig_svar_uker)
    fra, til = (d - forskyvning for d in p.vindu_for())
    rader = hent(
        p.okt,
        _med_saksbehandler(Sak, col(Sak.id), col(Sak.mottatt), col(Sak.person_id), col(Sak.referanse))
        .where(col(Sak.status) == APEN_SAK, col(Sak.mottatt).between(fra, til),
               col(Sak.forelopig_svar_sendt).is_(None), not_(exists().where(col(Vedtak.sak_id) == col(Sak.id))),
               samtykke_ikke_avslatt(Sak.person_id, p.dato))
    )
    for sak_id, mottatt, person_id, referanse, epost, malform in rader:
        frist = forelopig_svar_dato(mottatt, p.avh.regelverk)
        if (r := p.for_frist(frist)) is not None:
            p.legg_inn("forelopig_svar_nar", mottaker=_saksbehandler(p, epost, malform), paminnelse=r,
                       referanse=referanse, objekt_type="sak", objekt_id=sak_id, person_id=person_id, frist=frist)


def _oppgavereferanse(sak_ref: str | None, person_ref: str | None, oppgave_id: int | None) -> str:
    """Sakens eller personens anonyme referanse; oppgaver uten sak og person får «O-<id>»."""
    return sak_ref or person_ref or f"O-{oppgave_id}"


def _forfalte_oppgaver(fra: date, til: date, *kolonner: Any, dato: date) -> Any:
    """Åpne oppgaver med frist i vinduet, med referansene og samtykkefilteret for «inntak»."""
    return (
        select(col(Oppgave.id), col(Oppgave.frist), col(Oppgave.oppgavetype), col(Oppgave.person_id),
               col(Sak.referanse), col(Person.referanse), *kolonner).select_from(Oppgave)
        .outerjoin(Sak, col(Sak.id) == col(Oppgave.sak_id))
        .outerjoin(Person, col(Person.id) == col(Oppgave.person_id))
        .where(col(Oppgave.status) == Oppgavestatus.APEN, col(Oppgave.frist).between(fra, til),
               or_(col(Oppgave.person_id).is_(None), samtykke_ikke_avslatt(Oppgave.person_id, dato)))
    )


def oppgave_forfalt(p: Planlegger) -> None:
    """Oppgave med eier er over fristen → eierens e-post, første virkedag etter fristen.

    «Skriv referat» har sin egen påminnelse (referat_mangler) og tas ikke med her.
    """
    fra, til = p.vindu_etter(1)
    rader = hent(
        p.okt,
        _forfalte_oppgaver(fra, til, Systembruker.epost, Tjenesteyter.malform, dato=p.dato)
        .join(Systembruker, col(Systembruker.id) == col(Oppgave.eier_id))
        .outerjoin(Tjenesteyter, col(Tjenesteyter.id) == col(Systembruker.tjenesteyter_id))
        .where(col(Systembruker.aktiv).is_(True), col(Systembruker.epost).is_not(None),
               col(Oppgave.oppgavetype) != Oppgavetype.SKRIV_REFERAT)
    )
    for oppgave_id, frist, oppgavetype, person_id, sak_ref, person_ref, epost, malform in rader:
        if (r := p.etter_frist(frist)) is not None:
            p.legg_inn("oppgave_forfalt", mottaker=Mottaker(epost, malform, "ansvarlig for oppgaven"), paminnelse=r,
                       referanse=_oppgavereferanse(sak_ref, person_ref, oppgave_id), objekt_type="oppgave",
                       objekt_id=oppgave_id, person_id=person_id, frist=frist, dager=(p.dato - frist).days,
                       oppgavetype_tekst=OPPGAVETEKST.get(oppgavetype, "Oppgave"))


def oppgave_eskalert(p: Planlegger) -> None:
    """Oppgave som fortsatt er åpen `eskalering_dager_etter` dager etter fristen → KE-lederne (tolkning, M02).

    Oppgaven merkes med eskaleringsdatoen. Oppgaver som allerede ligger i lederkøen, eskaleres ikke.
    """
    etter = p.avh.regelverk.eskalering_dager_etter
    fra, til = p.vindu_etter(etter)
    rader = hent(
        p.okt,
        _forfalte_oppgaver(fra, til, dato=p.dato)
        .where(not_(and_(col(Oppgave.eier_id).is_(None), col(Oppgave.eier_rolle) == Rolle.LEDER)))
    )
    ledere = [Mottaker(epost, malform, "leder for koordinerende enhet") for epost, malform in hent(
        p.okt,
        select(col(Systembruker.epost), col(Tjenesteyter.malform))
        .outerjoin(Tjenesteyter, col(Tjenesteyter.id) == col(Systembruker.tjenesteyter_id))
        .where(col(Systembruker.rolle) == Rolle.LEDER, col(Systembruker.aktiv).is_(True),
               col(Systembruker.epost).is_not(None)).order_by(col(Systembruker.id))
    ) if epost] if rader else []
    for oppgave_id, frist, oppgavetype, person_id, sak_ref, person_ref in rader:
        r = siste_innenfor([eskaleringsdato(frist, p.avh.regelverk, fridager=p.fridager)], p.dato)
        if r is None:
            continue
        p.okt.exec(update(Oppgave).where(col(Oppgave.id) == oppgave_id, col(Oppgave.eskalert).is_(None))
                   .values(eskalert=r))
        for leder in ledere:
            p.legg_inn("oppgave_eskalert", mottaker=leder, paminnelse=r,
                       referanse=_oppgavereferanse(sak_ref, person_ref, oppgave_id), objekt_type="oppgave",
                       objekt_id=oppgave_id, person_id=person_id, frist=frist, dager=(p.dato - frist).days,
                       oppgavetype_tekst=OPPGAVETEKST.get(oppgavetype, "Oppgave"))
