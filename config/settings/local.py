"""Development: `make run`. Debug on, readable logs, e-mail printed to the console."""

from config.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import LOGGING

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "local-development-key-not-for-production")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
LOGGING["handlers"]["console"]["formatter"] = env_str("LOG_FORMAT", "text")
# `make run` serves plain http on :8000 (PORT in the Makefile); links in e-mails follow.
PUBLIC_URL_SCHEME = env_str("PUBLIC_URL_SCHEME", "http")
PUBLIC_URL_PORT = env_str("PUBLIC_URL_PORT", env_str("PORT", "8000"))

# A SIASN key derived from SECRET_KEY when SIASN_ENCRYPTION_KEY is unset (never in production).
SIASN_DEV_KEY = True
