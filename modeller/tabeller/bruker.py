"""Systembrukere med roller (koordinator, saksbehandler, leder, admin), og lagrede rapporter."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field

from modeller.regler.begreper import Rolle
from modeller.tabeller.felles import Rad


class Systembruker(Rad, table=True):
    """En innlogget bruker av systemet; lokal konto (argon2) eller OIDC (`oidc_sub`)."""

    brukernavn: str = Field(max_length=100, unique=True)
    navn: str = Field(max_length=200)
    epost: str | None = Field(default=None, max_length=200)
    rolle: Rolle = Field(sa_type=String(20))
    passord_hash: str | None = Field(default=None, max_length=200)
    oidc_sub: str | None = Field(default=None, max_length=200, unique=True)
    aktiv: bool = True
    tjenesteyter_id: int | None = Field(default=None, foreign_key="tjenesteyter.id")
    siste_innlogging: datetime | None = None


class Rapport(Rad, table=True):
    """Et lagret øyeblikksbilde av en rapport (f.eks. kvartalskontroll), så gamle rapporter ikke endres."""

    __table_args__ = (UniqueConstraint("rapporttype", "periode", name="uq_rapport_type_periode"),)

    rapporttype: str = Field(max_length=30)
    periode: str = Field(max_length=20)
    innhold: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    laget: datetime
