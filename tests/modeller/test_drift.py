"""Driftsstatusen: sammenstillingen og varslene med en falsk orkestrering bak protokollen, ekte database og logg.

Tiden er mandag 8. mars 2027 kl. 09.30 i Oslo (ingen helligdager i nærheten).
"""

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.orkestrering import Prefectbilde
from modeller.regler.begreper import Driftsvarselkode, Rolle, Varselstatus
from modeller.tjenester.drift import Driftsstatus, driftsstatus
from modeller.tjenester.feil import IngenTilgang
from modeller.tjenester.tilgang import SYSTEM, Aktor
from tests.modeller.drift_fiks import FalskOrkestrering, kjoring, legg_varsel, utrulling
from tests.modeller.varsel_fiks import lag_avh

MANDAG = date(2027, 3, 8)
NA = lokalt_tidspunkt(MANDAG, time(9, 30))
ADMIN = Aktor(id=9, navn="admin", rolle=Rolle.ADMIN)


def kl(d: date, timer: int, minutter: int = 0) -> datetime:
    return lokalt_tidspunkt(d, time(timer, minutter))


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


def _fullfort(timer_siden: float) -> object:
    return kjoring(planlagt=NA - timedelta(hours=timer_siden), slutt=NA - timedelta(hours=timer_siden - 0.01))


def _bilde(*utrullinger: object, sveip_timer_siden: float | None = 3.5) -> Prefectbilde:
    siste = _fullfort(sveip_timer_siden) if sveip_timer_siden is not None else None
    return Prefectbilde(utrullinger=tuple(utrullinger), siste_fullforte=siste)  # type: ignore[arg-type]


def _status(avh: Avhengigheter, bilde: Prefectbilde | None, *, na: datetime = NA, aktor: Aktor = SYSTEM,
            **andre: object) -> Driftsstatus:
    return driftsstatus(avh, aktor, na=na, orkestrering=FalskOrkestrering(bilde), **andre)  # type: ignore[arg-type]


def _koder(status: Driftsstatus) -> list[Driftsvarselkode]:
    return [v.kode for v in status.varsler]


def test_alt_i_orden_gir_ingen_varsler_og_leser_bildet(avh: Avhengigheter) -> None:
    daglig = utrulling("daglig_oppfolging", na=NA, siste=_fullfort(3.5), vellykket=_fullfort(3.5))  # type: ignore[arg-type]
    ved_behov = utrulling("behandle_melding", "ved-behov", na=NA, tidsplaner=(), aktiv=False, neste=None)
    kilde = FalskOrkestrering(_bilde(daglig, ved_behov))
    status = driftsstatus(avh, SYSTEM, na=NA, orkestrering=kilde)
    assert status.varsler == () and status.prefect_feil is None and status.prefect_adresse == kilde.adresse
    assert kilde.kall == [(NA, "daglig_oppfolging")]
    d, b = status.utrullinger
    assert (d.flyt, d.navn, d.tidsplan, d.siste_tilstand, d.feiler) == (
        "daglig_oppfolging", "daglig", "cron 0 6 * * * (Europe/Oslo)", "Fullført", False)
    assert d.siste_vellykkede == NA - timedelta(hours=3.49) and d.neste == NA + timedelta(hours=1)
    assert (b.tidsplan, b.siste_tid, b.siste_tilstand, b.neste, b.feiler) == ("ved behov", None, None, None, False)
    assert status.utboks.ventende == 0 and status.utboks.eldste_forfalt is None and not status.logg.finnes


def test_feilet_kjoring_vises_med_vasket_melding(avh: Avhengigheter) -> None:
    feilet = kjoring("Failed", "FAILED", planlagt=NA - timedelta(minutes=5),
                     melding="Flow run encountered an exception: ValueError: person 15108695088 finnes ikke")
    status = _status(avh, _bilde(utrulling("paminnelser", na=NA, siste=feilet)))
    [u] = status.utrullinger
    assert u.feiler and u.siste_tilstand == "Feilet" and u.siste_type == "FAILED"
    assert u.problem == "Siste kjøring: feilet."
    assert u.siste_melding == "Flow run encountered an exception: ValueError: person [tall] finnes ikke"
    assert status.varsler == ()  # en feilet flyt vises i tabellen; varslene gjelder sveip, utboks og Prefect


