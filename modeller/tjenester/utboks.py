"""Utboksen: legge påminnelser i kø (idempotent) og kansellere dem som ikke lenger gjelder.

En rad skrives i samme transaksjon som endringen som gjorde den aktuell (sikkerhet-og-drift.md §3.1);
nøkkelen (type, objekt, forfallsdato, mottaker) er unik, så ny planlegging aldri gir duplikater.
"""

from collections.abc import Mapping
from datetime import date, time

from sqlalchemy import update
from sqlmodel import Session, col, select

from modeller.kalender import lokalt_tidspunkt
from modeller.regler.begreper import Malform, Varselstatus
from modeller.tabeller import Varsel

# Påminnelser går ut i arbeidstiden, aldri mellom 02 og 03 (sikkerhet-og-drift.md R-TZ1).
SENDETID = time(7, 0)
AKTIVE = (Varselstatus.VENTER, Varselstatus.SENDER)


def varselnokkel(varseltype: str, objekt_type: str, objekt_id: int | None, forfallsdato: date, mottaker: str) -> str:
    """Idempotensnøkkelen: type, objekt, lokal forfallsdato og mottaker (sikkerhet-og-drift.md R-TZ3)."""
    return f"{varseltype}|{objekt_type}:{objekt_id}|{forfallsdato.isoformat()}|{mottaker.strip().lower()}"


def legg_i_utboks(
    okt: Session,
    *,
    varseltype: str,
    mottaker_epost: str,
    forfallsdato: date,
    objekt_type: str,
    objekt_id: int | None,
    kontekst: Mapping[str, object],
    malform: Malform = Malform.BOKMAL,
    person_id: int | None = None,
    kopi_epost: str | None = None,
    ics: str | None = None,
) -> Varsel | None:
    """Legg en påminnelse i utboksen; finnes nøkkelen fra før, skjer ingenting og `None` returneres."""
    nokkel = varselnokkel(varseltype, objekt_type, objekt_id, forfallsdato, mottaker_epost)
    if okt.exec(select(Varsel.id).where(Varsel.nokkel == nokkel)).first() is not None:
        return None
    varsel = Varsel(
        nokkel=nokkel, varseltype=varseltype, mottaker_epost=mottaker_epost.strip(), kopi_epost=kopi_epost,
        malform=malform, person_id=person_id, objekt_type=objekt_type, objekt_id=objekt_id,
        forfallsdato=forfallsdato, kontekst=_json(kontekst), ics=ics,
        neste_forsok=lokalt_tidspunkt(forfallsdato, SENDETID),
    )
    okt.add(varsel)
    okt.flush()
    return varsel


def kanseller_varsler(okt: Session, *, grunn: str, person_id: int | None = None, objekt_type: str | None = None,
                      objekt_id: int | None = None, varseltype: str | None = None,
                      mottaker_epost: str | None = None) -> int:
    """Kanseller ventende påminnelser som avhenger av noe som ikke lenger gjelder; gir antall rader."""
    if person_id is None and objekt_type is None:
        raise ValueError("Oppgi person eller objekt for kanselleringen.")
    setning = update(Varsel).where(col(Varsel.status).in_([Varselstatus.VENTER]))
    if person_id is not None:
        setning = setning.where(col(Varsel.person_id) == person_id)
    if objekt_type is not None:
        setning = setning.where(col(Varsel.objekt_type) == objekt_type, col(Varsel.objekt_id) == objekt_id)
    if varseltype is not None:
        setning = setning.where(col(Varsel.varseltype) == varseltype)
    if mottaker_epost is not None:
        setning = setning.where(col(Varsel.mottaker_epost) == mottaker_epost)
    resultat = okt.exec(setning.values(status=Varselstatus.KANSELLERT, siste_feil=grunn[:500]))
    return int(resultat.rowcount or 0)


def _json(kontekst: Mapping[str, object]) -> dict[str, object]:
    """Datoer og tidspunkter lagres som ISO-tekst i JSON-kolonnen."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in kontekst.items()}
