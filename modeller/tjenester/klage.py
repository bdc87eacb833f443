"""Klage: mottak hos den som fattet vedtaket, fristvurdering, omgjøring eller oversending, og utfall.

Klagen sendes til den som traff vedtaket (pbrl § 7-2; lovkrav K19). For sen klage flagges, men avvises ikke
automatisk (lovkrav K18; pbrl § 7-7). Tas klagen ikke til følge, oversendes den til Statsforvalteren
(pbrl og lovpålagte tjenester) eller kommunens klagenemnd (fvl, ikke lovpålagte) (kilderegler.md §3.10).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import exists
from sqlmodel import Session, col, select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Klageinstans, Klagerute, Klagestatus, Oppgavetype, Rolle
from modeller.regler.frister import klage_for_sent
from modeller.tabeller import Klage, Sak, Vedtak
from modeller.tjenester.feil import Feltfeil
from modeller.tjenester.oppgaver import lukk_oppgaver, opprett_oppgave
from modeller.tjenester.saker import eier_for_sak
from modeller.tjenester.samtykke import neste_saksoppgave
from modeller.tjenester.skjemahjelp import avvis, hent, ikke_fram_i_tid, tekst
from modeller.tjenester.tilgang import Aktor, krev_rolle, krev_tilgang
from modeller.tjenester.vedtak import VEDTAKSROLLER, FattetVedtak, NyttVedtak, fatt_i_okt

MOTTAKERNAVN = {Klageinstans.STATSFORVALTEREN: "Statsforvalteren", Klageinstans.KLAGENEMND: "klagenemnda"}
# Utfall hos klageinstansen; stadfestet og avvist gjør vedtaket endelig, opphevet gir ny behandling.
UTFALL = ("stadfestet", "omgjort", "delvis_omgjort", "opphevet", "avvist")
_APNE = (Klagestatus.MOTTATT, Klagestatus.OVERSENDT)


@dataclass(frozen=True)
class Klagebehandling:
    """Resultatet av førsteinstansens behandling: klagen, og det nye vedtaket når klagen ble tatt til følge."""

    klage: Klage
    nytt_vedtak: FattetVedtak | None


def _hent_klage(okt: Session, klage_id: int) -> tuple[Klage, Vedtak]:
    klage = hent(okt, Klage, klage_id, "klage")
    return klage, hent(okt, Vedtak, klage.vedtak_id, "vedtak")


def registrer_klage(avh: Avhengigheter, aktor: Aktor, vedtak_id: int, *, mottatt: date, klager: str, idag: date,
                    na: datetime) -> Klage:
    """Registrer en klage, flagg den om den kom for sent, og gi vurderingen til den som fattet vedtaket."""
    with arbeidsenhet(avh.motor) as okt:
        vedtak = hent(okt, Vedtak, vedtak_id, "vedtak")
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=vedtak.person_id, hva="klage")
        krev_tilgang(okt, aktor, vedtak.person_id, hva="klage", hvorfor="registrere klage", idag=idag,
                     handling="endre")
        feil: list[Feltfeil] = []
        ikke_fram_i_tid(feil, "mottatt", mottatt, idag)
        if mottatt < vedtak.fattet_dato:
            feil.append(Feltfeil("mottatt", "Klagen kan ikke være mottatt før vedtaket ble fattet."))
        renset = tekst(feil, "klager", klager, 30)
        if vedtak.klagerute == Klagerute.IKKE_KLAGBAR:
            feil.append(Feltfeil("vedtak", "Vedtaket kan ikke påklages."))
        if vedtak.erstattet_av_id is not None:
            feil.append(Feltfeil("vedtak", "Vedtaket er erstattet; klagen må gjelde det gjeldende vedtaket."))
        if okt.exec(select(exists().where(col(Klage.vedtak_id) == vedtak_id, col(Klage.status).in_(_APNE)))).one():
            feil.append(Feltfeil("vedtak", "Det er allerede en klage under behandling på dette vedtaket."))
        avvis(feil)
        sent = vedtak.klagefrist is not None and klage_for_sent(mottatt, vedtak.klagefrist)
        klage = Klage(vedtak_id=vedtak_id, mottatt=mottatt, klager=renset or "bruker", for_sent=sent)
        okt.add(klage)
        okt.flush()
        eier = ({"eier_id": vedtak.fattet_av_id, "eier_rolle": None} if vedtak.fattet_av_id is not None
                else {"eier_id": None, "eier_rolle": Rolle.SAKSBEHANDLER})
        tittel = "Vurder klage (kom etter klagefristen)" if sent else None
        # Klagen skal forberedes uten ugrunnet opphold; fristen bruker vurderingsfristen (tolkning).
        opprett_oppgave(okt, oppgavetype=Oppgavetype.VURDER_KLAGE, objekt_type="klage", objekt_id=klage.id,
                        frist=mottatt + timedelta(days=avh.regelverk.vurdering_frist_dager), tittel=tittel,
                        person_id=vedtak.person_id, sak_id=vedtak.sak_id, **eier)
        return klage


def behandle_klage(avh: Avhengigheter, aktor: Aktor, klage_id: int, *, omgjor: bool, dato: date,
                   nytt_vedtak: NyttVedtak | None = None, merknad: str | None = None, idag: date,
                   na: datetime) -> Klagebehandling:
    """Førsteinstansens vurdering: omgjør med nytt vedtak, eller send klagen videre til klageinstansen."""
    with arbeidsenhet(avh.motor) as okt:
        klage, vedtak = _hent_klage(okt, klage_id)
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=vedtak.person_id, hva="klage")
        krev_tilgang(okt, aktor, vedtak.person_id, hva="klage", hvorfor="behandle klage", idag=idag,
                     handling="endre")
        feil: list[Feltfeil] = []
        ikke_fram_i_tid(feil, "dato", dato, idag)
        if dato < klage.mottatt:
            feil.append(Feltfeil("dato", "Kan ikke være før klagen ble mottatt."))
        if klage.status != Klagestatus.MOTTATT:
            feil.append(Feltfeil("klage", "Klagen er allerede behandlet."))
        if omgjor and nytt_vedtak is None:
            feil.append(Feltfeil("nytt vedtak", "Fyll ut det nye vedtaket når klagen tas til følge."))
        klage.merknad = tekst(feil, "merknad", merknad, 5000, pakrevd=False) or klage.merknad
        avvis(feil)
        fattet = None
        if omgjor and nytt_vedtak is not None:
            skjema = replace(nytt_vedtak, sak_id=vedtak.sak_id, tiltak=vedtak.tiltak, erstatter_vedtak_id=vedtak.id,
                             tjenestetype_id=vedtak.tjenestetype_id)
            fattet = fatt_i_okt(okt, avh, aktor, skjema, idag=idag, na=na)
            klage.status, klage.utfall, klage.avgjort_dato = Klagestatus.OMGJORT, "omgjort", dato
            klage.nytt_vedtak_id = fattet.vedtak.id
        else:
            instans = Klageinstans(vedtak.klageinstans or Klageinstans.STATSFORVALTEREN)
            klage.status, klage.oversendt_til = Klagestatus.OVERSENDT, instans
            sak = hent(okt, Sak, vedtak.sak_id, "sak")
            opprett_oppgave(okt, oppgavetype=Oppgavetype.OVERSEND_KLAGE, objekt_type="klage", objekt_id=klage.id,
                            frist=dato + timedelta(days=avh.regelverk.vurdering_frist_dager),
                            tittel=f"Oversend klagen til {MOTTAKERNAVN[instans]}", person_id=vedtak.person_id,
                            sak_id=vedtak.sak_id, **eier_for_sak(sak))
        okt.add(klage)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.VURDER_KLAGE, objekt_type="klage", objekt_id=klage.id, na=na,
                      av=aktor.navn)
        return Klagebehandling(klage, fattet)


def registrer_oversendelse(avh: Avhengigheter, aktor: Aktor, klage_id: int, *, oversendt: date, idag: date,
                           na: datetime) -> Klage:
    """Registrer datoen klagen ble sendt til klageinstansen, og lukk oversendingsoppgaven."""
    with arbeidsenhet(avh.motor) as okt:
        klage, vedtak = _hent_klage(okt, klage_id)
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=vedtak.person_id, hva="klage")
        krev_tilgang(okt, aktor, vedtak.person_id, hva="klage", hvorfor="oversende klage", idag=idag,
                     handling="endre")
        feil: list[Feltfeil] = []
        ikke_fram_i_tid(feil, "oversendt", oversendt, idag)
        if klage.status != Klagestatus.OVERSENDT or klage.oversendt_dato is not None:
            feil.append(Feltfeil("klage", "Klagen venter ikke på oversending."))
        elif oversendt < klage.mottatt:
            feil.append(Feltfeil("oversendt", "Kan ikke være før klagen ble mottatt."))
        avvis(feil)
        klage.oversendt_dato = oversendt
        okt.add(klage)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.OVERSEND_KLAGE, objekt_type="klage", objekt_id=klage.id, na=na,
                      av=aktor.navn)
        return klage


def registrer_klageutfall(avh: Avhengigheter, aktor: Aktor, klage_id: int, *, utfall: str, avgjort_dato: date,
                          idag: date, na: datetime) -> Klage:
    """Registrer klageinstansens endelige avgjørelse; opphevet vedtak gir ny vurdering i saken."""
    with arbeidsenhet(avh.motor) as okt:
        klage, vedtak = _hent_klage(okt, klage_id)
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=vedtak.person_id, hva="klage")
        krev_tilgang(okt, aktor, vedtak.person_id, hva="klage", hvorfor="registrere klageutfall", idag=idag,
                     handling="endre")
        feil: list[Feltfeil] = []
        if utfall not in UTFALL:
            feil.append(Feltfeil("utfall", f"Ukjent utfall «{utfall}». Gyldige verdier: {', '.join(UTFALL)}."))
        ikke_fram_i_tid(feil, "avgjort", avgjort_dato, idag)
        if klage.status != Klagestatus.OVERSENDT:
            feil.append(Feltfeil("klage", "Bare en oversendt klage kan få utfall fra klageinstansen."))
        elif avgjort_dato < (klage.oversendt_dato or klage.mottatt):
            feil.append(Feltfeil("avgjort", "Kan ikke være før klagen ble oversendt."))
        avvis(feil)
        klage.status, klage.utfall, klage.avgjort_dato = Klagestatus.AVGJORT, utfall, avgjort_dato
        okt.add(klage)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.OVERSEND_KLAGE, objekt_type="klage", objekt_id=klage.id, na=na,
                      av=aktor.navn)
        if utfall in ("stadfestet", "avvist"):
            vedtak.endelig = True
            okt.add(vedtak)
        elif utfall == "opphevet":
            sak = hent(okt, Sak, vedtak.sak_id, "sak")
            sak.status = "apen"
            okt.add(sak)
            neste_saksoppgave(okt, sak, idag=idag, fra=avgjort_dato, regelverk=avh.regelverk,
                              nokkelgrunn=f"klage:{klage.id}")
        return klage
