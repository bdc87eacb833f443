"""Registreringer som styrer fristene rundt vedtaket: foreløpig svar, underretning og revurdering (K16–K19).

Foreløpig svar (fvl § 11 a) stopper påminnelsen om svar; underretningen gir ny klagefrist (fvl § 27); en
revurdering uten endring setter neste revurderingsdato (≤ 12 måneder). Endres vedtaket, fattes i stedet et
nytt vedtak (`modeller.tjenester.vedtak.fatt_vedtak` med `erstatter_vedtak_id`).
"""

from datetime import date, datetime

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Klagerute, Oppgavetype
from modeller.regler.frister import klagefrist_for_vedtak
from modeller.tabeller import Sak, Vedtak
from modeller.tjenester.feil import Feltfeil
from modeller.tjenester.oppgaver import lukk_oppgaver
from modeller.tjenester.skjemahjelp import avvis, hent, ikke_fram_i_tid
from modeller.tjenester.tilgang import Aktor, krev_rolle, krev_tilgang
from modeller.tjenester.vedtak import INNVILGET, VEDTAKSROLLER, sjekk_revurdering


def registrer_forelopig_svar(avh: Avhengigheter, aktor: Aktor, sak_id: int, *, sendt: date,
                             forventet_vedtaksdato: date, idag: date, na: datetime) -> Sak:
    """Registrer foreløpig svar med forventet vedtaksdato (fvl § 11 a; 003_e8b2068bec45c70c.txt L187–189)."""
    with arbeidsenhet(avh.motor) as okt:
        sak = hent(okt, Sak, sak_id, "sak")
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=sak.person_id, hva="foreløpig svar")
        krev_tilgang(okt, aktor, sak.person_id, hva="foreløpig svar", hvorfor="registrere foreløpig svar",
                     idag=idag, handling="endre")
        feil: list[Feltfeil] = []
        ikke_fram_i_tid(feil, "sendt", sendt, idag)
        if sendt < sak.mottatt:
            feil.append(Feltfeil("sendt", "Kan ikke være før saken ble mottatt."))
        if forventet_vedtaksdato < sendt:
            feil.append(Feltfeil("forventet vedtaksdato", "Kan ikke være før svaret ble sendt."))
        if sak.status != "apen":
            feil.append(Feltfeil("sak", "Saken har allerede vedtak eller er avsluttet."))
        avvis(feil)
        sak.forelopig_svar_sendt, sak.forventet_vedtaksdato = sendt, forventet_vedtaksdato
        okt.add(sak)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.SEND_FORELOPIG_SVAR, objekt_type="sak", objekt_id=sak.id, na=na,
                      av=aktor.navn)
        return sak


def registrer_revurdering(avh: Avhengigheter, aktor: Aktor, vedtak_id: int, *, revurdert: date,
                          neste_revurdering: date | None = None, idag: date, na: datetime) -> Vedtak:
    """Registrer at vedtaket er revurdert uten endring, og sett neste revurderingsdato (≤ 12 måneder).

    Endres vedtaket, fattes i stedet et nytt vedtak med `erstatter_vedtak_id`.
    """
    with arbeidsenhet(avh.motor) as okt:
        vedtak = hent(okt, Vedtak, vedtak_id, "vedtak")
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=vedtak.person_id, hva="revurdering")
        krev_tilgang(okt, aktor, vedtak.person_id, hva="vedtak", hvorfor="revurdere vedtak", idag=idag,
                     handling="endre")
        feil: list[Feltfeil] = []
        ikke_fram_i_tid(feil, "revurdert", revurdert, idag)
        if revurdert < vedtak.fattet_dato:
            feil.append(Feltfeil("revurdert", "Kan ikke være før vedtaket ble fattet."))
        if vedtak.utfall not in INNVILGET or vedtak.erstattet_av_id is not None:
            feil.append(Feltfeil("vedtak", "Bare gjeldende vedtak som innvilger noe, revurderes."))
        neste = sjekk_revurdering(revurdert, neste_revurdering, avh, feil)
        avvis(feil)
        vedtak.revurdering_dato = neste
        okt.add(vedtak)
        lukk_oppgaver(okt, oppgavetype=Oppgavetype.VEDTAK_REVURDERING, objekt_type="vedtak", objekt_id=vedtak.id,
                      na=na, av=aktor.navn)
        return vedtak


def registrer_underretning(avh: Avhengigheter, aktor: Aktor, vedtak_id: int, *, underrettet: date,
                           mottatt: date | None, idag: date, na: datetime) -> Vedtak:
    """Registrer når vedtaket ble sendt og mottatt, og regn klagefristen på nytt (fvl § 27; lovkrav K17)."""
    with arbeidsenhet(avh.motor) as okt:
        vedtak = hent(okt, Vedtak, vedtak_id, "vedtak")
        krev_rolle(okt, aktor, VEDTAKSROLLER, person_id=vedtak.person_id, hva="underretning")
        krev_tilgang(okt, aktor, vedtak.person_id, hva="vedtak", hvorfor="registrere underretning", idag=idag,
                     handling="endre")
        feil: list[Feltfeil] = []
        for felt, dato, etter in (("underrettet", underrettet, vedtak.fattet_dato), ("mottatt", mottatt, underrettet)):
            ikke_fram_i_tid(feil, felt, dato, idag)
            if dato is not None and dato < etter:
                feil.append(Feltfeil(felt, f"Kan ikke være før {etter:%d.%m.%Y}."))
        avvis(feil)
        vedtak.underrettet_dato, vedtak.mottatt_dato = underrettet, mottatt
        vedtak.klagefrist = klagefrist_for_vedtak(
            fattet=vedtak.fattet_dato, underrettet=underrettet, mottatt=mottatt, rute=Klagerute(vedtak.klagerute),
            regelverk=avh.regelverk, fridager=avh.fridager_rundt(vedtak.fattet_dato))
        if vedtak.klagefrist is not None and vedtak.klagefrist >= idag:
            vedtak.endelig = False  # fristen løper igjen etter den nye underretningsdatoen
        okt.add(vedtak)
        return vedtak

