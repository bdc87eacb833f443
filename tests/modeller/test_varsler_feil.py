"""Feiltester for utsendingen: tjener nede, 4xx, 5xx og død rad, for mange forsøk, TLS, samtykke, SQLite-lås."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from modeller.db import arbeidsenhet, lesing
from modeller.regler.begreper import Rolle
from modeller.tabeller import Oppgave, Samtykke, Tilgangslogg, Varsel
from modeller.tjenester.feil import IkkeFunnet, IngenTilgang, Valideringsfeil
from modeller.tjenester.paminnelser import planlegg_paminnelser
from modeller.tjenester.tilgang import Aktor
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.utsending import MAKS_FORSOK, lag_postsender, send_varsler, ventetid
from modeller.tjenester.varsler import dode_varsler, list_varsler, send_pa_nytt, tell_varsler
from tests.modeller.varsel_fiks import DAG, bygg_verden, fast, kl, lag_avh, postsender
from tests.smtp_fiks import Oppsamler, SmtpTjener, ledig_port

LEDER = Aktor(id=None, navn="leder", rolle=Rolle.LEDER)


def _varsler(motor: Engine) -> list[Varsel]:
    with lesing(motor) as okt:
        rader = list(okt.exec(select(Varsel).order_by(col(Varsel.id))))
        okt.expunge_all()
        return rader


def _oppgaver(motor: Engine, oppgavetype: str = "varsel_feilet") -> list[Oppgave]:
    with lesing(motor) as okt:
        rader = list(okt.exec(select(Oppgave).where(Oppgave.oppgavetype == oppgavetype)))
        okt.expunge_all()
        return rader


def _en_rad(motor: Engine, *, kontekst: dict[str, object] | None = None, person_id: int | None = None) -> int:
    with arbeidsenhet(motor) as okt:
        v = legg_i_utboks(okt, varseltype="klagefrist_nar", mottaker_epost="saksbehandler@kommune.example",
                          forfallsdato=DAG, objekt_type="vedtak", objekt_id=1, person_id=person_id,
                          kontekst=kontekst if kontekst is not None else {
                              "referanse": "S-7F3A9C2K", "frist": DAG, "lenke": "https://x.example/?ref=S-7F3A9C2K",
                              "kommunenavn": "K", "ke_navn": "KE", "mottakerrolle": "saksbehandler"})
        assert v is not None and v.id is not None
        return v.id


def test_tjener_nede_deretter_oppe_sendes_etter_ventetiden(motor: Engine, tmp_path: Path) -> None:
    bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    planlegg_paminnelser(avh, referansedato=DAG)
    port = ledig_port()
    na = kl(DAG)

    nede = send_varsler(avh, postsender(port), klokke=fast(na), arbeider="a")
    assert (nede.sendt, nede.midlertidig, nede.dode) == (0, 11, 0)
    for v in _varsler(motor):
        assert (v.status, v.forsok, v.tatt_av, v.lease_til) == ("venter", 1, None, None)
        assert v.neste_forsok == na + ventetid(1, v.id or 0) and "Tilkobling feilet" in (v.siste_feil or "")

    oppsamler = Oppsamler()
    kontroller = Controller(oppsamler, hostname="127.0.0.1", port=port)
    kontroller.start()
    try:
        assert send_varsler(avh, postsender(port), klokke=fast(na + timedelta(seconds=30)), arbeider="a").sendt == 0
        assert oppsamler.meldinger == []
        oppe = send_varsler(avh, postsender(port), klokke=fast(na + timedelta(minutes=2)), arbeider="a")
    finally:
        kontroller.stop()
    assert oppe.sendt == 11 and len(oppsamler.meldinger) == 11
    assert {(v.status, v.forsok) for v in _varsler(motor)} == {("sendt", 2)}


@pytest.mark.parametrize(("rcpt", "data"), [
    (["421 4.3.2 Tjenesten stenger"], ["451 4.3.0 Prøv igjen senere"]),
    (["450 4.2.1 Postkassen er opptatt", "451 4.3.0 Lokal feil"], []),
])
def test_midlertidige_feil_gir_nye_forsok_og_en_levering(motor: Engine, tmp_path: Path, skriptet_smtp: SmtpTjener,
                                                         rcpt: list[str], data: list[str]) -> None:
    avh = lag_avh(motor, tmp_path)
    varsel_id = _en_rad(motor)
    skriptet_smtp.handler.programmer(rcpt=rcpt, data=data)  # type: ignore[attr-defined]
    avsender = postsender(skriptet_smtp.port)
    na = kl(DAG)
    ventetider = []
    for forsok in (1, 2):
        assert send_varsler(avh, avsender, klokke=fast(na), arbeider="a").midlertidig == 1
        (v,) = _varsler(motor)
        assert (v.status, v.forsok) == ("venter", forsok) and v.siste_feil and v.siste_feil[:1] == "4"
        ventetider.append(v.neste_forsok - na)
        for_tidlig = fast(v.neste_forsok - timedelta(seconds=1))
        assert send_varsler(avh, avsender, klokke=for_tidlig, arbeider="a").midlertidig == 0
        na = v.neste_forsok
    assert ventetider[1] > ventetider[0] >= timedelta(minutes=1)
    assert send_varsler(avh, avsender, klokke=fast(na), arbeider="a").sendt == 1
    (v,) = _varsler(motor)
    assert (v.id, v.status, v.forsok) == (varsel_id, "sendt", 3)
    assert [str(m["Message-ID"]) for m in skriptet_smtp.meldinger] == [v.message_id]


def test_permanent_feil_gir_dod_rad_synlig_med_oppgave_og_kan_sendes_pa_nytt(
    motor: Engine, tmp_path: Path, skriptet_smtp: SmtpTjener
) -> None:
    avh = lag_avh(motor, tmp_path)
    varsel_id = _en_rad(motor)
    skriptet_smtp.handler.programmer(rcpt=["550 5.1.1 Ukjent mottaker"])  # type: ignore[attr-defined]
    avsender = postsender(skriptet_smtp.port)
    assert send_varsler(avh, avsender, klokke=fast(kl(DAG)), arbeider="a").dode == 1

    (dod,) = dode_varsler(avh)
    assert (dod.id, dod.status, dod.forsok) == (varsel_id, "dod", 1) and "550" in (dod.siste_feil or "")
    assert [r.id for r in list_varsler(avh, status="dod")] == [varsel_id]
    assert tell_varsler(avh) == {"venter": 0, "sender": 0, "sendt": 0, "dod": 1, "kansellert": 0}
    (oppgave,) = _oppgaver(motor)
    assert (oppgave.status, oppgave.objekt_type, oppgave.objekt_id, oppgave.eier_rolle) == (
        "apen", "varsel", varsel_id, "saksbehandler")
    # En død rad sendes aldri automatisk igjen.
    assert send_varsler(avh, avsender, klokke=fast(kl(DAG + timedelta(days=2))), arbeider="a").sendt == 0

    with pytest.raises(IngenTilgang):
        send_pa_nytt(avh, Aktor(id=None, navn="k", rolle=Rolle.KOORDINATOR), varsel_id, na=kl(DAG, 9))
    rad = send_pa_nytt(avh, LEDER, varsel_id, na=kl(DAG, 9))
    assert (rad.status, rad.forsok, rad.siste_feil) == ("venter", 0, None)
    assert [o.status for o in _oppgaver(motor)] == ["fullfort"]
    with lesing(motor) as okt:
        logg = okt.exec(select(Tilgangslogg).where(Tilgangslogg.hvorfor == "sendte e-post på nytt")).all()
        assert [(r.aktor, r.handling) for r in logg] == [("leder", "endre")]

    assert send_varsler(avh, avsender, klokke=fast(kl(DAG, 9)), arbeider="a").sendt == 1
    assert len(skriptet_smtp.meldinger) == 1
    with pytest.raises(Valideringsfeil, match="status"):
        send_pa_nytt(avh, LEDER, varsel_id, na=kl(DAG, 10))


def test_for_mange_midlertidige_feil_gir_dod_rad_og_oppgave(motor: Engine, tmp_path: Path) -> None:
    avh = lag_avh(motor, tmp_path)
    varsel_id = _en_rad(motor)
    with arbeidsenhet(motor) as okt:
        okt.exec(update(Varsel).where(col(Varsel.id) == varsel_id).values(forsok=MAKS_FORSOK - 1))
    resultat = send_varsler(avh, postsender(ledig_port()), klokke=fast(kl(DAG)), arbeider="a")
    assert (resultat.midlertidig, resultat.dode) == (0, 1)
    (v,) = _varsler(motor)
    assert v.status == "dod" and v.forsok == MAKS_FORSOK and "Ga opp etter 12 forsøk" in (v.siste_feil or "")
    assert len(_oppgaver(motor)) == 1


def test_malfeil_gir_dod_rad_uten_sending(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    avh = lag_avh(motor, tmp_path)
    _en_rad(motor, kontekst={"referanse": "S-1", "frist": DAG})  # mangler feltene malen krever
    assert send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a").dode == 1
    assert smtp_server.meldinger == []
    (v,) = _varsler(motor)
    assert v.status == "dod" and (v.siste_feil or "").startswith("Malfeil")


def test_tls_kreves_uten_starttls_sendes_ingenting(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    avh = lag_avh(motor, tmp_path, smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_tls="starttls")
    _en_rad(motor)
    resultat = send_varsler(avh, lag_postsender(avh.innstillinger), klokke=fast(kl(DAG)), arbeider="a")
    assert (resultat.sendt, resultat.midlertidig) == (0, 1)
    assert smtp_server.meldinger == []
    (v,) = _varsler(motor)
    assert v.status == "venter" and "STARTTLS" in (v.siste_feil or "")


def test_trukket_samtykke_stopper_all_e_post_for_personen(motor: Engine, tmp_path: Path,
                                                          smtp_server: SmtpTjener) -> None:
    verden = bygg_verden(motor)
    avh = lag_avh(motor, tmp_path)
    planlegg_paminnelser(avh, referansedato=DAG)
    person_a = verden.ider["person_a"]
    antall_a = sum(1 for v in _varsler(motor) if v.person_id == person_a)
    with arbeidsenhet(motor) as okt:  # trukket etter planleggingen, før utsendingen
        okt.exec(update(Samtykke).where(col(Samtykke.person_id) == person_a).values(trukket=DAG))
    resultat = send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a")

    assert (resultat.kansellert, resultat.sendt) == (antall_a, 11 - antall_a) and antall_a == 8
    for v in _varsler(motor):
        assert v.status == ("kansellert" if v.person_id == person_a else "sendt"), v.varseltype
    sendte = {v.message_id for v in _varsler(motor) if v.status == "sendt"}
    assert {str(m["Message-ID"]) for m in smtp_server.meldinger} == sendte
    assert planlegg_paminnelser(avh, referansedato=DAG + timedelta(days=1)).totalt == 0


def test_sqlite_las_venter_og_utsendingen_fullforer(sqlite_motor: Engine, tmp_path: Path,
                                                    smtp_server: SmtpTjener) -> None:
    """En annen skriver holder BEGIN IMMEDIATE en stund: utsenderen venter (busy_timeout) og krasjer ikke."""
    avh = lag_avh(sqlite_motor, tmp_path)
    _en_rad(sqlite_motor)
    laast, slipp = threading.Event(), threading.Event()

    def skriver() -> None:
        with sqlite_motor.connect() as tilkobling:
            tilkobling.exec_driver_sql("UPDATE varsel SET siste_feil = NULL")  # BEGIN IMMEDIATE fra modeller.db
            laast.set()
            slipp.wait(10)
            tilkobling.commit()

    traad = threading.Thread(target=skriver)
    traad.start()
    assert laast.wait(10)
    threading.Timer(0.5, slipp.set).start()
    try:
        resultat = send_varsler(avh, postsender(smtp_server.port), klokke=fast(kl(DAG)), arbeider="a")
    finally:
        slipp.set()
        traad.join()
    assert resultat.sendt == 1 and len(smtp_server.meldinger) == 1


@pytest.mark.parametrize("varsel_id", [1, 7, 12345])
def test_ventetid_dobles_med_fast_spredning_og_tak_pa_seks_timer(varsel_id: int) -> None:
    tider = [ventetid(n, varsel_id) for n in range(1, 16)]
    assert timedelta(minutes=1) <= tider[0] <= timedelta(minutes=1.1)
    assert all(b >= a for a, b in zip(tider, tider[1:], strict=False))
    assert all(2 * a * 0.9 <= b for a, b in zip(tider[:8], tider[1:9], strict=True))  # dobling (± spredning)
    assert max(tider) == tider[-1] == timedelta(hours=6)
    assert tider == [ventetid(n, varsel_id) for n in range(1, 16)]  # fast: samme rad, samme tider


def test_send_pa_nytt_gjelder_ikke_ukjent_rad(motor: Engine, tmp_path: Path) -> None:
    with pytest.raises(IkkeFunnet):
        send_pa_nytt(lag_avh(motor, tmp_path), LEDER, 999, na=kl(DAG))