@pytest.mark.parametrize(("siste", "forventet"), [
    (kjoring("Crashed", "CRASHED"), "Siste kjøring: krasjet."),
    (kjoring("Late", "SCHEDULED"), "Siste kjøring er forsinket: ingen flyttjener har tatt den."),
    (kjoring("Running", "RUNNING"), None),
    (kjoring("Cancelled", "CANCELLED"), None),
])
def test_hva_som_regnes_som_feil(avh: Avhengigheter, siste: object, forventet: str | None) -> None:
    [u] = _status(avh, _bilde(utrulling("utsending", na=NA, siste=siste))).utrullinger  # type: ignore[arg-type]
    assert u.problem == forventet and u.feiler is (forventet is not None)


@pytest.mark.parametrize(("timer", "varsler"), [(25.9, False), (26.1, True)])
def test_daglig_oppfolging_26_timer(avh: Avhengigheter, timer: float, varsler: bool) -> None:
    status = _status(avh, _bilde(sveip_timer_siden=timer))
    assert _koder(status) == ([Driftsvarselkode.SVEIP] if varsler else [])
    if varsler:
        assert status.varsler[0].tekst == "Daglig oppfølging har ikke lyktes på 26 timer"
        assert status.varsler[0].detalj.startswith("Siste vellykkede kjøring endte 7.3.2027 kl. 07.")


@pytest.mark.parametrize(("endret_timer", "oppstart_timer", "varsler"), [
    (2, None, False),  # hovedjobben startet nettopp: ingen kjøring ennå er normalt
    (27, None, True),  # utrullingen ble registrert for 27 t siden og ingenting har lyktes
    (2, 30, True),  # tilsynsløkka vet at hovedjobben har gått i 30 t
    (27, 3, False),  # … eller bare i 3 t
])
def test_daglig_oppfolging_som_aldri_har_lyktes(avh: Avhengigheter, endret_timer: int, oppstart_timer: int | None,
                                                 varsler: bool) -> None:
    daglig = utrulling("daglig_oppfolging", na=NA, endret=NA - timedelta(hours=endret_timer))
    oppstart = None if oppstart_timer is None else NA - timedelta(hours=oppstart_timer)
    status = _status(avh, _bilde(daglig, sveip_timer_siden=None), oppstart=oppstart)
    assert _koder(status) == ([Driftsvarselkode.SVEIP] if varsler else [])
    if varsler:
        assert status.varsler[0].detalj.startswith("Ingen kjøring har lyktes siden hovedjobben startet")


def test_uten_utrulling_og_uten_oppstart_kan_sveipet_ikke_vurderes(avh: Avhengigheter) -> None:
    assert _koder(_status(avh, _bilde(sveip_timer_siden=None))) == []
    status = _status(avh, _bilde(sveip_timer_siden=None), oppstart=NA - timedelta(hours=27))
    assert _koder(status) == [Driftsvarselkode.SVEIP]


def test_prefect_svarer_ikke(avh: Avhengigheter) -> None:
    status = _status(avh, None)
    assert _koder(status) == [Driftsvarselkode.PREFECT] and status.utrullinger == ()
    assert status.prefect_feil == "Ingen svar fra http://prefect.test/api (ConnectError)."
    assert status.varsler[0].detalj.endswith("Flytene og tidsplanene står.")


def test_tidsplan_uten_kommende_kjoring_er_planleggerfeil(avh: Avhengigheter) -> None:
    uten = utrulling("utsending", "hvert-femte-minutt", na=NA, neste=None)
    nylig = utrulling("paminnelser", na=NA, neste=None, endret=NA - timedelta(minutes=2))  # planleggeren får tid
    pauset = utrulling("kvartalskontroll", na=NA, neste=None, pauset=True)
    status = _status(avh, _bilde(uten, nylig, pauset))
    assert _koder(status) == [Driftsvarselkode.PLANLEGGER]
    assert status.varsler[0].detalj == "Ingen kommende kjøring for utsending/hvert-femte-minutt."
    assert [u.feiler for u in status.utrullinger] == [True, False, False]
    assert status.utrullinger[2].tidsplan.endswith("(pauset)")


