"""Felles testoppsett: ekte SQLite-fil alltid, PostgreSQL når serveren svarer, ekte SMTP-server i prosess."""

import os

# Ingen test utenfor tests/flyter skal starte en Prefect-server ved et uhell.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Ingenting skal ut av maskinen: Prefect-serveren i testene sender ingen analyser.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

pytest_plugins = ["tests.smtp_fiks", "tests.db_fiks"]
