"""Settings shared by every environment. Values come from the environment.

See the README's settings table for each variable and its defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str
from config.storage import default_file_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")  # production.py refuses to start without one

# The platform's own domain: the public site answers there, city `slug` at `slug.<ROOT_DOMAIN>`.
ROOT_DOMAIN = env_str("ROOT_DOMAIN", "localhost")
# Hosts are checked against the Domain table by tenants.middleware.CityRoutingMiddleware
# (an unknown host gets a 404), which is what lets custom city domains work.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"])

# ---------------------------------------------------------------- apps
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "catalog",
    "onboarding",
    "billing",
    "partnerships",
    "incidents",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "core.accounts",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "rest_framework.authtoken",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core.accounts",
    "core.audit",
    "core.organisation",
    "core.people",
    "core.configuration",
    "core.performance",
    "core.talent",
    "core.revenue",
    "core.command",
    "core.reminders",
    "core.siasn",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.City"
TENANT_DOMAIN_MODEL = "tenants.Domain"
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_NAME = "public"
# The schema new cities are built from (see tenants/schema_builder.py). Never a city.
CITY_TEMPLATE_SCHEMA = "_city_template"

DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",
    "config.health.DatabaseUnavailableMiddleware",
    "tenants.middleware.CityRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.digits.AsciiDigitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.IndonesianFirstLocaleMiddleware",
    "config.edge.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenants.middleware.SessionBelongsToSchemaMiddleware",
    "partnerships.middleware.MentorScopeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tenants.middleware.ReadOnlyCityMiddleware",
    "config.observability.RequestContextMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.navigation.navigation",
                "core.configuration.context.branding",
            ],
            # Display filters (rupiah, percent, minutes, label, ...) in every template.
            "builtins": ["core.templatetags.sinergi"],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


# ---------------------------------------------------------------- database
def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from config.embedded_db import embedded_database_url

    return embedded_database_url(os.environ.get("EMBEDDED_DATABASE_NAME", "sinergi"))


# Fail fast (config.health): connect, wait for a pooled connection and run a statement
# within these limits (seconds), then answer 503 with Retry-After instead of hanging.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 3)
# Statements of web requests; manage.py and Celery set 0 (none) unless told otherwise,
# and long operations holding a lease (core.leases) use LEASE_STATEMENT_TIMEOUT.
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 30)
DATABASE_RETRY_AFTER = env_int("DATABASE_RETRY_AFTER", 5)
READINESS_QUERY_TIMEOUT = 1
READINESS_TIMEOUT = 1.5  # /readyz answers within this, whatever the database does
LEASE_STATEMENT_TIMEOUT = env_int("LEASE_STATEMENT_TIMEOUT", 600)
LEASE_IDLE_SECONDS = env_int("LEASE_IDLE_SECONDS", 60)


def database_settings(url: str) -> dict:
    config = environ.Env.db_url_config(url)
    options = config.setdefault("OPTIONS", {})
    if "host" in options:  # embedded server: socket folder given in the query string
        config["HOST"] = options.pop("host")
    # django-tenants' backend with named CHECK constraints (Citus needs them named).
    config["ENGINE"] = "config.postgresql_backend"
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # Over TCP, notice a server that vanished (no reset) in about 20 s instead of the
    # kernel's 15 minutes: keepalives while waiting for results, and a limit on unacknowledged
    # writes. Ignored on Unix sockets.
    for key, value in {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5}.items():
        options.setdefault(key, value)
    options.setdefault("keepalives_count", 2)
    options.setdefault("tcp_user_timeout", 20_000)
    if DATABASE_STATEMENT_TIMEOUT > 0:
        limit = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
        options["options"] = f"{options.get('options', '')} {limit}".strip()
    if env_bool("DATABASE_POOL", True):
        options["pool"] = {
            "min_size": 1,
            "max_size": env_int("DATABASE_POOL_SIZE", 10),
            # A request waits this long for a connection, then gets a 503 (not 30 s).
            "timeout": DATABASE_POOL_TIMEOUT,
            # The pool's background reconnection gives up after this and the next
            # request starts a fresh attempt at once, so a returning database is used
            # within seconds instead of after a long exponential back-off.
            "reconnect_timeout": env_int("DATABASE_RECONNECT_TIMEOUT", 4),
        }
    config["CONN_MAX_AGE"] = 0  # the pool, not persistent connections, reuses them
    config["CONN_HEALTH_CHECKS"] = False
    return config


DATABASES = {"default": database_settings(_database_url())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache, tasks
REDIS_URL = os.environ.get("REDIS_URL", "")
_CACHE_BACKEND = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)
CACHES = {
    # City data: keys carry the active schema, so one city never reads another's entries.
    "default": {
        **_CACHE_BACKEND,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    # Platform data (host -> city routes): the same keys whatever schema is active.
    "platform": {**_CACHE_BACKEND, "KEY_PREFIX": "platform"},
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# With no broker, tasks run inline: every user-facing operation is fast enough for that.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Jakarta"
# Scheduled work; each app adds its entries here (times are WIB).
CELERY_BEAT_SCHEDULE = {
    "command-refresh-screens": {  # the city screen's month figures (core.command.snapshot)
        "task": "command.refresh_screens",
        "schedule": crontab(minute="*/5"),
    },
    "onboarding-refresh-city-metrics": {  # hourly: the console is current through the day
        "task": "onboarding.refresh_city_metrics",
        "schedule": crontab(minute=5),
    },
    "onboarding-expire-pilots": {
        "task": "onboarding.expire_pilots",
        "schedule": crontab(hour=0, minute=15),
    },
    "billing-enforce-grace": {
        "task": "billing.enforce_grace",
        "schedule": crontab(hour=0, minute=30),
    },
    "performance-escalate-verifications": {  # daily: tenants.city_jobs, every serving city
        "task": "performance.escalate_verifications",
        "schedule": crontab(hour=1, minute=0),
    },
    "performance-open-periods": {  # the 1st: this month's period row in every city
        "task": "performance.open_periods",
        "schedule": crontab(day_of_month=1, hour=0, minute=5),
    },
    "billing-report-seats": {
        "task": "billing.report_seats",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
    },
    "partnerships-refresh-adoption": {  # after the city metrics, for the mentors' panels
        "task": "partnerships.refresh_adoption",
        "schedule": crontab(minute=20),
    },
    "reminders-run": {  # each city's own hour and quiet hours decide what goes out
        "task": "reminders.run",
        "schedule": crontab(minute="*/15"),
    },
    "incidents-health-probe": {  # failed probes open an incident that extends logging
        "task": "incidents.health_probe",
        "schedule": crontab(minute="*"),
    },
}

# Incidents that extend the logging window of the current city (core.performance.grace).
INCIDENT_SPANS = "incidents.services.current_city_spans"

# Reminders (core.reminders): Web Push keys (VAPID, base64url) and the WhatsApp/SMS
# gateway (HTTP; provider "generic" JSON or "whatsapp" form fields, see channels.py).
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:ops@sinergi.id")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_PROVIDER = os.environ.get("SMS_GATEWAY_PROVIDER", "generic")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")

# ---------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

# Host-only cookies: a cookie set by jambi.<root> is never sent to surabaya.<root>.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# ---------------------------------------------------------------- static and media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": default_file_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ---------------------------------------------------------------- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api.json_exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.negotiation.FileFormatNegotiation",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sinergi API",
    "DESCRIPTION": "ASN performance and talent management, one city per host.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Dashboards (the city screen's panels, the city and OPD figures; core.versioned_cache):
# a figure computed less than this many seconds ago is served even though the city's data
# moved since (it shows the time of its data); with logging at 100 req/s the data
# version changes many times a second. 0: always current.
DASHBOARD_STALE_SECONDS = env_int("DASHBOARD_STALE_SECONDS", 10)

# ---------------------------------------------------------------- observability
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))
LOG_FORMAT = env_str("LOG_FORMAT", "json")  # json | text
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"city": {"()": "config.observability.CityLogFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(city)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(city)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["city"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# ---------------------------------------------------------------- e-mail
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sinergi <noreply@sinergi.local>")

# ---------------------------------------------------------------- billing
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # a local fake in tests

# ---------------------------------------------------------------- BKN SIASN (core.siasn)
# Fernet key that encrypts each city's SIASN credentials at rest
# (`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
# Required wherever a connection is saved or used, except where SIASN_DEV_KEY allows a key
# derived from SECRET_KEY (local and test settings only).
SIASN_ENCRYPTION_KEY = env_str("SIASN_ENCRYPTION_KEY", "")
SIASN_DEV_KEY = False
# Seconds: a call's timeout, and the first wait before an outbox item is retried (doubling).
SIASN_TIMEOUT = env_int("SIASN_TIMEOUT", 20)
SIASN_RETRY_BASE_SECONDS = env_int("SIASN_RETRY_BASE_SECONDS", 60)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# ---------------------------------------------------------------- edges
# Behind the compose reverse proxy (platform/compose.yaml): trust its X-Forwarded-Proto
# and take the client's address from the X-Forwarded-For entry it appends. Off by
# default, because a client talking to gunicorn directly can send either header.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Links in e-mails (password reset) use these, never the Host or port a client sent:
# the host is the city's primary domain (ROOT_DOMAIN on the public site).
PUBLIC_URL_SCHEME = env_str("PUBLIC_URL_SCHEME", "https")
PUBLIC_URL_PORT = env_str("PUBLIC_URL_PORT", "")

# Content-Security-Policy (django-csp): scripts and <style> elements only from our own
# origin or with the per-request nonce, so injected markup cannot run. Style
# *attributes* stay allowed (style-src-attr): progress bars set their width from data,
# and an attribute cannot run script. htmx runs with its indicator styles and eval off
# (templates/base.html), so it needs neither 'unsafe-inline' nor 'unsafe-eval'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if SENTRY_DSN:
    from config.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )
