"""Innloggingsøkter på tjeneren: hash av øktens token, hvem, hvordan, start, sist aktiv, utløp og avslutning.

Tabellen er ny, så oppgraderingen flytter ingen data; nedgradering sletter øktene (alle må logge inn på nytt).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 16:10:30.818846
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('innloggingsokt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opprettet', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('okt_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('overlevering_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('overlevering_utloper', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('bruker_id', sa.Integer(), nullable=False),
    sa.Column('metode', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('rolle', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sist_aktiv', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('utloper', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('avsluttet', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('avsluttet_grunn', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.ForeignKeyConstraint(['bruker_id'], ['systembruker.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('okt_id'),
    sa.UniqueConstraint('overlevering_hash'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('innloggingsokt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_innloggingsokt_bruker_id'), ['bruker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_innloggingsokt_utloper'), ['utloper'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('innloggingsokt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_innloggingsokt_utloper'))
        batch_op.drop_index(batch_op.f('ix_innloggingsokt_bruker_id'))

    op.drop_table('innloggingsokt')
