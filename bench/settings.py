"""Settings for `python -m bench`: the test settings, production-like where it counts.

DEBUG stays off (Django would otherwise keep every query in memory) and the
connection pool stays on, as in production. The database is the bench's own
(see bench/database.py); `python -m bench` puts its URL in DATABASE_URL before
Django reads these settings.
"""

import os

from config.settings.base import database_settings
from config.settings.test import *  # noqa: F403

DEBUG = False
DATABASES = {"default": database_settings(os.environ["DATABASE_URL"])}
DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 4}
LOGGING["root"]["level"] = "ERROR"  # noqa: F405 - from the test settings

# The same database through Django's own backend, for the untenanted side of the
# request-overhead figures: a view without tenancy issues no `SET search_path`.
PLAIN_DATABASE = {
    **DATABASES["default"],
    "ENGINE": "django.db.backends.postgresql",
    "OPTIONS": {**DATABASES["default"]["OPTIONS"], "pool": {"min_size": 1, "max_size": 4}},
}
DATABASES["plain"] = PLAIN_DATABASE

# The city screen as deployed (config.settings.base), not as the tests pin it.
DASHBOARD_STALE_SECONDS = 10
