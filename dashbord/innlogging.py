"""Innlogging og økt: lokale kontoer (argon2) og OIDC via `st.login` når `[auth]` finnes i secrets.toml.

Økten lever på tjeneren (`modeller.tjenester.okt`, tabellen `innloggingsokt`). Fanen husker øktens id i
`st.session_state[NOKKEL]` som en `Innlogging`; nettleseren husker tokenet i en HttpOnly-informasjonskapsel
(`informasjonskapsel.py`), så en omlasting, en ny fane eller en lenke fra e-post finner økten igjen. Ved hver
kjøring sjekkes økten på tjeneren: utlogging, inaktivitet (`okt_inaktiv_minutter`), største levetid
(`okt_maks_timer`, for OIDC regnet fra `auth_time`/`iat`), deaktivert konto og endret rolle avslutter den.
Tester setter innloggingen direkte: `at.session_state[NOKKEL] = lag_innlogging(bruker_id, na)` (lager økten i
databasen).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from dashbord import informasjonskapsel, komponenter, oidc, tilstand
from modeller import oppsett
from modeller.oppsett import Avhengigheter
from modeller.tjenester import dashbord_innlogging as inn
from modeller.tjenester import okt
from modeller.tjenester.tilgang import Aktor

NOKKEL = "innlogging"
KODE = "_okt_kode"  # engangskoden nettleseren løser inn mot informasjonskapselen
GRUNN = "utlogget_grunn"
SLETT_KAPSEL = "_slett_kapsel"
ROLLENAVN = {"koordinator": "Koordinator", "saksbehandler": "Saksbehandler", "leder": "Leder", "admin": "Administrator"}


@dataclass(frozen=True)
class Innlogging:
    """Fanens peker til økten på tjeneren: hvem, hvordan, når den startet og øktens offentlige id."""

    bruker_id: int
    metode: str  # "lokal" eller "oidc"
    start: datetime
    okt_id: str


def _ny_okt(avh: Avhengigheter, bruker_id: int, na: datetime, *, metode: str, start: datetime | None,
            okt_id: str | None = None) -> tuple[Innlogging, str]:
    okt_id_, kode = okt.start_okt(avh, bruker_id, metode=metode, na=na, start=start, okt_id=okt_id)
    return Innlogging(bruker_id=bruker_id, metode=metode, start=start or na, okt_id=okt_id_), kode


def lag_innlogging(bruker_id: int, na: datetime, *, metode: str = "lokal", start: datetime | None = None,
                   avh: Avhengigheter | None = None) -> Innlogging:
    """Start en økt på tjeneren for brukeren og gi fanens peker til den (brukes av testene for å logge inn)."""
    return _ny_okt(avh or oppsett.avhengigheter(), bruker_id, na, metode=metode, start=start)[0]


def _logg_ut_fanen(grunn: str, metode: str) -> None:
    """Glem alt fanen vet; ved OIDC også identiteten hos Streamlit (som starter en ny kjøring).

    Klokka (tester) og en ubrukt e-postlenke beholdes, så lenken åpnes etter neste innlogging (med ny tilgangssjekk).
    """
    for nokkel in list(st.session_state.keys()):
        if nokkel not in (tilstand.FAST_NA, tilstand.LENKE):
            del st.session_state[nokkel]
    st.session_state[GRUNN] = grunn
    st.session_state[SLETT_KAPSEL] = True
    if metode == "oidc":
        st.logout()
        st.stop()


def _godta(avh: Avhengigheter, svar: okt.Okt | okt.Avsluttet, na: datetime) -> Aktor | None:
    """Aktøren når økten gjelder (for OIDC også hos identitetsleverandøren); ellers logges fanen ut."""
    if isinstance(svar, okt.Okt) and svar.metode == "oidc" and not oidc.idp_gjelder(svar.oidc_sub):
        svar = okt.avslutt_okt(avh, svar.okt_id, "idp", na) or okt.Avsluttet(svar.okt_id, "oidc", "")
    if isinstance(svar, okt.Avsluttet):
        _logg_ut_fanen(svar.grunn, svar.metode)
        return None
    if not svar.venter_pa_token:
        st.session_state.pop(KODE, None)
    return svar.aktor


def _fortsett(avh: Avhengigheter, innlogging: Innlogging, na: datetime) -> Aktor | None:
    return _godta(avh, okt.fortsett_okt(avh, innlogging.okt_id, na), na)


def _gjenopprett(avh: Avhengigheter, na: datetime) -> Aktor | None:
    """Finn økten igjen fra informasjonskapselen (omlasting, ny fane, lenke fra e-post)."""
    svar = okt.gjenopprett_okt(avh, informasjonskapsel.les_token(), na)
    if svar is None:
        return None
    aktor = _godta(avh, svar, na)
    if aktor is not None and aktor.id is not None and isinstance(svar, okt.Okt):
        st.session_state[NOKKEL] = Innlogging(bruker_id=aktor.id, metode=svar.metode, start=svar.start,
                                              okt_id=svar.okt_id)
    return aktor


def _start_oidc(avh: Avhengigheter, auth: dict[str, object], na: datetime) -> Aktor | None:
    krav = st.user.to_dict()
    okt_id = secrets.token_urlsafe(16)
    grunn = oidc.vurder_oidc_krav(krav, na=na, client_id=oidc.client_id(auth))
    start = oidc.oidc_start(krav, na)
    if grunn is None and na - start > timedelta(hours=avh.innstillinger.okt_maks_timer):
        grunn = "Påloggingen er for gammel. Logg inn på nytt."
    if grunn is not None:
        st.session_state[GRUNN] = grunn
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
    st.session_state[NOKKEL], st.session_state[KODE] = _ny_okt(avh, aktor.id, na, metode="oidc", start=start,
                                                                 okt_id=okt_id)
    return aktor


def krev_innlogging(avh: Avhengigheter, na: datetime) -> Aktor:
    """Gi den innloggede aktøren, eller vis innloggingen og stopp kjøringen."""
    innlogging = st.session_state.get(NOKKEL)
    auth = oidc.auth_oppsett()
    aktor: Aktor | None = None
    if isinstance(innlogging, Innlogging):
        aktor = _fortsett(avh, innlogging, na)
    else:
        aktor = _gjenopprett(avh, na)
        if aktor is None and auth is not None and st.user.get("is_logged_in"):
            aktor = _start_oidc(avh, dict(auth), na)
    if aktor is None:
        _vis_innlogging(avh, auth is not None, na)
        st.stop()
    tilstand.sett_aktor(aktor)
    return aktor


def _vis_innlogging(avh: Avhengigheter, har_oidc: bool, na: datetime) -> None:
    st.title("Logg inn")
    st.caption(f"{komponenter.ren(avh.innstillinger.ke_navn)}, {komponenter.ren(avh.innstillinger.kommunenavn)}")
    grunn = st.session_state.pop(GRUNN, None)
    if grunn:
        st.info(grunn)
    if har_oidc:
        if st.button("Logg inn med kommunens konto", type="primary", key="oidc_inn"):
            oidc.logg_inn(oidc.auth_oppsett() or {})
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
        else:
            st.session_state[NOKKEL], st.session_state[KODE] = _ny_okt(avh, aktor.id, na, metode="lokal", start=None,
                                                                         okt_id=okt_id)
            st.rerun()
    if avh.innstillinger.demo:
        st.caption("Demo-pålogginger: koordinator/koordinator, saksbehandler/saksbehandler, leder/leder, admin/admin.")
    if st.session_state.pop(SLETT_KAPSEL, False) or informasjonskapsel.les_token():
        informasjonskapsel.slett_avsluttet()


def vis_brukerpanel(avh: Avhengigheter, aktor: Aktor) -> None:
    """Navn, rolle og en synlig «Logg ut»-knapp i sidepanelet (ASVS 7.4.4); her får nettleseren også kapselen."""
    innlogging = st.session_state.get(NOKKEL)
    with st.sidebar:
        st.markdown(f"**{komponenter.ren(aktor.navn)}**  \n{ROLLENAVN.get(str(aktor.rolle), str(aktor.rolle))}")
        if st.button("Logg ut", key="logg_ut", icon=":material/logout:") and isinstance(innlogging, Innlogging):
            svar = okt.avslutt_okt(avh, innlogging.okt_id, "utlogget", tilstand.na())
            _logg_ut_fanen(svar.grunn if svar else "Du er logget ut.", innlogging.metode)
            st.rerun()
        kode = st.session_state.get(KODE)
        if isinstance(kode, str):
            informasjonskapsel.send_kode(kode)
