"""Production: fails closed. No secret key, no start; no DATABASE_URL, no start."""

import os
import warnings

from django.core.exceptions import ImproperlyConfigured

# Checked before base.py runs: without DATABASE_URL base.py would start the embedded
# development server (pgserver) inside the container, and production must never guess.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production (no embedded database).")

from config.env import env_bool, env_int, env_str, strong_secret_key

from .base import *  # noqa: F403
from .base import REDIS_URL, default_file_storage

# Without a shared cache every worker keeps its own host -> city routes and throttle state.
if not REDIS_URL and env_int("WEB_CONCURRENCY", 1) > 1:
    warnings.warn(
        "REDIS_URL is not set while WEB_CONCURRENCY > 1: each worker caches city routes on "
        "its own, so a suspended or moved city is noticed late by the others.",
        RuntimeWarning,
        stacklevel=1,
    )

DEBUG = False
SECRET_KEY = strong_secret_key(env_str("SECRET_KEY"))
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
# SECURE_PROXY_SSL_HEADER comes from BEHIND_PROXY (base.py): on in compose, behind caddy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
STORAGES = {
    "default": default_file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
