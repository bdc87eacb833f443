"""Oppfølging av saker og vedtak: foreløpig svar, revurdering av vedtak og vedtak som blir endelige.

Foreløpig svar (fvl § 11 a), revurdering av tjenestevedtak og endelige vedtak krever ikke samtykke;
revurdering av vedtak om IP, koordinator og barnekoordinator gjør det (lovkrav K3, K6).
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import exists, or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from modeller.db import arbeidsenhet
from modeller.regler.begreper import Oppgavetype, Tiltakstype
from modeller.regler.frister import forelopig_svar_dato
from modeller.tabeller import Klage, Sak, Vedtak
from modeller.tjenester.oppfolging_felles import Kjoring, i_batcher, samtykke_stoppet, teller, uten_oppgave
from modeller.tjenester.oppgaver import oppgavenokkel
from modeller.tjenester.saker import eier_for_sak
from modeller.tjenester.vedtak import INNVILGET


def send_forelopig_svar(k: Kjoring) -> int:
    """Åpen sak uten vedtak og uten foreløpig svar når fire uker er gått (003 L187–188; fvl § 11 a; K16)."""
    grense = k.ref - timedelta(weeks=k.avh.regelverk.forelopig_svar_uker)  # forelopig_svar_dato(mottatt) <= k.ref

    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Sak).where(
            col(Sak.status) == "apen", col(Sak.mottatt) <= grense, col(Sak.id) > sist,
            col(Sak.forelopig_svar_sendt).is_(None), col(Sak.avsluttet).is_(None),
            ~exists().where(col(Vedtak.sak_id) == col(Sak.id)),
            uten_oppgave(Oppgavetype.SEND_FORELOPIG_SVAR, "sak", col(Sak.id))).order_by(col(Sak.id))

    def lag(okt: Session, saker: Sequence[Sak]) -> int:
        return sum(teller(okt, oppgavetype=Oppgavetype.SEND_FORELOPIG_SVAR, objekt_type="sak", objekt_id=s.id,
                          frist=forelopig_svar_dato(s.mottatt, k.avh.regelverk), person_id=s.person_id, sak_id=s.id,
                          **eier_for_sak(s))
                   for s in saker if forelopig_svar_dato(s.mottatt, k.avh.regelverk) <= k.ref)
    return i_batcher(k, sporring, lag, lambda s: s.id)


def vedtak_revurdering(k: Kjoring) -> int:
    """Gjeldende vedtak som innvilger noe, med revurderingsdato innen horisonten eller passert (003 L515–517)."""
    def sporring(sist: int) -> SelectOfScalar[Any]:
        return select(Vedtak, Sak).join(Sak, col(Sak.id) == col(Vedtak.sak_id)).where(
            col(Vedtak.revurdering_dato) <= k.ref + timedelta(days=k.horisont), col(Vedtak.utfall).in_(INNVILGET),
            col(Vedtak.erstattet_av_id).is_(None), col(Sak.avsluttet).is_(None), col(Vedtak.id) > sist,
            or_(col(Vedtak.tiltak) == Tiltakstype.TJENESTE, ~samtykke_stoppet(col(Vedtak.person_id), k.ref)),
            uten_oppgave(Oppgavetype.VEDTAK_REVURDERING, "vedtak", col(Vedtak.id), col(Vedtak.revurdering_dato)),
        ).order_by(col(Vedtak.id))  # type: ignore[return-value]

    def lag(okt: Session, rader: Sequence[tuple[Vedtak, Sak]]) -> int:
        return sum(teller(okt, oppgavetype=Oppgavetype.VEDTAK_REVURDERING, objekt_type="vedtak", objekt_id=v.id,
                          frist=v.revurdering_dato, person_id=v.person_id, sak_id=v.sak_id,
                          nokkel=oppgavenokkel(Oppgavetype.VEDTAK_REVURDERING, "vedtak", v.id, v.revurdering_dato),
                          **eier_for_sak(s)) for v, s in rader)
    return i_batcher(k, sporring, lag, lambda r: r[0].id)


def endelige_vedtak(k: Kjoring) -> int:
    """Klagefristen er ute og ingen klage kom: vedtaket er endelig (pbrl § 7-5; fvl § 29). Én UPDATE."""
    with arbeidsenhet(k.avh.motor) as okt:
        resultat = okt.exec(update(Vedtak).where(
            col(Vedtak.klagefrist) < k.ref, col(Vedtak.endelig).is_(False),
            ~exists().where(col(Klage.vedtak_id) == col(Vedtak.id))).values(endelig=True))
        return int(resultat.rowcount or 0)
