"""Vedtak: fatte vedtak med klagerute, klagefrist og revurderingsdato, og legge neste steg i køen (K17–K20).

Klageruten følger tiltaket og tjenestetypens flagg (pbrl § 7-5, 4 uker; fvl § 29, 3 uker; kilderegler.md
§3.10, §8 punkt 1–3 og 23). Vedtak om koordinator får merknaden om at forvaltningsloven kapittel IV–V ikke
gjelder (pbrl § 2-7; lovkrav K20), men de kan påklages til Statsforvalteren. Foreløpig svar, underretning
og revurdering registreres i `modeller.tjenester.vedtaksfrister`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Klagerute, Oppgavetype, Rolle, Tiltakstype, Utfall
from modeller.regler.frister import klagefrist_for_vedtak, klageinstans_for, klagerute_for, revurderingsdato
from modeller.regler.identitet import alder
from modeller.tabeller import Koordinatoroppdrag, Oppgave, Person, Sak, Systembruker, Tjenestetype, Vedtak
from modeller.tjenester.feil import Feltfeil
from modeller.tjenester.oppgaver import avbryt_oppgaver, lukk_oppgaver, opprett_oppgave
from modeller.tjenester.saker import eier_for_sak
from modeller.tjenester.samtykke import krev_samtykke, omfang_for_tiltak
from modeller.tjenester.skjemahjelp import avvis, hent, ikke_fram_i_tid, tekst, tolk_enum
from modeller.tjenester.tilgang import Aktor, krev_rolle, krev_tilgang

KOORDINATORTILTAK = (Tiltakstype.KOORDINATOR, Tiltakstype.BARNEKOORDINATOR)
INNVILGET = (Utfall.INNVILGET, Utfall.DELVIS)
VEDTAKSROLLER = (Rolle.SAKSBEHANDLER, Rolle.LEDER)
K20_MERKNAD = ("Forvaltningsloven kapittel IV og V gjelder ikke for vedtak om koordinator (pasient- og "
               "brukerrettighetsloven § 2-7), men vedtaket kan påklages til Statsforvalteren (pbrl § 7-2).")


@dataclass(frozen=True)
class NyttVedtak:
    """Skjema for et vedtak; `lovpalagt` overstyrer tjenestetypens flagg (kilderegler.md §8 punkt 23)."""

    sak_id: int
    tiltak: Tiltakstype | str
    utfall: Utfall | str
    fattet_dato: date
    begrunnelse: str
    underrettet_dato: date | None = None
    mottatt_dato: date | None = None
    tjenestetype_id: int | None = None
    lovpalagt: bool | None = None
    tidsbegrenset_til: date | None = None
    revurdering_dato: date | None = None
    fattet_av: str | None = None
    erstatter_vedtak_id: int | None = None


@dataclass(frozen=True)
class FattetVedtak:
    """Vedtaket, advarsler saksbehandler bør se (ikke sperrer) og oppgavene som ble lagt i køen."""

    vedtak: Vedtak
    advarsler: tuple[str, ...]
    oppgaver: tuple[Oppgave, ...]


def _datoer(s: NyttVedtak, sak: Sak, idag: date, feil: list[Feltfeil]) -> None:
    ikke_fram_i_tid(feil, "fattet", s.fattet_dato, idag)
    if s.fattet_dato < sak.mottatt:
        feil.append(Feltfeil("fattet", "Vedtaket kan ikke være fattet før saken ble mottatt."))
    for felt, dato, etter in (("underrettet", s.underrettet_dato, s.fattet_dato),
                              ("mottatt", s.mottatt_dato, s.underrettet_dato or s.fattet_dato)):
        ikke_fram_i_tid(feil, felt, dato, idag)
        if dato is not None and dato < etter:
            feil.append(Feltfeil(felt, f"Kan ikke være før {etter:%d.%m.%Y}."))
    if s.tidsbegrenset_til is not None and s.tidsbegrenset_til < s.fattet_dato:
        feil.append(Feltfeil("tidsbegrenset til", "Kan ikke være før vedtaksdatoen."))


def _tjenestetype(okt: Session, s: NyttVedtak, tiltak: Tiltakstype | None, feil: list[Feltfeil]) -> Tjenestetype | None:
    if tiltak is not Tiltakstype.TJENESTE:
        if s.tjenestetype_id is not None:
            feil.append(Feltfeil("tjenestetype", "Bare vedtak om tjenester har tjenestetype."))
        return None
    tjenestetype = okt.get(Tjenestetype, s.tjenestetype_id) if s.tjenestetype_id is not None else None
    if tjenestetype is None:
        feil.append(Feltfeil("tjenestetype", "Velg tjenesten vedtaket gjelder."))
    return tjenestetype


def _revurdering(s: NyttVedtak, utfall: Utfall | None, avh: Avhengigheter, feil: list[Feltfeil]) -> date | None:
    """Revurdering minst en gang per år (003_e8b2068bec45c70c.txt L515–517); avslag revurderes ikke."""
    if utfall is Utfall.AVSLAG:
        for felt, verdi in (("revurderingsdato", s.revurdering_dato), ("tidsbegrenset til", s.tidsbegrenset_til)):
            if verdi is not None:
                feil.append(Feltfeil(felt, "Et avslag har ingen slik dato."))
        return None
    return sjekk_revurdering(s.fattet_dato, s.revurdering_dato, avh, feil)


def sjekk_revurdering(fra: date, onsket: date | None, avh: Avhengigheter, feil: list[Feltfeil]) -> date:
    """Standard og øvre grense er `revurderingsdato(fra)` (12 måneder); senere dato gir feltfeil."""
    siste = revurderingsdato(fra, avh.regelverk)
    if onsket is not None and not fra < onsket <= siste:
        feil.append(Feltfeil("revurderingsdato", f"Må være etter {fra:%d.%m.%Y} og senest {siste:%d.%m.%Y}: "
                                                 "vedtak revurderes minst én gang per år "
                                                 "(003_e8b2068bec45c70c.txt L515–517)."))
    return onsket or siste


def _erstattes(okt: Session, s: NyttVedtak, sak: Sak, feil: list[Feltfeil]) -> Vedtak | None:
    if s.erstatter_vedtak_id is None:
        return None
    gammelt = okt.get(Vedtak, s.erstatter_vedtak_id)
    if gammelt is None or gammelt.person_id != sak.person_id:
        feil.append(Feltfeil("erstatter vedtak", "Fant ikke vedtaket som skal erstattes for denne personen."))
    elif gammelt.erstattet_av_id is not None:
        feil.append(Feltfeil("erstatter vedtak", "Vedtaket er allerede erstattet av et nyere vedtak."))
    return gammelt


def _sjekk_barn(okt: Session, avh: Avhengigheter, person_id: int, dato: date, feil: list[Feltfeil]) -> None:
    """Barnekoordinator gjelder barn under 18 år (pbrl § 2-5 c; 001_c5df1bb6b580be91.txt L785)."""
    person = hent(okt, Person, person_id, "person")
    grense = avh.regelverk.barnekoordinator_sluttalder
    if person.fodselsdato and alder(person.fodselsdato, dato) >= grense:
        feil.append(Feltfeil("tiltak", f"Barnekoordinator gjelder barn under {grense} år (pbrl § 2-5 c)."))


def _advarsler(s: NyttVedtak, utfall: Utfall, tjenestetype: Tjenestetype | None) -> tuple[str, ...]:
    if tjenestetype and tjenestetype.typisk_tidsbegrenset and utfall in INNVILGET and s.tidsbegrenset_til is None:
        return (f"{tjenestetype.navn} er vanligvis tidsbegrenset; vurder en sluttdato for vedtaket "
                "(001_c5df1bb6b580be91.txt L132; kilderegler.md §8 punkt 24).",)
    return ()


def _klage(avh: Avhengigheter, s: NyttVedtak, tiltak: Tiltakstype,
           tjenestetype: Tjenestetype | None) -> tuple[Klagerute, date | None]:
    lovpalagt = s.lovpalagt if s.lovpalagt is not None else (tjenestetype.lovpalagt if tjenestetype else True)
    rute = klagerute_for(tiltak, lovpalagt=lovpalagt, kan_paklages=tjenestetype.kan_paklages if tjenestetype else True)
    frist = klagefrist_for_vedtak(fattet=s.fattet_dato, underrettet=s.underrettet_dato, mottatt=s.mottatt_dato,
                                  rute=rute, regelverk=avh.regelverk, fridager=avh.fridager_rundt(s.fattet_dato))
    return rute, frist


def fatt_i_okt(okt: Session, avh: Avhengigheter, aktor: Aktor, s: NyttVedtak, *, idag: date,
               na: datetime) -> FattetVedtak:
    """Valider og skriv vedtaket i en åpen transaksjon (brukes også når en klage tas til følge)."""
    feil: list[Feltfeil] = []
    sak = hent(okt, Sak, s.sak_id, "sak")
    tiltak = tolk_enum(feil, "tiltak", Tiltakstype, s.tiltak)
    utfall = tolk_enum(feil, "utfall", Utfall, s.utfall)
    begrunnelse = tekst(feil, "begrunnelse", s.begrunnelse, 5000)
    fattet_av = tekst(feil, "fattet av", s.fattet_av or aktor.navn, 200)
    if sak.avsluttet is not None or sak.status == "avsluttet":
        feil.append(Feltfeil("sak", "Saken er avsluttet."))
    _datoer(s, sak, idag, feil)
    tjenestetype = _tjenestetype(okt, s, tiltak, feil)
    revurdering = _revurdering(s, utfall, avh, feil)
    gammelt = _erstattes(okt, s, sak, feil)
    if tiltak is Tiltakstype.BARNEKOORDINATOR and utfall in INNVILGET:
        _sjekk_barn(okt, avh, sak.person_id, s.fattet_dato, feil)
    avvis(feil)
    assert tiltak is not None and utfall is not None and begrunnelse and fattet_av
    if utfall in INNVILGET and tiltak is not Tiltakstype.TJENESTE:
        for dato in {s.fattet_dato, idag}:
            krev_samtykke(okt, sak.person_id, dato, omfang=omfang_for_tiltak(tiltak))
    rute, klagefrist = _klage(avh, s, tiltak, tjenestetype)
    if tiltak in KOORDINATORTILTAK:
        begrunnelse = f"{begrunnelse}\n\n{K20_MERKNAD}"
    vedtak = Vedtak(
        sak_id=sak.id or 0, person_id=sak.person_id, tiltak=tiltak, tjenestetype_id=s.tjenestetype_id, utfall=utfall,
        fattet_av=fattet_av, fattet_av_id=aktor.id, fattet_dato=s.fattet_dato, underrettet_dato=s.underrettet_dato,
        mottatt_dato=s.mottatt_dato, klagerute=rute, klagefrist=klagefrist, klageinstans=klageinstans_for(rute),
        tidsbegrenset_til=s.tidsbegrenset_til, revurdering_dato=revurdering,
        endelig=rute is Klagerute.IKKE_KLAGBAR, begrunnelse=begrunnelse)
    okt.add(vedtak)
    okt.flush()
    if gammelt is not None:
        gammelt.erstattet_av_id = vedtak.id
        okt.add(gammelt)
        avbryt_oppgaver(okt, grunn="Vedtaket er erstattet", objekt_type="vedtak", objekt_id=gammelt.id)
    sak.status = "vedtatt"
    okt.add(sak)
    oppgaver = _oppgaver_etter_vedtak(okt, avh, sak, vedtak, aktor=aktor, idag=idag, na=na)
    return FattetVedtak(vedtak, _advarsler(s, utfall, tjenestetype), oppgaver)


def _koordinator_bruker(okt: Session, person_id: int, idag: date) -> int | None:
    """Systembrukeren til personens aktive koordinator, om koordinatoren har en brukerkonto."""
    return okt.exec(select(Systembruker.id).join(
        Koordinatoroppdrag, col(Koordinatoroppdrag.tjenesteyter_id) == col(Systembruker.tjenesteyter_id)).where(
        col(Koordinatoroppdrag.person_id) == person_id, col(Koordinatoroppdrag.fra) <= idag,
        or_(col(Koordinatoroppdrag.til).is_(None), col(Koordinatoroppdrag.til) >= idag),
        col(Systembruker.aktiv).is_(True), col(Systembruker.rolle) == Rolle.KOORDINATOR)).first()


def _oppgaver_etter_vedtak(okt: Session, avh: Avhengigheter, sak: Sak, vedtak: Vedtak, *, aktor: Aktor, idag: date,
                           na: datetime) -> tuple[Oppgave, ...]:
    """Lukk vurderingen, stopp foreløpig svar og samtykkeinnhenting, og legg neste steg i køen."""
    lukk_oppgaver(okt, oppgavetype=Oppgavetype.VURDER_MELDING, objekt_type="sak", objekt_id=sak.id, na=na,
                  av=aktor.navn)
    for oppgavetype in (Oppgavetype.SEND_FORELOPIG_SVAR, Oppgavetype.INNHENT_SAMTYKKE):
        avbryt_oppgaver(okt, grunn="Vedtak er fattet", objekt_type="sak", objekt_id=sak.id, oppgavetype=oppgavetype)
    if vedtak.utfall not in INNVILGET or vedtak.tiltak is Tiltakstype.TJENESTE:
        return ()
    # Neste steg skal skje snart; fristen bruker vurderingsfristen (tolkning, ingen kilde gir et tall).
    frist = max(vedtak.fattet_dato, idag) + timedelta(days=avh.regelverk.vurdering_frist_dager)
    if vedtak.tiltak in KOORDINATORTILTAK:
        oppgavetype, eier = Oppgavetype.OPPNEVN_KOORDINATOR, eier_for_sak(sak)
    else:
        koordinator = _koordinator_bruker(okt, sak.person_id, idag)
        oppgavetype = Oppgavetype.UTARBEID_PLAN
        eier = {"eier_id": koordinator, "eier_rolle": None} if koordinator else eier_for_sak(sak)
    oppgave = opprett_oppgave(okt, oppgavetype=oppgavetype, frist=frist, objekt_type="vedtak", objekt_id=vedtak.id,
                              person_id=sak.person_id, sak_id=sak.id, **eier)
    return (oppgave,) if oppgave else ()


def fatt_vedtak(avh: Avhengigheter, aktor: Aktor, skjema: NyttVedtak, *, idag: date, na: datetime) -> FattetVedtak:
    """Fatt vedtak om IP, koordinator, barnekoordinator eller en tjeneste, med klagefrist og revurdering."""
    with arbeidsenhet(avh.motor) as okt:
        sak = hent(okt, Sak, skjema.sak_id, "sak")
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=sak.person_id, hva="vedtak")
        krev_tilgang(okt, aktor, sak.person_id, hva="vedtak", hvorfor="fatte vedtak", idag=idag, handling="endre")
        return fatt_i_okt(okt, avh, aktor, skjema, idag=idag, na=na)
