"""KE-saker i alle tilstander: åpne (noen over fire uker, noen uten samtykke), innvilget, avslått med klage,
avsluttet. Klagefrist, klagerute og revurdering regnes med `modeller.regler.frister`."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from modeller.demo.kontekst import FORSINKELSE, Demo, Typeinfo, klipp, tidspunkt
from modeller.demo.meldinger import lag_meldinger, lag_samtykke
from modeller.demo.personer import FASTE, Personinfo, attenarsdag
from modeller.regler.begreper import Klageinstans, Klagestatus, Planslutt, Tiltakstype, Utfall
from modeller.regler.frister import (
    forelopig_svar_dato,
    klage_for_sent,
    klagefrist_for_vedtak,
    klageinstans_for,
    klagerute_for,
    revurderingsdato,
)
from modeller.regler.virkedager import neste_virkedag
from modeller.tabeller import Klage, Sak, Vedtak


class Scenario(StrEnum):
    """Hvor langt saken har kommet."""

    INGEN = "ingen"
    APEN = "apen"
    INNVILGET = "innvilget"
    AVSLAG = "avslag"
    AVSLUTTET = "avsluttet"


SCENARIOVEKTER = ((Scenario.INGEN, 4), (Scenario.APEN, 14), (Scenario.INNVILGET, 66), (Scenario.AVSLAG, 9),
                  (Scenario.AVSLUTTET, 7))
BEGRUNNELSE = {
    (Tiltakstype.IP, Utfall.INNVILGET): "Langvarig og koordinert behov for tjenester (pbrl § 2-5).",
    (Tiltakstype.KOORDINATOR, Utfall.INNVILGET): "Langvarig og koordinert behov (pbrl § 2-5; hol § 7-2).",
    (Tiltakstype.BARNEKOORDINATOR, Utfall.INNVILGET): "Barn med alvorlig sykdom eller funksjonsnedsettelse og "
    "behov for langvarige og koordinerte tjenester (pbrl § 2-5 c; hol § 7-2 a).",
    (Tiltakstype.IP, Utfall.AVSLAG): "Behovet er ikke langvarig og krever ikke koordinering av flere tjenester "
    "(pbrl § 2-5).",
    (Tiltakstype.TJENESTE, Utfall.INNVILGET): "Vilkårene for tjenesten er oppfylt.",
    (Tiltakstype.TJENESTE, Utfall.AVSLAG): "Vilkårene for tjenesten er ikke oppfylt.",
}


@dataclass(frozen=True)
class Sakinfo:
    """Det plangeneratoren trenger fra saken."""

    vedtatt: date | None
    koordinator: bool
    ip: bool
    samtykke_id: int | None
    avsluttet: date | None
    planslutt: Planslutt | None


def velg_scenario(demo: Demo, indeks: int) -> Scenario:
    """De faste personene får innvilget sak, så hver livsfase har koordinator og plan; resten trekkes."""
    if indeks < len(FASTE):
        return Scenario.INNVILGET
    return demo.rng.choices([s for s, _ in SCENARIOVEKTER], weights=[v for _, v in SCENARIOVEKTER])[0]


def primaertiltak(demo: Demo, p: Personinfo) -> Tiltakstype:
    """Barnekoordinator for barn og ventede barn (pbrl § 2-5 c), ellers koordinator."""
    barn = p.ufodt or p.alder(demo.idag) < demo.regelverk.myndighetsalder
    return Tiltakstype.BARNEKOORDINATOR if barn else Tiltakstype.KOORDINATOR


def _tidligste_melding(demo: Demo, p: Personinfo) -> date:
    grense = demo.idag - timedelta(days=1500)
    if p.ufodt:
        return demo.idag - timedelta(days=120)
    if p.alder(demo.idag) < demo.regelverk.myndighetsalder:
        return max(grense, p.fodselsdato - timedelta(days=150))  # melding i svangerskapet
    return max(grense, attenarsdag(p, demo))


def _sak(demo: Demo, p: Personinfo, mottatt: date, **verdier: object) -> int:
    return demo.lager.legg_til(Sak, person_id=p.id, referanse=demo.referanse("S"), mottatt=mottatt,
                               opprettet=tidspunkt(mottatt), **verdier)


def _apen_sak(demo: Demo, p: Personinfo) -> Sakinfo:
    """Åpen sak uten vedtak; etter fire uker er foreløpig svar sendt (fvl § 11 a; 003 L187–188), bortsett fra få."""
    rng = demo.rng
    mottatt = klipp(demo.dag(-70, 0), tidligst=_tidligste_melding(demo, p))
    har_samtykke = rng.random() >= 0.35
    svar = None
    frist = forelopig_svar_dato(mottatt, demo.regelverk)
    if frist < demo.idag and not ((demo.idag - frist).days <= FORSINKELSE and demo.star_igjen("forelopig_svar")):
        svar = frist - timedelta(days=rng.randint(0, 3))
    saksbehandler = demo.saksbehandler[0] if rng.random() < 0.6 else None
    sak_id = _sak(demo, p, mottatt, status="apen", saksbehandler_id=saksbehandler, forelopig_svar_sendt=svar,
                  forventet_vedtaksdato=demo.dag(7, 30) if svar else None)
    vedlagt = har_samtykke and rng.random() < 0.7
    lag_meldinger(demo, p, sak_id, mottatt, demo.idag, vedlagt, demo.saksbehandler[0])
    samtykke = None
    if har_samtykke:
        gitt = mottatt if vedlagt else klipp(mottatt + timedelta(days=rng.randint(1, 10)), senest=demo.idag)
        samtykke = lag_samtykke(demo, p, gitt, registrert_av=demo.saksbehandler[0])
    return Sakinfo(None, False, False, samtykke, None, None)


def _revurdering(demo: Demo, fattet: date) -> date:
    """Revurdering hver 12. måned (003 L515–517); en som passerte nylig, kan stå igjen (`Demo.star_igjen`)."""
    dato = revurderingsdato(fattet, demo.regelverk)
    while dato < demo.idag:
        if (demo.idag - dato).days <= FORSINKELSE and demo.star_igjen():
            return dato
        dato = revurderingsdato(dato, demo.regelverk)
    return dato


def _klage(demo: Demo, vedtak_id: int, mottatt: date, frist: date, instans: Klageinstans | None) -> None:
    rng = demo.rng
    status, oversendt, avgjort = Klagestatus.MOTTATT, None, None
    if (demo.idag - mottatt).days > 21:
        oversendt = klipp(mottatt + timedelta(days=rng.randint(10, 20)), senest=demo.idag)
        status = Klagestatus.OVERSENDT
        if rng.random() < 0.4 and (demo.idag - oversendt).days > 60:
            status, avgjort = Klagestatus.AVGJORT, oversendt + timedelta(days=rng.randint(30, 60))
    demo.lager.legg_til(Klage, vedtak_id=vedtak_id, mottatt=mottatt, klager=rng.choice(("bruker", "representant")),
                        for_sent=klage_for_sent(mottatt, frist), status=status,
                        oversendt_til=instans if oversendt else None, oversendt_dato=oversendt,
                        utfall="stadfestet" if avgjort else None, avgjort_dato=avgjort, opprettet=tidspunkt(mottatt))


def lag_vedtak(demo: Demo, p: Personinfo, sak_id: int, tiltak: Tiltakstype, utfall: Utfall, fattet: date, *,
               type_: Typeinfo | None = None, klage: bool = False, slutt: date | None = None) -> int:
    """Et vedtak med klagerute, klagefrist og revurdering etter reglene, og eventuelt en klage."""
    rng = demo.rng
    underrettet = min(demo.idag, neste_virkedag(fattet + timedelta(days=rng.randint(0, 2)), demo.fridager))
    mottatt: date | None = underrettet + timedelta(days=rng.randint(1, 4))
    if mottatt is not None and mottatt > demo.idag:
        mottatt = None
    rute = klagerute_for(tiltak, lovpalagt=type_.lovpalagt if type_ else True,
                         kan_paklages=type_.kan_paklages if type_ else True)
    frist = klagefrist_for_vedtak(fattet=fattet, underrettet=underrettet, mottatt=mottatt, rute=rute,
                                  regelverk=demo.regelverk, fridager=demo.fridager)
    klagedato = None
    if klage and frist is not None and mottatt is not None:
        klagedato = mottatt + timedelta(days=rng.randint(3, 25) if rng.random() < 0.9 else rng.randint(29, 40))
        klagedato = klagedato if klagedato <= demo.idag else None
    bruker_id, navn = demo.leder if rng.random() < 0.3 else demo.saksbehandler
    tidsbegrenset = slutt or (fattet + timedelta(days=90) if type_ and type_.typisk_tidsbegrenset else None)
    vedtak_id = demo.lager.legg_til(
        Vedtak, sak_id=sak_id, person_id=p.id, tiltak=tiltak, tjenestetype_id=type_.id if type_ else None,
        utfall=utfall, fattet_av=navn, fattet_av_id=bruker_id, fattet_dato=fattet, underrettet_dato=underrettet,
        mottatt_dato=mottatt, klagerute=rute, klagefrist=frist, klageinstans=klageinstans_for(rute),
        tidsbegrenset_til=tidsbegrenset, endelig=(frist is None or frist < demo.idag) and klagedato is None,
        revurdering_dato=_revurdering(demo, fattet) if utfall is not Utfall.AVSLAG and slutt is None else None,
        begrunnelse=BEGRUNNELSE[(tiltak, utfall)], opprettet=tidspunkt(fattet),
    )
    if klagedato is not None and frist is not None:
        _klage(demo, vedtak_id, klagedato, frist, klageinstans_for(rute))
    return vedtak_id


def _datoer(demo: Demo, p: Personinfo, scenario: Scenario) -> tuple[date, date, date | None] | None:
    """Mottatt, vedtaksdato og eventuelt foreløpig svar; None når personen er for ung til scenariet."""
    rng = demo.rng
    behandling = rng.randint(7, 27) if rng.random() < 0.85 else rng.randint(29, 56)
    senest = demo.idag - timedelta(days=behandling + 3 + (400 if scenario is Scenario.AVSLUTTET else 0))
    tidligst = _tidligste_melding(demo, p)
    if senest < tidligst:
        return None
    mottatt = senest - timedelta(days=int((senest - tidligst).days * rng.random() ** 2))
    fattet = min(demo.idag, neste_virkedag(mottatt + timedelta(days=behandling), demo.fridager))
    uker = demo.regelverk.forelopig_svar_uker
    svar = mottatt + timedelta(weeks=uker, days=-rng.randint(0, 3)) if behandling > 7 * uker else None
    return mottatt, fattet, svar


def lag_sak(demo: Demo, p: Personinfo, scenario: Scenario, tjenestetyper: list[str]) -> Sakinfo:
    """Sak med meldinger, samtykke og vedtak etter scenariet; faller tilbake til et enklere scenario."""
    rng = demo.rng
    datoer = _datoer(demo, p, scenario)
    if datoer is None and scenario is Scenario.AVSLUTTET:
        scenario, datoer = Scenario.INNVILGET, _datoer(demo, p, Scenario.INNVILGET)
    if datoer is None or scenario is Scenario.APEN:
        return _apen_sak(demo, p)
    mottatt, fattet, svar = datoer
    avsluttet = planslutt = None
    if scenario is Scenario.AVSLUTTET:
        avsluttet = fattet + timedelta(days=rng.randint(180, (demo.idag - fattet).days - 10))
        planslutt = Planslutt.BEHOV_OPPHORT if rng.random() < 0.65 else Planslutt.BRUKERS_ONSKE
    sak_id = _sak(demo, p, mottatt, status="avsluttet" if avsluttet else "vedtatt",
                  saksbehandler_id=demo.saksbehandler[0], forelopig_svar_sendt=svar,
                  forventet_vedtaksdato=fattet if svar else None, avsluttet=avsluttet,
                  avslutningsgrunn="Planen er avsluttet." if avsluttet else None)
    vedlagt = rng.random() < 0.7
    lag_meldinger(demo, p, sak_id, mottatt, fattet, vedlagt, demo.saksbehandler[0])
    gitt = mottatt if vedlagt else min(fattet, mottatt + timedelta(days=rng.randint(1, 10)))
    samtykke = lag_samtykke(demo, p, gitt, slutt=avsluttet, trekkes=planslutt is Planslutt.BRUKERS_ONSKE,
                            registrert_av=demo.saksbehandler[0])
    avslag = scenario is Scenario.AVSLAG
    koordinator = not avslag or rng.random() < 0.5  # koordinator tilbys også når IP avslås (001 L806; 002 L299)
    ip = avslag or rng.random() < 0.88
    if ip:
        lag_vedtak(demo, p, sak_id, Tiltakstype.IP, Utfall.AVSLAG if avslag else Utfall.INNVILGET, fattet,
                   klage=avslag and rng.random() < 0.55, slutt=avsluttet)
    if koordinator:
        lag_vedtak(demo, p, sak_id, primaertiltak(demo, p), Utfall.INNVILGET, fattet, slutt=avsluttet)
    klagbare = [k for k in tjenestetyper if demo.typer[k].kan_paklages]
    if klagbare and avsluttet is None and rng.random() < 0.2:
        utfall = Utfall.AVSLAG if rng.random() < 0.2 else Utfall.INNVILGET
        lag_vedtak(demo, p, sak_id, Tiltakstype.TJENESTE, utfall, fattet, type_=demo.typer[rng.choice(klagbare)],
                   klage=utfall is Utfall.AVSLAG and rng.random() < 0.5)
    return Sakinfo(fattet, koordinator, ip and not avslag, samtykke, avsluttet, planslutt)
