"""Møtekalenderen: hvilke møteserier trenger et nytt møte (for flyten som innkaller etter kadens)."""

from datetime import datetime

from sqlalchemy import exists
from sqlmodel import col, select

from modeller.db import lesing
from modeller.oppsett import Avhengigheter
from modeller.regler.begreper import Motestatus
from modeller.tabeller import Gruppe, Mote


def grupper_uten_planlagt_mote(avh: Avhengigheter, *, na: datetime, grense: int = 500) -> list[int]:
    """Aktive grupper uten et planlagt møte fram i tid; bare de som trenger innkalling telles."""
    planlagt = exists().where(col(Mote.gruppe_id) == Gruppe.id, col(Mote.status) == Motestatus.PLANLAGT,
                              col(Mote.start) >= na)
    with lesing(avh.motor) as okt:
        ider = okt.exec(select(col(Gruppe.id)).where(col(Gruppe.avsluttet_dato).is_(None), ~planlagt)
                        .order_by(col(Gruppe.id)).limit(grense))
        return [i for i in ider if i is not None]


