"""Innlogging og økt: lokale kontoer, OIDC-krav, tidsavbrudd, levetid, deaktivering og utlogging."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from dashbord.innlogging import KODE, NOKKEL, Innlogging, lag_innlogging
from dashbord.oidc import oidc_start, vurder_oidc_krav
from dashbord.tilstand import FAST_NA
from modeller.db import arbeidsenhet, lesing
from modeller.oppsett import Avhengigheter
from modeller.tabeller import Innloggingsokt, Systembruker, Tilgangslogg
from modeller.tjenester.dashbord_innlogging import hent_innlogget, logg_inn_lokalt, logg_inn_oidc
from tests.dashbord.conftest import APP, Apning
from tests.dashbord.verden import NA, Verden

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
TS = int(T0.timestamp())


@pytest.mark.parametrize(("krav", "forventet"), [
    ({"sub": "a", "exp": TS + 60, "iat": TS - 60, "aud": "app"}, None),
    ({"sub": "a"}, None),
    ({"sub": "a", "aud": ["app", "annen"]}, None),
    ({"exp": TS + 60}, "sub"),
    ({"sub": "a", "exp": TS}, "utløpt"),
    ({"sub": "a", "exp": TS - 1}, "utløpt"),
    ({"sub": "a", "exp": "i morgen"}, "utløpt"),
    ({"sub": "a", "iat": TS + 3600}, "fram i tid"),
    ({"sub": "a", "aud": "en-annen-app"}, "ikke utstedt til denne appen"),
    ({"sub": "a", "aud": ["x", "y"]}, "ikke utstedt til denne appen"),
])
def test_vurder_oidc_krav(krav: dict[str, object], forventet: str | None) -> None:
    grunn = vurder_oidc_krav(krav, na=T0, client_id="app")
    assert (grunn is None) if forventet is None else (grunn is not None and forventet in grunn)


def test_oidc_start_bruker_auth_time_foran_iat() -> None:
    assert oidc_start({"auth_time": TS - 100, "iat": TS - 10}, T0) == T0 - timedelta(seconds=100)
    assert oidc_start({"iat": TS - 10}, T0) == T0 - timedelta(seconds=10)
    assert oidc_start({}, T0) == T0


def _hendelser(avh: Avhengigheter) -> list[tuple[str, str, str]]:
    with lesing(avh.motor) as okt:
        return [(r.aktor, r.handling, r.hvorfor) for r in okt.exec(
            select(Tilgangslogg).where(col(Tilgangslogg.person_id).is_(None)).order_by(col(Tilgangslogg.id)))]


def test_lokal_innlogging_riktig_og_feil_passord_logges(verden: Verden, avh: Avhengigheter) -> None:
    assert logg_inn_lokalt(avh, "koordinator", "feil", na=NA) is None
    assert logg_inn_lokalt(avh, "finnes-ikke", "x", na=NA) is None
    aktor = logg_inn_lokalt(avh, "koordinator", "koordinator", na=NA)
    assert aktor is not None and aktor.id == verden.koordinator and aktor.tjenesteyter_id == verden.ty1
    assert [h[1] for h in _hendelser(avh)] == ["innlogging_feil", "innlogging_feil", "innlogging"]


def test_deaktivert_konto_kan_ikke_logge_inn(verden: Verden, avh: Avhengigheter) -> None:
    _deaktiver(avh, verden.koordinator)
    assert logg_inn_lokalt(avh, "koordinator", "koordinator", na=NA) is None
    assert hent_innlogget(avh, verden.koordinator) is None
    assert _hendelser(avh)[-1][1:] == ("innlogging_feil", "deaktivert konto")


def test_oidc_kobles_paa_epost_forste_gang_og_deretter_paa_sub(verden: Verden, avh: Avhengigheter) -> None:
    aktor = logg_inn_oidc(avh, "sub-leder", "LEDER@k.no", na=NA)
    assert aktor is not None and aktor.id == verden.leder
    # Senere kjennes brukeren på sub, også om e-posten i tokenet har endret seg.
    assert (logg_inn_oidc(avh, "sub-leder", "ny@k.no", na=NA) or aktor).id == verden.leder
    # En annen identitet med lederens e-post får ikke lederens konto når sub allerede er bundet.
    assert logg_inn_oidc(avh, "sub-angriper", "leder@k.no", na=NA) is None
    assert logg_inn_oidc(avh, "", "saksbehandler@k.no", na=NA) is None


def _deaktiver(avh: Avhengigheter, bruker_id: int) -> None:
    with arbeidsenhet(avh.motor) as okt:
        bruker = okt.get(Systembruker, bruker_id)
        assert bruker is not None
        bruker.aktiv = False
        okt.add(bruker)


def _innloggingsside(at: AppTest) -> bool:
    return bool(at.title) and at.title[0].value == "Logg inn"


def test_uten_innlogging_vises_bare_innloggingen(verden: Verden, apne: Apning) -> None:
    at = apne(None)
    assert not at.exception
    assert _innloggingsside(at)
    assert [t.label for t in at.text_input] == ["Brukernavn", "Passord"]


def test_innlogging_i_skjemaet_gir_forsiden_og_feil_passord_gir_melding(verden: Verden, apne: Apning,
                                                                         avh: Avhengigheter) -> None:
    at = apne(None)
    at.text_input(key="inn_brukernavn").input("koordinator")
    at.text_input(key="inn_passord").input("galt")
    at.button[0].click().run()
    assert _innloggingsside(at)
    assert any("Feil brukernavn eller passord" in e.value for e in at.error)
    assert at.text_input(key="inn_brukernavn").value == "koordinator"
    at.text_input(key="inn_passord").input("koordinator")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Mine oppgaver"
    innlogging = at.session_state[NOKKEL]
    assert isinstance(innlogging, Innlogging)
    rad = _okt(avh, innlogging.okt_id)
    assert (rad.bruker_id, rad.metode, rad.avsluttet) == (verden.koordinator, "lokal", None)
    # Engangskoden som gir nettleseren informasjonskapselen, ligger i økten; bare hashen er lagret.
    assert rad.overlevering_hash is not None and rad.overlevering_hash != at.session_state[KODE]
    assert rad.token_hash is None


def _okt(avh: Avhengigheter, okt_id: str) -> Innloggingsokt:
    with lesing(avh.motor) as okt:
        rad = okt.exec(select(Innloggingsokt).where(col(Innloggingsokt.okt_id) == okt_id)).one()
        okt.expunge(rad)
        return rad


def _eld_okten(avh: Avhengigheter, okt_id: str, start: datetime, sist_aktiv: datetime) -> None:
    """Flytt den lagrede øktens start og siste aktivitet bakover (økten lever på tjeneren, ikke i fanen)."""
    with arbeidsenhet(avh.motor) as okt:
        rad = okt.exec(select(Innloggingsokt).where(col(Innloggingsokt.okt_id) == okt_id)).one()
        rad.start, rad.sist_aktiv, rad.utloper = start, sist_aktiv, start + timedelta(hours=10)
        okt.add(rad)


@pytest.mark.parametrize(("start", "sist_aktiv", "melding"), [
    (NA - timedelta(hours=1), NA - timedelta(minutes=31), "uten aktivitet"),
    (NA - timedelta(hours=11), NA, "lenger enn 10 timer"),
])
def test_tidsavbrudd_og_maks_levetid_logger_ut(verden: Verden, avh: Avhengigheter, start: datetime,
                                                sist_aktiv: datetime, melding: str) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[FAST_NA] = NA
    innlogging = lag_innlogging(verden.koordinator, NA)
    _eld_okten(avh, innlogging.okt_id, start, sist_aktiv)
    at.session_state[NOKKEL] = innlogging
    at.run()
    assert _innloggingsside(at)
    assert any(melding in i.value for i in at.info)
    assert NOKKEL not in at.session_state
    assert _hendelser(avh)[-1][1] == "utlogging"
    assert _okt(avh, innlogging.okt_id).avsluttet == NA


def test_epostlenke_etter_tidsavbrudd_aapnes_etter_ny_innlogging(verden: Verden, avh: Avhengigheter) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[FAST_NA] = NA
    innlogging = lag_innlogging(verden.koordinator, NA)
    _eld_okten(avh, innlogging.okt_id, NA - timedelta(hours=1), NA - timedelta(minutes=45))
    at.session_state[NOKKEL] = innlogging
    at.query_params["ref"] = verden.p1_ref
    at.run()
    assert _innloggingsside(at) and any("uten aktivitet" in i.value for i in at.info)
    assert "ref" not in at.query_params
    at.text_input(key="inn_brukernavn").input("koordinator")
    at.text_input(key="inn_passord").input("koordinator")
    at.button[0].click().run()
    assert at.title[0].value == "Anna Ås"


def test_aktivitet_holder_okten_i_live_paa_tjeneren(verden: Verden, avh: Avhengigheter) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[FAST_NA] = NA
    innlogging = lag_innlogging(verden.koordinator, NA)
    _eld_okten(avh, innlogging.okt_id, NA - timedelta(hours=1), NA - timedelta(minutes=29))
    at.session_state[NOKKEL] = innlogging
    at.run()
    assert at.title[0].value == "Mine oppgaver"
    assert _okt(avh, innlogging.okt_id).sist_aktiv == NA


def test_deaktivert_bruker_mister_tilgangen_ved_neste_klikk(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.koordinator)
    assert at.title[0].value == "Mine oppgaver"
    okt_id = at.session_state[NOKKEL].okt_id
    _deaktiver(avh, verden.koordinator)
    at.run()
    assert _innloggingsside(at)
    assert any("deaktivert" in i.value for i in at.info)
    assert _okt(avh, okt_id).avsluttet_grunn == "deaktivert"


def test_rolleendring_gjelder_ved_neste_klikk(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.saksbehandler, "ny_melding")
    assert at.title[0].value == "Ny melding"
    with arbeidsenhet(avh.motor) as okt:
        bruker = okt.get(Systembruker, verden.saksbehandler)
        assert bruker is not None
        bruker.rolle, bruker.tjenesteyter_id = "koordinator", verden.ty1  # type: ignore[assignment]
        okt.add(bruker)
    at.run()
    assert "Ny melding" not in [t.value for t in at.title]
    assert _innloggingsside(at)
    assert any("Rollen din er endret" in i.value for i in at.info)


def test_synlig_utlogging(verden: Verden, apne: Apning, avh: Avhengigheter) -> None:
    at = apne(verden.leder)
    okt_id = at.session_state[NOKKEL].okt_id
    knapp = at.sidebar.button(key="logg_ut")
    assert knapp.label == "Logg ut"
    knapp.click().run()
    assert _innloggingsside(at)
    assert _hendelser(avh)[-1][1:] == ("utlogging", "Du er logget ut.")
    assert _okt(avh, okt_id).avsluttet_grunn == "utlogget", "utloggingen gjelder på tjeneren, ikke bare i fanen"


def _oidc_app(krav: dict[str, object]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[FAST_NA] = NA
    at.secrets["auth"] = {"client_id": "enheten", "redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "test", "server_metadata_url": "https://idp.example/.well-known"}
    at.user = {"is_logged_in": True, **krav}
    return at.run()


def test_oidc_innlogging_kobler_identiteten_til_systembrukeren(verden: Verden, avh: Avhengigheter) -> None:
    ts = int(NA.timestamp())
    at = _oidc_app({"sub": "entra-1", "email": "leder@k.no", "aud": "enheten", "iat": ts - 60, "exp": ts + 3600})
    assert not at.exception
    assert at.title[0].value == "Mine oppgaver"
    innlogging = at.session_state[NOKKEL]
    assert innlogging.metode == "oidc" and innlogging.bruker_id == verden.leder
    assert innlogging.start == NA - timedelta(seconds=60)
    with lesing(avh.motor) as okt:
        assert okt.exec(select(Systembruker.oidc_sub).where(Systembruker.id == verden.leder)).one() == "entra-1"


@pytest.mark.parametrize("krav", [
    {"sub": "entra-1", "email": "leder@k.no", "exp": int(NA.timestamp()) - 1},
    {"sub": "entra-1", "email": "leder@k.no", "aud": "en-annen-app"},
    {"sub": "entra-1", "email": "leder@k.no", "iat": int(NA.timestamp()) - 11 * 3600},
])
def test_oidc_utlopt_eller_feil_mottaker_logges_ut(verden: Verden, krav: dict[str, object]) -> None:
    at = _oidc_app(krav)
    assert not at.exception
    assert at.user == {"is_logged_in": False}
    assert NOKKEL not in at.session_state


def test_oidc_uten_konto_faar_beskjed(verden: Verden) -> None:
    at = _oidc_app({"sub": "ukjent", "email": "ukjent@k.no"})
    assert any("ingen aktiv brukerkonto" in e.value for e in at.error)
    assert NOKKEL not in at.session_state


def test_konfig_har_trygge_standarder() -> None:
    tekst = (Path(APP).parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    for linje in ('headless = true', 'gatherUsageStats = false', 'showErrorDetails = "none"',
                  'toolbarMode = "minimal"'):
        assert linje in tekst


def test_oidc_knapp_vises_naar_auth_er_satt_opp(verden: Verden) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[FAST_NA] = NA
    at.secrets["auth"] = {"client_id": "enheten", "redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "test", "server_metadata_url": "https://idp.example/.well-known"}
    at.user = {"is_logged_in": False}
    at.run()
    assert _innloggingsside(at)
    assert [b.label for b in at.button][0] == "Logg inn med kommunens konto"


def test_uten_auth_vises_ingen_oidc_knapp(verden: Verden, apne: Apning) -> None:
    at = apne(None)
    assert "Logg inn med kommunens konto" not in [b.label for b in at.button]
