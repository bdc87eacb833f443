"""Siden «Drift» og driftsbanneret på lederoversikten i AppTest, mot ekte database, ekte logg og en Prefect-adresse
som ingen lytter på (den ekte Prefect-siden av saken testes i tests/flyter/test_drift_prefect.py)."""

import os
import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from modeller.db import arbeidsenhet
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Varselstatus
from modeller.tabeller import Varsel
from modeller.tjenester.utboks import legg_i_utboks
from tests.dashbord.conftest import Apning
from tests.dashbord.verden import NA, Verden
from tests.smtp_fiks import ledig_port


@pytest.fixture(autouse=True)
def prefect_svarer_ikke(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{ledig_port()}/api")


def _utboks(avh: Avhengigheter) -> None:
    """Én e-post som har ventet siden kl. 07 fredag (NA er mandag 1. mars 2027 kl. 10 i Oslo) og én død."""
    with arbeidsenhet(avh.motor) as okt:
        for nr in (1, 2):
            legg_i_utboks(okt, varseltype="oppgave_forfalt", mottaker_epost=f"m{nr}@kommune.example",
                          forfallsdato=date(2027, 2, 26), objekt_type="oppgave", objekt_id=nr, kontekst={})
        for v in okt.exec(select(Varsel)):
            v.status = Varselstatus.DOD if v.objekt_id == 2 else Varselstatus.VENTER
            okt.add(v)


def _logg(avh: Avhengigheter) -> None:
    """En planleggerfeil for to minutter siden, med persondata og markdown i teksten."""
    sti = avh.innstillinger.datamappe / "logg" / "prefect.log"
    sti.parent.mkdir(parents=True, exist_ok=True)
    skrevet = NA - timedelta(minutes=2)
    sti.write_text(f"{skrevet.astimezone():%H:%M:%S}.000 | ERROR   | prefect.server.services.scheduler - "
                   "Error scheduling **x** [lenke](http://x) for 15108695088\n", encoding="utf-8")
    os.utime(sti, (skrevet.timestamp(), skrevet.timestamp()))


def test_driftssiden_viser_varsler_utboks_og_logg(verden: Verden, avh: Avhengigheter, apne: Apning) -> None:
    _utboks(avh)
    _logg(avh)
    at = apne(verden.leder, "drift")
    assert not at.exception, at.exception
    assert at.title[0].value == "Drift"
    feil = [e.value for e in at.error]
    assert len(feil) == 3
    # Dataene står med markdowntegnene escapet; uten escapingen er teksten den samme som i bruksområdet.
    # (nettadressen får et usynlig U+200B etter protokollen, så den aldri blir en lenke)
    assert "\\*\\*x\\*\\* \\[lenke\\]\\(http\u200b\\:" in feil[2] and "15108695088" not in feil[2]
    lest = [re.sub(r"\\(.)", r"\1", f).replace("\u200b", "") for f in feil]
    assert lest[0].startswith("**Prefect-serveren svarer ikke**  \nIngen svar fra http://127.0.0.1:")
    assert lest[1].startswith("**Eldste ventende e-post er eldre enn 2 timer i arbeidstiden**  \n"  # 07–18 + 07–10
                              "Den har ventet siden 26.2.2027 kl. 07.00 (14 t 0 min i arbeidstiden)")
    assert lest[2] == ("**Feil i Prefects planlegger**  \nServerloggen kl. "
                       f"{(NA - timedelta(minutes=2)).astimezone():%H:%M:%S}: Error scheduling **x** [lenke](http://x) "
                       "for [tall]")
    tall = {m.label: m.value for m in at.metric}
    assert tall["Venter"] == "1" and tall["Kunne ikke sendes"] == "1"
    assert tall["Eldste forfalte venter (i arbeidstiden)"] == "14 t 0 min"
    logg = at.dataframe[0].value
    assert list(logg["Planleggeren"]) == ["Ja"]
    assert logg["Melding"][0] == "Error scheduling **x** [lenke](http://x) for [tall]"  # tabellen viser ren tekst


def test_admin_ser_driftssiden(verden: Verden, apne: Apning) -> None:
    at = apne(verden.admin, "drift")
    assert not at.exception and at.title[0].value == "Drift"
    assert [e.value.split("**")[1] for e in at.error] == ["Prefect-serveren svarer ikke"]


def test_lederoversikten_varsler_og_leder_til_driftssiden(verden: Verden, apne: Apning) -> None:
    at = apne(verden.leder, "leder")
    assert not at.exception, at.exception
    [banner] = [w.value for w in at.warning if "Driftsvarsel" in w.value]
    assert "Prefect-serveren svarer ikke" in banner
    at.button(key="leder_til_drift").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Drift"


def test_ingen_banner_uten_driftsvarsler(verden: Verden, apne: Apning) -> None:
    """Varslene hentes høyst én gang i minuttet per økt; er det ingen, uteblir banneret."""
    at = apne(verden.leder)
    at.session_state["_leder_driftsvarsler"] = (NA, ())
    at.switch_page("sider/leder.py").run()
    assert not at.exception
    assert not [w.value for w in at.warning if "Driftsvarsel" in w.value]
