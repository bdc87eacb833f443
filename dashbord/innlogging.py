"""Innlogging og økt: lokale kontoer (argon2) og OIDC via `st.login` når `[auth]` finnes i secrets.toml.

Økten ligger i `st.session_state[NOKKEL]` som en `Innlogging`. Ved hver kjøring sjekker appen selv
(Streamlit sjekker ikke tokenets utløp): inaktivitet (`okt_inaktiv_minutter`), største levetid
(`okt_maks_timer`, regnet fra `auth_time`/`iat` for OIDC) og at kontoen fortsatt er aktiv. Tester setter
innloggingen direkte: `at.session_state[NOKKEL] = lag_innlogging(bruker_id, na)`.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st

from dashbord import tilstand
from modeller.oppsett import Avhengigheter
from modeller.tjenester import dashbord_innlogging as inn
from modeller.tjenester.tilgang import Aktor

NOKKEL = "innlogging"
ROLLENAVN = {"koordinator": "Koordinator", "saksbehandler": "Saksbehandler", "leder": "Leder", "admin": "Administrator"}
_KLOKKESLINGRING = timedelta(minutes=5)


@dataclass(frozen=True)
class Innlogging:
    """En innlogget økt: hvem, hvordan, når den startet og sist var i bruk."""

    bruker_id: int
    metode: str  # "lokal" eller "oidc"
    start: datetime
    sist_aktiv: datetime
    sub: str | None = None
    okt_id: str = field(default_factory=lambda: secrets.token_urlsafe(16))


def lag_innlogging(bruker_id: int, na: datetime, *, metode: str = "lokal", start: datetime | None = None,
                   sub: str | None = None) -> Innlogging:
    """En ny økt for brukeren (brukes ved innlogging og av testene for å sette en innlogget bruker)."""
    return Innlogging(bruker_id=bruker_id, metode=metode, start=start or na, sist_aktiv=na, sub=sub)


def vurder_okt(okt: Innlogging, *, na: datetime, inaktiv_minutter: int, maks_timer: int) -> str | None:
    """Grunnen til at økten må avsluttes (ASVS 7.3.1–7.3.2), eller None når den fortsatt gjelder."""
    if na - okt.sist_aktiv > timedelta(minutes=inaktiv_minutter):
        return f"Du ble logget ut etter {inaktiv_minutter} minutter uten aktivitet."
    if na - okt.start > timedelta(hours=maks_timer):
        return f"Økten har vart lenger enn {maks_timer} timer. Logg inn på nytt."
    return None


def _tidspunkt(verdi: Any) -> datetime | None:
    if isinstance(verdi, bool) or not isinstance(verdi, int | float):
        return None
    return datetime.fromtimestamp(verdi, tz=UTC)


def vurder_oidc_krav(krav: Mapping[str, Any], *, na: datetime, client_id: str | None) -> str | None:
    """Sjekk ID-tokenets krav ved øktstart: `sub`, `exp`, `iat` og `aud` (ASVS 10.5.2, 10.5.4; R-AUTH2–3)."""
    if not krav.get("sub"):
        return "Identiteten mangler `sub`."
    utloper = _tidspunkt(krav.get("exp"))
    if "exp" in krav and (utloper is None or utloper <= na):
        return "Påloggingen er utløpt. Logg inn på nytt."
    utstedt = _tidspunkt(krav.get("iat"))
    if utstedt is not None and utstedt > na + _KLOKKESLINGRING:
        return "Påloggingen er utstedt fram i tid."
    aud = krav.get("aud")
    if client_id and aud is not None:
        mottakere = [aud] if isinstance(aud, str) else list(aud)
        if client_id not in mottakere:
            return "Påloggingen er ikke utstedt til denne appen."
    return None


def oidc_start(krav: Mapping[str, Any], na: datetime) -> datetime:
    """Når autentiseringen skjedde: `auth_time`, ellers `iat`, ellers nå (økten kan ikke forlenges ved omlasting)."""
    return _tidspunkt(krav.get("auth_time")) or _tidspunkt(krav.get("iat")) or na


def _auth_oppsett() -> Mapping[str, Any] | None:
    try:
        if "auth" not in st.secrets:
            return None
        return dict(st.secrets["auth"])
    except Exception:  # noqa: BLE001 - ingen secrets.toml betyr «ikke konfigurert»
        return None


def _leverandorer(auth: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Navngitte leverandører (`[auth.<navn>]`); tom når `[auth]` selv har klientoppsettet."""
    return {navn: v for navn, v in auth.items() if isinstance(v, Mapping) and v.get("client_id")}


def _client_id(auth: Mapping[str, Any]) -> str | None:
    if auth.get("client_id"):
        return str(auth["client_id"])
    leverandorer = list(_leverandorer(auth).values())
    return str(leverandorer[0]["client_id"]) if len(leverandorer) == 1 else None


def _logg_inn_oidc(auth: Mapping[str, Any]) -> None:
    """Send brukeren til identitetsleverandøren (den eneste navngitte, eller standardoppsettet i `[auth]`)."""
    navngitte = _leverandorer(auth)
    if not auth.get("client_id") and len(navngitte) == 1:
        st.login(next(iter(navngitte)))
    else:
        st.login()


