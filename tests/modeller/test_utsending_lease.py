"""Leasen gjelder per parti fra veggklokka: en lang kjøring gir aldri en annen utsender rader den selv sender.

Ekte SMTP-tjener (aiosmtpd) og ekte database; klokka er en falsk klokke bak `Klokke`-grensesnittet (stilt av
testen) eller veggklokka forskjøvet til DAG. Hver test teller meldingene tjeneren fikk per Message-ID (én per
idempotensnøkkel) og sammenligner med det utsenderne og databasen sier ble sendt.
"""

import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from modeller.db import arbeidsenhet, lag_motor, lesing
from modeller.epost import Epost, Postsender, Sendeutfall
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.utboks import legg_i_utboks
from modeller.tjenester.utsending import Utsendingsresultat, reserver_varsler, send_varsler, send_varsler_async
from modeller.tjenester.utsending_registrering import registrer
from tests.db_fiks import url_for
from tests.modeller.varsel_fiks import DAG, fast, kl, lag_avh, postsender
from tests.smtp_fiks import SmtpTjener

LEASE = timedelta(minutes=15)


class FalskKlokke:
    """Klokke som testen stiller; hver avlesning kan gå `steg` fram (som om arbeidet mellom to avlesninger tok tid)."""

    def __init__(self, na: datetime, steg: timedelta = timedelta(0)) -> None:
        self.na, self.steg = na, steg

    def __call__(self) -> datetime:
        na = self.na
        self.na += self.steg
        return na

    def frem(self, tid: timedelta) -> None:
        """Flytt klokka fram."""
        self.na += tid


class TregtRele:
    """Postsender rundt den ekte: hvert parti tar `varighet`, og underveis kjører en annen utsender ett parti."""

    def __init__(self, ekte: Postsender, klokke: FalskKlokke, varighet: timedelta,
                 underveis: Callable[[], Awaitable[Utsendingsresultat]]) -> None:
        self.ekte, self.klokke, self.varighet, self.underveis = ekte, klokke, varighet, underveis
        self.andre: list[Utsendingsresultat] = []

    async def send_parti(self, eposter: Sequence[Epost]) -> list[Sendeutfall]:
        """Halvveis i partiet (klokka har gått `varighet`) tar den andre utsenderen sitt parti."""
        self.klokke.frem(self.varighet)
        self.andre.append(await self.underveis())
        return await self.ekte.send_parti(eposter)


def _fyll(avh: Avhengigheter, antall: int) -> list[int]:
    """`antall` enkle rader uten person, forfall DAG."""
    ider = []
    with arbeidsenhet(avh.motor) as okt:
        for i in range(antall):
            v = legg_i_utboks(okt, varseltype="klagefrist_nar", mottaker_epost=f"mottaker{i}@kommune.example",
                              forfallsdato=DAG, objekt_type="test", objekt_id=i,
                              kontekst={"referanse": f"S-{i:04d}", "frist": DAG, "lenke": "https://x.example/?ref=S",
                                        "kommunenavn": "K", "ke_navn": "KE", "mottakerrolle": "saksbehandler"})
            assert v is not None and v.id is not None
            ider.append(v.id)
    return ider


def _sendte_rader(motor: Engine) -> int:
    with lesing(motor) as okt:
        return int(okt.exec(select(func.count()).select_from(Varsel)
                            .where(col(Varsel.status) == Varselstatus.SENDT)).one())


def _ingen_duplikater(smtp_server: SmtpTjener, motor: Engine, ider: list[int], *resultater: Utsendingsresultat) -> None:
    """Hver rad kom fram nøyaktig én gang, og tellingene stemmer med tjeneren og databasen."""
    mottatt = Counter(str(m["Message-ID"]) for m in smtp_server.meldinger)
    duplikater = {mid: n for mid, n in mottatt.items() if n > 1}
    assert not duplikater, f"{sum(duplikater.values()) - len(duplikater)} duplikater av {len(ider)} rader"
    assert len(mottatt) == len(ider)
    assert sum(r.sendt for r in resultater) == len(smtp_server.meldinger) == _sendte_rader(motor)


async def test_lang_kjoring_gir_ikke_bort_rader_den_sender(motor: Engine, tmp_path: Path,
                                                          smtp_server: SmtpTjener) -> None:
    """A bruker 4 min per parti (seks partier, 24 min > leasen); B tar ett parti mens hvert av A sine er underveis."""
    avh = lag_avh(motor, tmp_path)
    ider = _fyll(avh, 60)
    klokke = FalskKlokke(kl(DAG))
    ekte = postsender(smtp_server.port)

    def b() -> Awaitable[Utsendingsresultat]:
        return send_varsler_async(avh, ekte, klokke=klokke, arbeider="b", parti=5, maks_partier=1, lease=LEASE)

    rele = TregtRele(ekte, klokke, timedelta(minutes=4), b)
    a = await send_varsler_async(avh, rele, klokke=klokke, arbeider="a", parti=5, lease=LEASE)

    assert klokke.na - kl(DAG) > LEASE  # A sin kjøring varte lenger enn leasen
    assert a.sendt > 5 * 4 and a.utlopt == 0  # A sendte også etter at leasen fra starten var ute
    _ingen_duplikater(smtp_server, motor, ider, a, *rele.andre)


