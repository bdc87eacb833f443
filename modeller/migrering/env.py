"""Alembic-miljø: SQLModel-metadata, batch-modus for SQLite."""

from alembic import context
from sqlmodel import SQLModel

import modeller.tabeller  # noqa: F401  (registrerer tabellene)
from modeller.db import lag_motor

target_metadata = SQLModel.metadata


def kjor_migreringer() -> None:
    """Kjør migreringene mot databasen i konfigurasjonen."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url mangler"
    motor = lag_motor(url)
    with motor.connect() as tilkobling:
        context.configure(
            connection=tilkobling,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    motor.dispose()


kjor_migreringer()
