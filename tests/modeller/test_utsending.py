"""Utsending mot en ekte SMTP-tjener (aiosmtpd): innhold per type og målform, idempotens, reservasjon og lease."""

import os
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lag_motor, lesing
from modeller.ics import bygg_invitasjon
from modeller.lokal_smtp import les_maildir, start_lokal_smtp
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Varsel
from modeller.tjenester.paminnelser import planlegg_paminnelser
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.utsending import LEASE, lag_postsender, reserver_varsler, send_varsler, send_varsler_async
from tests.db_fiks import url_for
from tests.modeller.varsel_fiks import AVSENDER, DAG, KOORDINATOR, bygg_verden, fast, kl, lag_avh, postsender
from tests.smtp_fiks import SmtpTjener, ledig_port


def _varsler(motor: Engine) -> list[Varsel]:
    with lesing(motor) as okt:
        rader = list(okt.exec(select(Varsel).order_by(col(Varsel.id))))
        okt.expunge_all()
        return rader


def _tekst(melding: EmailMessage, type_: str = "plain") -> str:
    del_ = melding.get_body(preferencelist=(type_,))
    assert del_ is not None
    innhold = del_.get_content()
    assert isinstance(innhold, str)
    return innhold


EMNER = {
    "nb": {
        "tiltak_evaluering_snart": "Påminnelse: evaluering av tiltak innen 24. februar 2027 (sak {ref})",
        "tiltak_evaluering_forfalt": "Fristen er ute: evaluering av tiltak (sak {ref})",
        "plan_revisjon": "Individuell plan skal revideres innen 24. februar 2027 (sak {ref})",
        "vedtak_revurdering": "Vedtak skal revurderes innen 24. februar 2027 (sak {ref})",
        "referat_mangler": "Referat mangler fra møtet 2. februar 2027 (sak {ref})",
        "opplaering_mangler": "Opplæring som koordinator innen 24. februar 2027",
        "klagefrist_nar": "Klagefristen går ut 24. februar 2027 (sak {ref})",
        "forelopig_svar_nar": "Foreløpig svar må sendes innen 24. februar 2027 (sak {ref})",
        "barnekoordinator_overgang": "Planlegg overgang fra barnekoordinator innen 24. februar 2027 (sak {ref})",
        "oppgave_forfalt": "Oppgave på overtid (sak {ref})",
        "oppgave_eskalert": "Oppgave sendt videre til deg (sak {ref})",
    },
    "nn": {
        "tiltak_evaluering_snart": "Påminning: evaluering av tiltak innan 24. februar 2027 (sak {ref})",
        "tiltak_evaluering_forfalt": "Fristen er ute: evaluering av tiltak (sak {ref})",
        "plan_revisjon": "Individuell plan skal reviderast innan 24. februar 2027 (sak {ref})",
        "vedtak_revurdering": "Vedtak skal vurderast på nytt innan 24. februar 2027 (sak {ref})",
        "referat_mangler": "Referat manglar frå møtet 2. februar 2027 (sak {ref})",
        "opplaering_mangler": "Opplæring som koordinator innan 24. februar 2027",
        "klagefrist_nar": "Klagefristen går ut 24. februar 2027 (sak {ref})",
        "forelopig_svar_nar": "Førebels svar må sendast innan 24. februar 2027 (sak {ref})",
        "barnekoordinator_overgang": "Planlegg overgang frå barnekoordinator innan 24. februar 2027 (sak {ref})",
        "oppgave_forfalt": "Oppgåve på overtid (sak {ref})",
        "oppgave_eskalert": "Oppgåve sendt vidare til deg (sak {ref})",
    },
}
ROLLE = {"nb": "Du får denne e-posten fordi du er ansvarlig for tiltak.",
         "nn": "Du får denne e-posten fordi du er ansvarleg for tiltak."}


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_innhold_per_type_pa_bokmal_og_nynorsk(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener,
                                               malform: str) -> None:
    verden = bygg_verden(motor, malform=malform)
    avh = lag_avh(motor, tmp_path, malform=malform)
    planlegg_paminnelser(avh, referansedato=DAG)
    resultat = send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a")

    assert (resultat.sendt, resultat.midlertidig, resultat.dode) == (11, 0, 0)
    rader = {v.message_id: v for v in _varsler(motor)}
    assert len(smtp_server.meldinger) == 11
    for melding, konvolutt in zip(smtp_server.meldinger, smtp_server.konvolutter, strict=True):
        v = rader[str(melding["Message-ID"])]
        ref = v.kontekst["referanse"]
        assert str(melding["Subject"]).strip() == EMNER[malform][v.varseltype].format(ref=ref), v.varseltype
        assert melding["To"] == v.mottaker_epost == verden.forventet[v.varseltype][0]
        assert melding["Cc"] == verden.forventet[v.varseltype][1]
        assert set(konvolutt.mottakere) == {v.mottaker_epost, *([v.kopi_epost] if v.kopi_epost else [])}
        assert melding["From"] == AVSENDER and melding["Auto-Submitted"] == "auto-generated"
        lenke = f"https://enheten.kommune.example/?ref={ref}"
        assert lenke in _tekst(melding) and lenke in _tekst(melding, "html")
    snart = next(m for m in smtp_server.meldinger if rader[str(m["Message-ID"])].varseltype.endswith("snart"))
    assert ROLLE[malform] in _tekst(snart)
    assert all(v.status == "sendt" and v.sendt == kl(DAG) and v.forsok == 1 for v in rader.values())