def test_rader_med_utlopt_lease_sendes_ikke(motor: Engine, tmp_path: Path, smtp_server: SmtpTjener) -> None:
    """Går leasen ut mellom reservasjon og sending, sender ikke utsenderen; en annen tar radene etterpå."""
    avh = lag_avh(motor, tmp_path)
    ider = _fyll(avh, 5)
    treg = FalskKlokke(kl(DAG), steg=LEASE + timedelta(minutes=1))
    a = send_varsler(avh, postsender(smtp_server.port), klokke=treg, arbeider="a", parti=10, lease=LEASE)
    assert (a.sendt, a.utlopt, len(smtp_server.meldinger)) == (0, 5, 0)

    b = send_varsler(avh, postsender(smtp_server.port), klokke=fast(treg.na), arbeider="b", lease=LEASE)
    assert b.sendt == 5
    _ingen_duplikater(smtp_server, motor, ider, a, b)


def test_registreringen_teller_bare_rader_som_fortsatt_var_vare(motor: Engine, tmp_path: Path) -> None:
    """A mistet to av fire rader til B (leasen var ute): bare de to A fortsatt hadde, registreres og telles."""
    avh = lag_avh(motor, tmp_path)
    ider = _fyll(avh, 4)
    assert reserver_varsler(avh, na=kl(DAG), arbeider="a", lease=LEASE) == ider
    senere = kl(DAG) + LEASE + timedelta(seconds=1)
    assert reserver_varsler(avh, na=senere, arbeider="b", parti=2, lease=LEASE) == ider[:2]
    with lesing(motor) as okt:
        rader = list(okt.exec(select(Varsel).order_by(col(Varsel.id))))
        okt.expunge_all()
    utfall = [Sendeutfall(i, "sendt", f"<{v.id}@x>", 250, None) for i, v in enumerate(rader)]
    telling = registrer(avh, arbeider="a", na=senere, klare=rader, utfall=utfall, malfeil=[])
    assert telling == {"sendt": 2, "midlertidig": 0, "dode": 0}
    with lesing(motor) as okt:
        status = {v.id: (v.status, v.tatt_av) for v in okt.exec(select(Varsel))}
    assert status == {ider[0]: ("sender", "b"), ider[1]: ("sender", "b"), ider[2]: ("sendt", "a"),
                      ider[3]: ("sendt", "a")}


class Veggklokke:
    """Veggklokka forskjøvet så den starter på `start` (tiden går som ellers)."""

    def __init__(self, start: datetime) -> None:
        self.start, self.t0 = start, time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.t0)


def test_to_utsendere_i_hver_sin_trad_med_kort_lease(motor: Engine, tmp_path: Path,
                                                     skriptet_smtp: SmtpTjener) -> None:
    """A kjører lenge (tregt relé); B starter når A har kjørt 1,5 lease. Ingen rad sendes to ganger.

    Et parti tar om lag 0,3 s her; leasen er 5 s, så bare en maskin som er over ti ganger tregere, kan gi et
    duplikat i det dokumenterte vinduet (ett parti som varer lenger enn hele leasen). Den gamle koden, som regnet
    leasen fra kjøringens start, sendte her mange rader to ganger.
    """
    lease = timedelta(seconds=5)
    avh = lag_avh(motor, tmp_path)
    ider = _fyll(avh, 400)
    skriptet_smtp.handler.programmer(data=["SOV 0.1"] * 2 * len(ider))  # hver melding tar 100 ms hos tjeneren
    klokke = Veggklokke(kl(DAG))
    resultater: dict[str, Utsendingsresultat] = {}
    feil: list[BaseException] = []

    def utsender(navn: str, vent: float) -> None:
        egen = lag_motor(url_for(motor))
        try:
            time.sleep(vent)
            egen_avh = Avhengigheter(innstillinger=avh.innstillinger, motor=egen, regelverk=avh.regelverk)
            resultater[navn] = send_varsler(egen_avh, postsender(skriptet_smtp.port), klokke=klokke, arbeider=navn,
                                            parti=10, maks_partier=1000, lease=lease)
        except BaseException as f:  # noqa: BLE001 - feilen vises i hovedtråden
            feil.append(f)
        finally:
            egen.dispose()

    traader = [threading.Thread(target=utsender, args=("a", 0.0)),
               threading.Thread(target=utsender, args=("b", 1.5 * lease.total_seconds()))]
    for t in traader:
        t.start()
    for t in traader:
        t.join(timeout=180)
    assert not feil, feil
    assert resultater["b"].sendt > 0  # A var ikke ferdig da B startet (ellers prøver testen ingenting)
    _ingen_duplikater(skriptet_smtp, motor, ider, *resultater.values())