def _logg(avh: Avhengigheter, endret: datetime) -> Path:
    sti = avh.innstillinger.datamappe / "logg" / "prefect.log"
    sti.parent.mkdir(parents=True, exist_ok=True)
    tid = endret.astimezone().strftime("%H:%M:%S")  # loggen skrives i maskinens lokaltid
    sti.write_text(f"{tid}.000 | ERROR   | prefect.server.services.scheduler - Error scheduling deployment 'x'.\n"
                   "Traceback (most recent call last):\n  File \"scheduler.py\", line 1\n"
                   "sqlalchemy.exc.InvalidRequestError: Can't evaluate bulk DML statement\n", encoding="utf-8")
    os.utime(sti, (endret.timestamp(), endret.timestamp()))
    return sti


@pytest.mark.parametrize(("minutter_siden", "varsler"), [(3, True), (40, False)])
def test_planleggerfeil_i_loggen(avh: Avhengigheter, minutter_siden: int, varsler: bool) -> None:
    _logg(avh, NA - timedelta(minutes=minutter_siden))
    status = _status(avh, _bilde())
    assert status.logg.antall == 1 and status.logg.feil[0].planlegger
    assert _koder(status) == ([Driftsvarselkode.PLANLEGGER] if varsler else [])
    if varsler:
        assert "Can't evaluate bulk DML statement" in status.varsler[0].detalj


@pytest.mark.parametrize(("neste_forsok", "na", "minutter", "varsler"), [
    (kl(MANDAG, 7), kl(MANDAG, 9), 120, False),  # akkurat 2 timer er ikke eldre enn 2 timer
    (kl(MANDAG, 7), kl(MANDAG, 9, 1), 121, True),
    (kl(date(2027, 3, 5), 17), kl(MANDAG, 8), 120, False),  # fredag 17 → mandag 08: helgen teller ikke
    (kl(date(2027, 3, 5), 16, 30), kl(MANDAG, 8), 150, True),
    (kl(MANDAG, 5), kl(MANDAG, 8), 60, False),  # natten teller ikke
])
def test_eldste_ventende_e_post_i_arbeidstid(avh: Avhengigheter, motor: Engine, neste_forsok: datetime,
                                            na: datetime, minutter: int, varsler: bool) -> None:
    legg_varsel(motor, 1, neste_forsok=neste_forsok)
    legg_varsel(motor, 2, neste_forsok=na + timedelta(minutes=10))  # venter på nytt forsøk: ikke forfalt
    status = _status(avh, _bilde(sveip_timer_siden=1), na=na)
    assert status.utboks.ventende == 2 and status.utboks.eldste_forfalt == neste_forsok
    assert status.utboks.eldste_minutter_i_arbeidstid == minutter
    assert _koder(status) == ([Driftsvarselkode.UTBOKS] if varsler else [])
    if varsler:
        assert status.varsler[0].detalj.endswith("i arbeidstiden); 2 e-poster venter.")


def test_forlatt_sending_og_dode_telles(avh: Avhengigheter, motor: Engine) -> None:
    legg_varsel(motor, 1, neste_forsok=kl(MANDAG, 6), status=Varselstatus.SENDER, lease_til=kl(MANDAG, 7))
    legg_varsel(motor, 2, neste_forsok=kl(MANDAG, 7), status=Varselstatus.SENDER, lease_til=NA + timedelta(minutes=5))
    legg_varsel(motor, 3, neste_forsok=kl(MANDAG, 7), status=Varselstatus.DOD)
    legg_varsel(motor, 4, neste_forsok=kl(MANDAG, 7), status=Varselstatus.SENDT)
    status = _status(avh, _bilde())
    u = status.utboks
    assert (u.ventende, u.dode, u.eldste_forfalt, u.eldste_minutter_i_arbeidstid) == (0, 1, kl(MANDAG, 7), 150)
    assert _koder(status) == [Driftsvarselkode.UTBOKS]


@pytest.mark.parametrize("rolle", [Rolle.KOORDINATOR, Rolle.SAKSBEHANDLER])
def test_bare_leder_og_admin(avh: Avhengigheter, rolle: Rolle) -> None:
    kilde = FalskOrkestrering(_bilde())
    with pytest.raises(IngenTilgang):
        driftsstatus(avh, Aktor(id=5, navn="x", rolle=rolle), na=NA, orkestrering=kilde)
    assert kilde.kall == []
    assert _status(avh, _bilde(), aktor=ADMIN).varsler == ()
