"""Innloggingsøkter for dashbordet: bare hashen av øktens token lagres, aldri tokenet selv."""

from datetime import datetime

from sqlmodel import Field

from modeller.tabeller.felles import Rad


class Innloggingsokt(Rad, table=True):
    """Én innlogget økt på tjeneren; informasjonskapselen i nettleseren bærer tokenet som peker hit.

    `okt_id` er en offentlig id som står i tilgangsloggen. `token_hash` (SHA-256 av tokenet i
    informasjonskapselen) settes når nettleseren løser inn engangskoden (`overlevering_hash`).
    Økten gjelder til `avsluttet` settes, til den har vært ubrukt i `okt_inaktiv_minutter`, eller til
    `utloper` (start + `okt_maks_timer`).
    """

    okt_id: str = Field(max_length=40, unique=True)
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    overlevering_hash: str | None = Field(default=None, max_length=64, unique=True)
    overlevering_utloper: datetime | None = None
    bruker_id: int = Field(foreign_key="systembruker.id", index=True)
    metode: str = Field(max_length=10)  # lokal | oidc
    rolle: str = Field(max_length=20)  # rollen ved innlogging; en endret rolle avslutter økten
    start: datetime
    sist_aktiv: datetime
    utloper: datetime = Field(index=True)
    avsluttet: datetime | None = None
    avsluttet_grunn: str | None = Field(default=None, max_length=20)
