"""Production: fails closed. No secret key, no start."""

from config.env import env_bool, env_int, env_str, strong_secret_key

from .base import *  # noqa: F403
from .base import default_file_storage

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
