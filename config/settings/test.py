"""Tests: fast hashing, in-memory e-mail, tasks inline, no outside network."""

from config.env import env_str

from .base import *  # noqa: F403
from .base import LOGGING

DEBUG = False
SECRET_KEY = "test-key-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = ""
LOGGING["handlers"]["console"]["formatter"] = env_str("LOG_FORMAT", "text")
LOGGING["root"]["level"] = "WARNING"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Suites sign administrators in through the plain login form; tests/core/accounts turns it on.
TWO_FACTOR_ENFORCED = False
PUBLIC_URL_SCHEME = "http"
PUBLIC_URL_PORT = ""
SIASN_DEV_KEY = True
SIASN_RETRY_BASE_SECONDS = 0
# Figures are checked right after each write; tests/core/command checks the window.
DASHBOARD_STALE_SECONDS = 0