def test_en_melding_per_nokkel_selv_om_planlegging_og_utsending_kjores_to_ganger(
    motor: Engine, tmp_path: Path, smtp_server: SmtpTjener
) -> None:
    bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    for _ in range(2):
        planlegg_paminnelser(avh, referansedato=DAG)
        send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a")
    send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG + timedelta(days=1))), arbeider="b")

    rader = _varsler(motor)
    ider = Counter(str(m["Message-ID"]) for m in smtp_server.meldinger)
    assert len(rader) == 11 and all(v.status == "sendt" for v in rader)
    assert ider == Counter({v.message_id: 1 for v in rader})


def _rader(avh: Avhengigheter, antall: int, *, dag: date = DAG) -> list[int]:
    """`antall` enkle rader uten person, forfall `dag`."""
    ider = []
    with arbeidsenhet(avh.motor) as okt:
        for i in range(antall):
            v = legg_i_utboks(okt, varseltype="klagefrist_nar", mottaker_epost=f"mottaker{i}@kommune.example",
                              forfallsdato=dag, objekt_type="test", objekt_id=i,
                              kontekst={"referanse": f"S-{i:04d}", "frist": dag, "lenke": "https://x.example/?ref=S",
                                        "kommunenavn": "K", "ke_navn": "KE", "mottakerrolle": "saksbehandler"})
            assert v is not None and v.id is not None
            ider.append(v.id)
    return ider


def test_reservasjon_er_eksklusiv_og_tas_igjen_etter_lease(motor: Engine, tmp_path: Path) -> None:
    avh = lag_avh(motor, tmp_path)
    alle = _rader(avh, 10)
    na = kl(DAG)
    a = reserver_varsler(avh, na=na, arbeider="a", parti=4)
    b = reserver_varsler(avh, na=na, arbeider="b", parti=100)
    assert len(a) == 4 and sorted(a + b) == alle
    assert reserver_varsler(avh, na=na + LEASE - timedelta(seconds=1), arbeider="c") == []
    assert reserver_varsler(avh, na=na + LEASE + timedelta(seconds=1), arbeider="c") == alle
    assert {(v.status, v.tatt_av, v.forsok) for v in _varsler(motor)} == {("sender", "c", 2)}


