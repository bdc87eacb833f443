"""Funnene om møteplikt: KE-gruppen (minimum 4 i året, 004 L184) og månedlig samhandlingsforum (004 L224).

Gjennomførte møter i gruppene av riktig type fra 1. januar til og med periodens sluttdato hentes (få rader),
gjøres om til datoer i Oslo og vurderes av de rene reglene i `modeller.regler.moteplikt`.
"""

from datetime import date

from sqlmodel import Session, col, select

from modeller.kalender import lokal_dato
from modeller.regler.begreper import Gruppetype, Motestatus
from modeller.regler.moteplikt import KILDE_FORUM, KILDE_KE, vurder_ke_gruppe, vurder_samhandlingsforum
from modeller.regler.nokkeltall import ke_gruppe_status, samhandlingsforum_status
from modeller.tabeller import Gruppe, Mote
from modeller.tjenester.leder.typer import Fordeling, Funn, Kontekst


def _motedatoer(okt: Session, k: Kontekst, gruppetype: Gruppetype) -> list[date]:
    """Datoene (Oslo) for gjennomførte møter i året fram til og med `k.dato`."""
    starter = okt.exec(select(Mote.start).join(Gruppe, col(Gruppe.id) == col(Mote.gruppe_id)).where(
        col(Gruppe.gruppetype) == gruppetype, col(Mote.status) == Motestatus.GJENNOMFORT,
        col(Mote.start) >= k.arets_start_utc, col(Mote.start) < k.slutt_utc))
    return sorted(lokal_dato(s) for s in starter)


def _per_kvartal(per_kvartal: tuple[int, int, int, int]) -> tuple[Fordeling, ...]:
    return tuple(Fordeling("kvartal", f"{nr}. kvartal", antall) for nr, antall in enumerate(per_kvartal, start=1))


def ke_gruppe(okt: Session, k: Kontekst) -> Funn:
    """KE-gruppens møter hittil i året mot minimum, med taktadvarsel for kvartaler uten møte."""
    datoer = _motedatoer(okt, k, Gruppetype.KE_GRUPPE)
    status = vurder_ke_gruppe(datoer, ar=k.periode.ar, idag=k.regeldag, regelverk=k.regelverk)
    minimum = k.regelverk.ke_gruppe_min_moter_per_ar
    return Funn(
        kode="ke_gruppe", tittel="KE-gruppens møter",
        regel=f"KE-gruppen (den rådgivende gruppen) skal møtes minst {minimum} ganger i året, og helst minst "
              "én gang hvert kvartal så minimum nås.",
        kilde=f"{KILDE_KE} («Gruppa møtes minimum 4 ganger i året»); kilderegler.md §2.3, §3.11",
        status=ke_gruppe_status(status, idag=k.regeldag), antall=status.antall,
        merknader=(f"{status.antall} av minimum {minimum} møter holdt i {k.periode.ar} per {k.dato:%d.%m.%Y}.",
                   *status.advarsler),
        fordeling=_per_kvartal(status.per_kvartal))


def samhandlingsforum(okt: Session, k: Kontekst) -> Funn:
    """Samhandlingsforum hittil i året: hver avsluttet måned skal ha hatt møte."""
    datoer = _motedatoer(okt, k, Gruppetype.SAMHANDLINGSFORUM)
    status = vurder_samhandlingsforum(datoer, ar=k.periode.ar, idag=k.regeldag, regelverk=k.regelverk)
    return Funn(
        kode="samhandlingsforum", tittel="Samhandlingsforum",
        regel="Samhandlingsforumet mellom helse-, omsorg- og oppvekstetaten, der koordinerende enhet deltar, "
              "skal holdes hver måned.",
        kilde=f"{KILDE_FORUM}–230 («Månedlig samhandlingsform»); kilderegler.md §3.12",
        status=samhandlingsforum_status(status), antall=status.antall,
        merknader=(f"{status.antall} møter holdt i {k.periode.ar} per {k.dato:%d.%m.%Y}.", *status.advarsler),
        fordeling=_per_kvartal(status.per_kvartal))
