"""Felles testoppsett: ekte SQLite-fil alltid, PostgreSQL når serveren svarer, ekte SMTP-server i prosess."""

import os

from hypothesis import HealthCheck, settings

# Ingen test utenfor tests/flyter skal starte en Prefect-server ved et uhell.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Ingenting skal ut av maskinen: Prefect-serveren i testene sender ingen analyser.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

# Egenskapstestene skal ikke avhenge av maskinens fart: ingen tidsfrister og ingen «for treg»-sjekk (en travel
# CI-maskin med 2 kjerner feilet ellers på dem). Eksemplene er de samme; bare tidsmålingen er borte.
settings.register_profile("enheten", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "enheten"))

pytest_plugins = ["tests.smtp_fiks", "tests.db_fiks"]
