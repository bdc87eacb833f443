"""Oppgavekøen: opprette (idempotent), fullføre, avbryte og liste oppgaver."""

from datetime import date, datetime

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from modeller.regler.begreper import OPPGAVETEKST, Oppgavestatus, Oppgavetype, Rolle
from modeller.tabeller import Oppgave
from modeller.tjenester.feil import IkkeFunnet, IngenTilgang, Valideringsfeil
from modeller.tjenester.tilgang import Aktor, logg


def oppgavenokkel(oppgavetype: str, objekt_type: str, objekt_id: int | None, frist: date | None = None) -> str:
    """Nøkkelen som gjør at samme oppgave ikke lages to ganger (type, objekt og eventuelt frist)."""
    return f"{oppgavetype}|{objekt_type}:{objekt_id}" + (f"|{frist.isoformat()}" if frist else "")


def opprett_oppgave(
    okt: Session,
    *,
    oppgavetype: Oppgavetype,
    frist: date,
    objekt_type: str,
    objekt_id: int | None,
    nokkel: str | None = None,
    tittel: str | None = None,
    eier_id: int | None = None,
    eier_rolle: Rolle | None = None,
    person_id: int | None = None,
    sak_id: int | None = None,
) -> Oppgave | None:
    """Legg en oppgave i køen; finnes nøkkelen fra før, lages ingenting og `None` returneres."""
    nokkel = nokkel or oppgavenokkel(oppgavetype, objekt_type, objekt_id)
    if okt.exec(select(Oppgave.id).where(Oppgave.nokkel == nokkel)).first() is not None:
        return None
    if eier_id is None and eier_rolle is None:
        eier_rolle = Rolle.SAKSBEHANDLER
    oppgave = Oppgave(
        oppgavetype=oppgavetype, tittel=tittel or OPPGAVETEKST[oppgavetype], nokkel=nokkel, eier_id=eier_id,
        eier_rolle=eier_rolle, frist=frist, person_id=person_id, sak_id=sak_id, objekt_type=objekt_type,
        objekt_id=objekt_id,
    )
    okt.add(oppgave)
    okt.flush()
    return oppgave


def fullfor_oppgave(okt: Session, aktor: Aktor, oppgave_id: int, *, na: datetime, notat: str | None = None) -> Oppgave:
    """Fullfør en åpen oppgave med et valgfritt notat."""
    oppgave = okt.get(Oppgave, oppgave_id)
    if oppgave is None:
        raise IkkeFunnet(f"Fant ingen oppgave med id {oppgave_id}.")
    if not kan_se_oppgave(aktor, oppgave):
        raise IngenTilgang("Oppgaven tilhører en annen bruker eller rolle.")
    if oppgave.status != Oppgavestatus.APEN:
        raise Valideringsfeil.en("status", "Oppgaven er allerede fullført eller avbrutt.")
    oppgave.status = Oppgavestatus.FULLFORT
    oppgave.fullfort, oppgave.fullfort_av, oppgave.notat = na, aktor.navn, (notat or None)
    okt.add(oppgave)
    if oppgave.person_id is not None:
        logg(okt, aktor, oppgave.person_id, "endre", f"oppgave {oppgave.oppgavetype}", "fullførte oppgave")
    return oppgave


def lukk_oppgaver(okt: Session, *, oppgavetype: Oppgavetype, objekt_type: str, objekt_id: int | None, na: datetime,
                  av: str) -> int:
    """Fullfør åpne oppgaver av en type for et objekt, når handlingen de ba om er gjort."""
    return _sett_status(okt, Oppgavestatus.FULLFORT, na=na, av=av, oppgavetype=oppgavetype,
                        objekt_type=objekt_type, objekt_id=objekt_id)


def avbryt_oppgaver(okt: Session, *, grunn: str, person_id: int | None = None, objekt_type: str | None = None,
                    objekt_id: int | None = None, oppgavetype: Oppgavetype | None = None) -> int:
    """Avbryt åpne oppgaver for en person eller et objekt (f.eks. når samtykket trekkes)."""
    return _sett_status(okt, Oppgavestatus.AVBRUTT, grunn=grunn, person_id=person_id, objekt_type=objekt_type,
                        objekt_id=objekt_id, oppgavetype=oppgavetype)


def _sett_status(okt: Session, status: Oppgavestatus, *, na: datetime | None = None, av: str | None = None,
                 grunn: str | None = None, person_id: int | None = None, objekt_type: str | None = None,
                 objekt_id: int | None = None, oppgavetype: Oppgavetype | None = None) -> int:
    sporring = select(Oppgave).where(Oppgave.status == Oppgavestatus.APEN)
    if person_id is not None:
        sporring = sporring.where(Oppgave.person_id == person_id)
    if objekt_type is not None:
        sporring = sporring.where(Oppgave.objekt_type == objekt_type, Oppgave.objekt_id == objekt_id)
    if oppgavetype is not None:
        sporring = sporring.where(Oppgave.oppgavetype == oppgavetype)
    antall = 0
    for oppgave in okt.exec(sporring):
        oppgave.status, oppgave.avbrutt_grunn = status, grunn
        if status == Oppgavestatus.FULLFORT:
            oppgave.fullfort, oppgave.fullfort_av = na, av
        okt.add(oppgave)
        antall += 1
    return antall


def kan_se_oppgave(aktor: Aktor, oppgave: Oppgave) -> bool:
    """Lederen ser alle oppgaver; andre ser sine egne og rollens felles kø."""
    return aktor.rolle == Rolle.LEDER or oppgave.eier_id == aktor.id or (
        oppgave.eier_id is None and oppgave.eier_rolle == aktor.rolle)


def oppgavekoen(okt: Session, aktor: Aktor, *, idag: date, status: Oppgavestatus = Oppgavestatus.APEN,
              eier: str | None = None, grense: int = 50, forskyvning: int = 0) -> list[Oppgave]:
    """Køen aktøren ser, forfalte først, så etter frist; filtrert og sidedelt i SQL."""
    sporring = select(Oppgave).where(Oppgave.status == status)
    if aktor.rolle != Rolle.LEDER:
        sporring = sporring.where(or_(col(Oppgave.eier_id) == aktor.id, (col(Oppgave.eier_id).is_(None)) & (
            col(Oppgave.eier_rolle) == aktor.rolle)))
    if eier == "meg":
        sporring = sporring.where(col(Oppgave.eier_id) == aktor.id)
    elif eier:
        sporring = sporring.where(col(Oppgave.eier_rolle) == eier)
    forfalt = case((col(Oppgave.frist) < idag, 0), else_=1)
    sporring = sporring.order_by(forfalt, col(Oppgave.frist), col(Oppgave.id)).offset(forskyvning).limit(grense)
    return list(okt.exec(sporring))


def antall_apne(okt: Session) -> int:
    """Antall åpne oppgaver i hele køen (for oversikter)."""
    return int(okt.exec(select(func.count()).select_from(Oppgave).where(
        Oppgave.status == Oppgavestatus.APEN)).one())