def _avslutt(avh: Avhengigheter, okt: Innlogging, grunn: str) -> None:
    inn.logg_ut(avh, okt.bruker_id, grunn, okt.okt_id)
    for nokkel in list(st.session_state.keys()):
        if nokkel != tilstand.FAST_NA:
            del st.session_state[nokkel]
    st.session_state["utlogget_grunn"] = grunn
    if okt.metode == "oidc":
        st.logout()
        st.stop()


def _fortsett(avh: Avhengigheter, okt: Innlogging, na: datetime) -> Aktor | None:
    innst = avh.innstillinger
    grunn = vurder_okt(okt, na=na, inaktiv_minutter=innst.okt_inaktiv_minutter, maks_timer=innst.okt_maks_timer)
    if grunn is None and okt.metode == "oidc" and (not st.user.get("is_logged_in") or st.user.get("sub") != okt.sub):
        grunn = "Påloggingen hos identitetsleverandøren er avsluttet."
    aktor = None if grunn else inn.hent_innlogget(avh, okt.bruker_id, okt.okt_id)
    if aktor is None:
        _avslutt(avh, okt, grunn or "Kontoen din er deaktivert eller finnes ikke lenger.")
        return None
    st.session_state[NOKKEL] = replace(okt, sist_aktiv=na)
    return aktor


def _start_oidc(avh: Avhengigheter, auth: Mapping[str, Any], na: datetime) -> Aktor | None:
    krav = st.user.to_dict()
    okt_id = secrets.token_urlsafe(16)
    grunn = vurder_oidc_krav(krav, na=na, client_id=_client_id(auth))
    start = oidc_start(krav, na)
    if grunn is None and na - start > timedelta(hours=avh.innstillinger.okt_maks_timer):
        grunn = "Påloggingen er for gammel. Logg inn på nytt."
    if grunn is not None:
        st.session_state["utlogget_grunn"] = grunn
        st.logout()
        st.stop()
    epost = krav.get("email") or krav.get("preferred_username")
    aktor = inn.logg_inn_oidc(avh, str(krav.get("sub") or ""), epost if isinstance(epost, str) else None,
                              na=na, okt_id=okt_id)
    if aktor is None or aktor.id is None:
        st.error("Du er logget inn hos kommunen, men har ingen aktiv brukerkonto i enheten. Kontakt administrator.")
        if st.button("Logg ut", key="oidc_uten_konto_ut"):
            st.logout()
        st.stop()
    okt = lag_innlogging(aktor.id, na, metode="oidc", start=start, sub=str(krav.get("sub")))
    st.session_state[NOKKEL] = replace(okt, okt_id=okt_id)
    return aktor


def krev_innlogging(avh: Avhengigheter, na: datetime) -> Aktor:
    """Gi den innloggede aktøren, eller vis innloggingen og stopp kjøringen."""
    okt = st.session_state.get(NOKKEL)
    auth = _auth_oppsett()
    aktor: Aktor | None = None
    if isinstance(okt, Innlogging):
        aktor = _fortsett(avh, okt, na)
    elif auth is not None and st.user.get("is_logged_in"):
        aktor = _start_oidc(avh, auth, na)
    if aktor is None:
        _vis_innlogging(avh, auth, na)
        st.stop()
    tilstand.sett_aktor(aktor)
    return aktor


def _vis_innlogging(avh: Avhengigheter, auth: Mapping[str, Any] | None, na: datetime) -> None:
    st.title("Logg inn")
    st.caption(f"{avh.innstillinger.ke_navn}, {avh.innstillinger.kommunenavn}")
    grunn = st.session_state.pop("utlogget_grunn", None)
    if grunn:
        st.info(grunn)
    if auth is not None:
        if st.button("Logg inn med kommunens konto", type="primary", key="oidc_inn"):
            _logg_inn_oidc(auth)
        st.divider()
    with st.form("lokal_innlogging"):
        st.subheader("Lokal konto")
        brukernavn = st.text_input("Brukernavn", key="inn_brukernavn", autocomplete="username", max_chars=100)
        passord = st.text_input("Passord", type="password", key="inn_passord", autocomplete="current-password")
        sendt = st.form_submit_button("Logg inn", type="primary")
    if sendt:
        okt_id = secrets.token_urlsafe(16)
        aktor = inn.logg_inn_lokalt(avh, brukernavn, passord, na=na, okt_id=okt_id)
        if aktor is None or aktor.id is None:
            st.error("Feil brukernavn eller passord, eller kontoen er ikke aktiv.")
            return
        st.session_state[NOKKEL] = replace(lag_innlogging(aktor.id, na), okt_id=okt_id)
        st.rerun()
    if avh.innstillinger.demo:
        st.caption("Demo-pålogginger: koordinator/koordinator, saksbehandler/saksbehandler, leder/leder, admin/admin.")


def vis_brukerpanel(avh: Avhengigheter, aktor: Aktor) -> None:
    """Navn, rolle og en synlig «Logg ut»-knapp i sidepanelet (ASVS 7.4.4)."""
    okt = st.session_state.get(NOKKEL)
    with st.sidebar:
        st.markdown(f"**{aktor.navn}**  \n{ROLLENAVN.get(str(aktor.rolle), str(aktor.rolle))}")
        if st.button("Logg ut", key="logg_ut", icon=":material/logout:") and isinstance(okt, Innlogging):
            _avslutt(avh, okt, "Du er logget ut.")
            st.rerun()