def test_stoppet_utsender_mister_ingenting(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    planlegg_paminnelser(avh, referansedato=DAG)
    assert len(reserver_varsler(avh, na=kl(DAG), arbeider="drept")) == 11  # reserverer, sender aldri

    avsender = postsender(smtp_server.port)
    assert send_varsler(avh, avsender, klokke=fast(kl(DAG) + timedelta(minutes=5)), arbeider="ny").sendt == 0
    etter = send_varsler(avh, avsender, klokke=fast(kl(DAG) + LEASE + timedelta(minutes=1)), arbeider="ny")
    assert etter.sendt == 11 and len(smtp_server.meldinger) == 11
    assert {(v.status, v.tatt_av, v.forsok) for v in _varsler(motor)} == {("sendt", "ny", 2)}


def test_utsender_som_dor_i_egen_prosess_etter_reservasjon(motor: Engine, tmp_path: Path,
                                                           smtp_server: SmtpTjener) -> None:
    avh = lag_avh(motor, tmp_path)
    ider = _rader(avh, 25)
    na = kl(DAG)
    kode = (
        "import os, sys\n"
        "from datetime import datetime\n"
        "from modeller.innstillinger import Innstillinger\n"
        "from modeller.oppsett import bygg\n"
        "from modeller.tjenester.utsending import reserver_varsler\n"
        "avh = bygg(Innstillinger(database_url=sys.argv[1], datamappe=sys.argv[2]))\n"
        "ider = reserver_varsler(avh, na=datetime.fromisoformat(sys.argv[3]), arbeider='barn', parti=10)\n"
        "print(len(ider), flush=True)\n"
        "os._exit(1)\n"
    )
    barn = subprocess.run([sys.executable, "-c", kode, url_for(motor), str(tmp_path / "barn"), na.isoformat()],
                          capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2], check=False,
                          env={**os.environ, "PREFECT_SERVER_EPHEMERAL_ENABLED": "false"})
    assert (barn.returncode, barn.stdout.strip()) == (1, "10"), barn.stderr

    avsender = postsender(smtp_server.port)
    assert send_varsler(avh, avsender, klokke=fast(na), arbeider="ny").sendt == 15
    assert send_varsler(avh, avsender, klokke=fast(na + LEASE + timedelta(seconds=1)), arbeider="ny").sendt == 10
    assert sorted(int(str(m["Message-ID"]).split(".")[0].removeprefix("<varsel-"))
                  for m in smtp_server.meldinger) == ider


def test_to_utsendere_samtidig_sender_hver_rad_en_gang(motor: Engine, tmp_path: Path,
                                                       smtp_server: SmtpTjener) -> None:
    """To utsendere med hver sin motor (egne tilkoblinger) over 1 000 rader: ingen rad sendes to ganger."""
    avh = lag_avh(motor, tmp_path)
    ider = _rader(avh, 1000)
    start = threading.Barrier(2)
    resultater: dict[str, int] = {}
    feil: list[BaseException] = []

    def utsender(navn: str) -> None:
        egen = lag_motor(url_for(motor))
        try:
            egen_avh = Avhengigheter(innstillinger=avh.innstillinger, motor=egen, regelverk=avh.regelverk)
            start.wait()
            resultater[navn] = send_varsler(egen_avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider=navn,
                                            parti=50).sendt
        except BaseException as f:  # noqa: BLE001 - feilen vises i hovedtråden
            feil.append(f)
        finally:
            egen.dispose()

    traader = [threading.Thread(target=utsender, args=(n,)) for n in ("a", "b")]
    for t in traader:
        t.start()
    for t in traader:
        t.join(timeout=120)
    assert not feil, feil
    assert sum(resultater.values()) == 1000
    mottatt = Counter(str(m["Message-ID"]) for m in smtp_server.meldinger)
    assert len(mottatt) == 1000 and set(mottatt.values()) == {1}
    rader = _varsler(motor)
    assert sorted(v.id or 0 for v in rader if v.status == "sendt") == ider
    assert {v.message_id for v in rader} == set(mottatt)
    assert Counter(v.tatt_av for v in rader) == Counter(resultater)


