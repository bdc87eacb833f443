"""OIDC via `st.login`: oppsettet i `[auth]` i secrets.toml og kontrollen av ID-tokenets krav ved øktstart."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st

_KLOKKESLINGRING = timedelta(minutes=5)


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


def auth_oppsett() -> Mapping[str, Any] | None:
    """`[auth]` fra secrets.toml, eller None når OIDC ikke er satt opp."""
    try:
        if "auth" not in st.secrets:
            return None
        return dict(st.secrets["auth"])
    except Exception:  # noqa: BLE001 - ingen secrets.toml betyr «ikke konfigurert»
        return None


def _leverandorer(auth: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Navngitte leverandører (`[auth.<navn>]`); tom når `[auth]` selv har klientoppsettet."""
    return {navn: v for navn, v in auth.items() if isinstance(v, Mapping) and v.get("client_id")}


def client_id(auth: Mapping[str, Any]) -> str | None:
    """Appens klient-id hos identitetsleverandøren (for `aud`-kontrollen)."""
    if auth.get("client_id"):
        return str(auth["client_id"])
    leverandorer = list(_leverandorer(auth).values())
    return str(leverandorer[0]["client_id"]) if len(leverandorer) == 1 else None


def logg_inn(auth: Mapping[str, Any]) -> None:
    """Send brukeren til identitetsleverandøren (den eneste navngitte, eller standardoppsettet i `[auth]`)."""
    navngitte = _leverandorer(auth)
    if not auth.get("client_id") and len(navngitte) == 1:
        st.login(next(iter(navngitte)))
    else:
        st.login()


def idp_gjelder(sub: str | None) -> bool:
    """Sann når brukeren fortsatt er logget inn hos identitetsleverandøren med samme `sub` som kontoen."""
    return bool(st.user.get("is_logged_in")) and sub is not None and st.user.get("sub") == sub
