"""Saker: hvem oppgavene i en sak går til, og personens åpne saker (felles for saksbruksområdene).

Søket etter personer og personoversikten er i `modeller.tjenester.personoversikt`; tilgangsreglene
(`krev_rolle`, `krev_skrivetilgang`, `tilgangsfilter`) i `modeller.tjenester.tilgang`.
"""

from typing import Any

from sqlmodel import Session, col, select

from modeller.regler.begreper import Rolle
from modeller.tabeller import Sak

APNE_SAKSSTATUSER = ("apen", "vedtatt")


def eier_for_sak(sak: Sak) -> dict[str, Any]:
    """Oppgaver i saken går til sakens saksbehandler, ellers til saksbehandlernes felles kø."""
    if sak.saksbehandler_id is not None:
        return {"eier_id": sak.saksbehandler_id, "eier_rolle": None}
    return {"eier_id": None, "eier_rolle": Rolle.SAKSBEHANDLER}


def apne_saker(okt: Session, person_id: int) -> list[Sak]:
    """Personens åpne saker (status åpen eller vedtatt, ikke avsluttet), nyeste først."""
    return list(okt.exec(select(Sak).where(
        col(Sak.person_id) == person_id, col(Sak.status).in_(APNE_SAKSSTATUSER), col(Sak.avsluttet).is_(None),
    ).order_by(col(Sak.mottatt).desc(), col(Sak.id).desc())))
