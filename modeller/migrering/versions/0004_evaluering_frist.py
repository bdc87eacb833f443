"""Evaluering.frist: fristen evalueringen svarte på; eldre rader får forrige evaluerings neste evalueringsdato.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:43:17.918674
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Forrige evaluering av samme tiltak (etter dato, så id) satte fristen; den første har ingen kjent frist (NULL).
# Korrelert underspørring: virker likt i SQLite og PostgreSQL.
FYLL_FRIST = """
UPDATE evaluering SET frist = (
    SELECT forrige.neste_evalueringsdato FROM evaluering AS forrige
    WHERE forrige.tiltak_id = evaluering.tiltak_id
      AND (forrige.dato < evaluering.dato OR (forrige.dato = evaluering.dato AND forrige.id < evaluering.id))
    ORDER BY forrige.dato DESC, forrige.id DESC
    LIMIT 1
)
"""


def upgrade() -> None:
    with op.batch_alter_table('evaluering', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frist', sa.Date(), nullable=True))
    op.execute(FYLL_FRIST)


def downgrade() -> None:
    with op.batch_alter_table('evaluering', schema=None) as batch_op:
        batch_op.drop_column('frist')
