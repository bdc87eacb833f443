"""Driftsvakten mot en ekte SMTP-tjener: ett varsel per slag og dag til KEs adresse, direkte og via utboksen,
aldri to ganger, og uten personopplysninger."""

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from modeller.kalender import lokalt_tidspunkt
from modeller.oppsett import Avhengigheter
from modeller.orkestrering import Prefectbilde
from modeller.regler.begreper import Driftsvarselkode, Varselstatus
from modeller.tjenester.drift import Driftsstatus, driftsstatus
from modeller.tjenester.driftsvakt import driftsvakt
from modeller.tjenester.tilgang import SYSTEM
from modeller.tjenester.utsending import send_varsler
from tests.modeller.drift_fiks import FalskOrkestrering, kjoring, legg_varsel, varsler
from tests.modeller.varsel_fiks import AVSENDER, fast, lag_avh, postsender
from tests.smtp_fiks import SmtpTjener, ledig_port

MANDAG = date(2027, 3, 8)
NA = lokalt_tidspunkt(MANDAG, time(9, 30))
OK = Prefectbilde(utrullinger=(), siste_fullforte=kjoring(slutt=NA - timedelta(hours=3)))


@pytest.fixture
def avh(motor: Engine, tmp_path: Path) -> Avhengigheter:
    return lag_avh(motor, tmp_path)


def _status(avh: Avhengigheter, bilde: Prefectbilde | None, na: datetime = NA) -> Driftsstatus:
    return driftsstatus(avh, SYSTEM, na=na, orkestrering=FalskOrkestrering(bilde))


def test_ett_varsel_per_slag_og_dag_til_ke(avh: Avhengigheter, motor: Engine, smtp_server: SmtpTjener) -> None:
    sender = postsender(smtp_server.port)
    forste = driftsvakt(avh, NA, _status(avh, None), postsender=sender)
    assert forste.varsler == forste.meldt == (Driftsvarselkode.PREFECT,) and forste.sendt == 1
    [melding] = smtp_server.meldinger
    assert melding["To"] == AVSENDER and smtp_server.konvolutter[0].mottakere == (AVSENDER,)
    assert melding["Subject"] == "Driftsvarsel: Prefect-serveren svarer ikke"
    tekst = melding.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "svarer ikke" in tekst and "https://enheten.kommune.example/drift" in tekst
    assert not re.search(r"\d{11}", tekst)
    [rad] = varsler(motor)
    assert (rad.varseltype, rad.status, rad.person_id, rad.forsok) == ("driftsvarsel", "sendt", None, 1)
    assert rad.message_id == melding["Message-ID"]

    samme_dag = driftsvakt(avh, NA + timedelta(hours=5), _status(avh, None, NA + timedelta(hours=5)),
                           postsender=sender)
    assert samme_dag.meldt == () and samme_dag.sendt == 0
    assert send_varsler(avh, sender, klokke=fast(NA + timedelta(hours=6)), arbeider="utsender").sendt == 0
    assert len(smtp_server.meldinger) == 1

    neste_dag = NA + timedelta(days=1)
    assert driftsvakt(avh, neste_dag, _status(avh, None, neste_dag), postsender=sender).meldt == (
        Driftsvarselkode.PREFECT,)
    assert len(smtp_server.meldinger) == 2


def test_ingen_varsler_gir_ingen_e_post(avh: Avhengigheter, motor: Engine, smtp_server: SmtpTjener) -> None:
    resultat = driftsvakt(avh, NA, _status(avh, OK), postsender=postsender(smtp_server.port))
    assert resultat.varsler == resultat.meldt == () and smtp_server.meldinger == [] and varsler(motor) == []


@pytest.mark.parametrize("forst", ["vakten", "utsendingen"])
def test_nar_smtp_er_nede_sendes_varselet_senere_en_gang(avh: Avhengigheter, motor: Engine, smtp_server: SmtpTjener,
                                                          forst: str) -> None:
    nede = driftsvakt(avh, NA, _status(avh, None), postsender=postsender(ledig_port()))
    assert nede.meldt == (Driftsvarselkode.PREFECT,) and nede.sendt == 0 and nede.midlertidig == 1
    [rad] = varsler(motor)
    assert rad.status == Varselstatus.VENTER and rad.tatt_av is None and rad.neste_forsok > NA
    sender, senere = postsender(smtp_server.port), NA + timedelta(minutes=30)

    def vakt(na: datetime) -> int:
        resultat = driftsvakt(avh, na, _status(avh, None, na), postsender=sender)
        assert resultat.meldt == ()  # dagens rad finnes: ingen ny
        return resultat.sendt

    def utsending(na: datetime) -> int:
        return send_varsler(avh, sender, klokke=fast(na), arbeider="utsender").sendt

    forste, andre = (vakt, utsending) if forst == "vakten" else (utsending, vakt)
    assert forste(senere) == 1
    assert andre(senere + timedelta(minutes=5)) == 0 and forste(senere + timedelta(hours=1)) == 0
    assert len(smtp_server.meldinger) == 1
    assert smtp_server.meldinger[0]["Subject"] == "Driftsvarsel: Prefect-serveren svarer ikke"
    [rad] = varsler(motor)
    assert rad.status == Varselstatus.SENDT and rad.forsok == 2


def test_flere_slag_samtidig_gir_en_e_post_hver(avh: Avhengigheter, motor: Engine, smtp_server: SmtpTjener) -> None:
    legg_varsel(motor, 1, neste_forsok=NA - timedelta(hours=3))  # har ventet 2,5 t i arbeidstiden
    resultat = driftsvakt(avh, NA, _status(avh, None), postsender=postsender(smtp_server.port))
    assert resultat.meldt == (Driftsvarselkode.PREFECT, Driftsvarselkode.UTBOKS) and resultat.sendt == 2
    emner = sorted(str(m["Subject"]) for m in smtp_server.meldinger)
    assert emner == ["Driftsvarsel: E-post blir liggende i utboksen", "Driftsvarsel: Prefect-serveren svarer ikke"]
    assert {v.objekt_type for v in varsler(motor) if v.varseltype == "driftsvarsel"} == {"drift_prefect",
                                                                                          "drift_utboks"}


def test_uten_status_leser_vakten_selv_og_prefect_som_ikke_svarer_meldes(
        avh: Avhengigheter, motor: Engine, smtp_server: SmtpTjener, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{ledig_port()}/api")
    resultat = driftsvakt(avh, NA, postsender=postsender(smtp_server.port))
    assert resultat.meldt == (Driftsvarselkode.PREFECT,) and len(smtp_server.meldinger) == 1


def test_en_vakt_som_stoppet_midt_i_sendingen_tas_over_etter_leasen(avh: Avhengigheter, motor: Engine,
                                                                     smtp_server: SmtpTjener) -> None:
    """Raden står som «sender» for en vakt som døde; når leasen er ute, sender neste vakt den (én gang)."""
    from modeller.db import arbeidsenhet
    from modeller.tjenester.driftsvakt import _legg_inn_reservert

    with arbeidsenhet(motor) as okt:
        _legg_inn_reservert(okt, avh, Driftsvarselkode.UTBOKS, na=NA, arbeider="driftsvakt:død")
    sender = postsender(smtp_server.port)
    assert driftsvakt(avh, NA + timedelta(minutes=10), _status(avh, OK), postsender=sender).sendt == 0  # lease gjelder
    assert driftsvakt(avh, NA + timedelta(minutes=16), _status(avh, OK), postsender=sender).sendt == 1
    assert [str(m["Subject"]) for m in smtp_server.meldinger] == ["Driftsvarsel: E-post blir liggende i utboksen"]