def test_omkjoring_til_dato_sender_det_som_forfaller_den_dagen(motor: Engine, tmp_path: Path,
                                                              smtp_server: SmtpTjener) -> None:
    avh = lag_avh(motor, tmp_path)
    _rader(avh, 3)
    _rader(avh, 2, dag=DAG + timedelta(days=1))
    avsender = postsender(smtp_server.port)
    tidlig = kl(DAG, 6)  # før sendetiden kl. 07
    assert send_varsler(avh, avsender, klokke=fast(tidlig), arbeider="a").sendt == 0
    assert send_varsler(avh, avsender, klokke=fast(tidlig), arbeider="a", til_dato=DAG).sendt == 3
    assert send_varsler(avh, avsender, klokke=fast(tidlig), arbeider="a", til_dato=DAG + timedelta(days=1)).sendt == 2


def test_kalenderinvitasjon_og_avlysning_folger_med(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    avh = lag_avh(motor, tmp_path)
    start = datetime(2027, 3, 3, 9, 0, tzinfo=kl(DAG).tzinfo)
    with arbeidsenhet(motor) as okt:
        for varseltype, metode in (("mote_innkalling", "REQUEST"), ("mote_avlyst", "CANCEL")):
            ics = bygg_invitasjon(uid="mote-9@kommune.example", sekvens=1 if metode == "CANCEL" else 0, start=start,
                                  slutt=start + timedelta(hours=1), metode=metode,
                                  oppsummering="Møte i ansvarsgruppe, sak P-7F3A9C2K", beskrivelse="Se dashbordet.",
                                  arrangor_epost=AVSENDER, deltakere=[KOORDINATOR], stempel=kl(DAG))
            legg_i_utboks(okt, varseltype=varseltype, mottaker_epost=KOORDINATOR, forfallsdato=DAG,
                          objekt_type="mote", objekt_id=9, ics=ics.decode("utf-8"),
                          kontekst={"referanse": "P-7F3A9C2K", "motestart": start,
                                    "lenke": "https://x.example/?ref=P-7F3A9C2K", "kommunenavn": "K", "ke_navn": "KE",
                                    "mottakerrolle": "medlem av ansvarsgruppen"})
    assert send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a").sendt == 2
    for melding, metode in zip(smtp_server.meldinger, ("REQUEST", "CANCEL"), strict=True):
        kalender = next(d for d in melding.walk() if d.get_content_type() == "text/calendar")
        assert kalender.get_param("method") == metode
        innhold = kalender.get_content()
        innhold = innhold if isinstance(innhold, str) else innhold.decode("utf-8")
        assert f"METHOD:{metode}" in innhold and "UID:mote-9@kommune.example" in innhold


def test_lag_postsender_uten_vert_bruker_lokal_mottaker(motor: Engine, tmp_path: Path) -> None:
    port = ledig_port()
    avh = lag_avh(motor, tmp_path, lokal_smtp_port=port)
    _rader(avh, 2)
    kontroller = start_lokal_smtp(avh.innstillinger.maildir, port=port)
    try:
        resultat = send_varsler(avh, lag_postsender(avh.innstillinger), klokke=fast(kl(DAG)), arbeider="a")
    finally:
        kontroller.stop()
    assert resultat.sendt == 2
    assert sorted(e.til for e in les_maildir(avh.innstillinger.maildir)) == [
        "mottaker0@kommune.example", "mottaker1@kommune.example"]


async def test_synkron_inngang_virker_inne_i_en_kjorende_lokke(motor: Engine, tmp_path: Path,
                                                               smtp_server: SmtpTjener) -> None:
    """Som en synkron Prefect-oppgave i en asynkron flyt: send_varsler kalles mens en løkke kjører."""
    avh = lag_avh(motor, tmp_path)
    _rader(avh, 3)
    _rader(avh, 2, dag=DAG + timedelta(days=1))
    assert send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a").sendt == 3
    resultat = await send_varsler_async(avh, postsender(smtp_server.port), klokke=fast(kl(DAG + timedelta(days=1))),
                                        arbeider="a")
    assert resultat.sendt == 2 and len(smtp_server.meldinger) == 5
