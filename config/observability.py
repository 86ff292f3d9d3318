"""Logs and error reports that name the city and role, and never a person.

Every log line carries the active schema (`city`). Sentry events carry the city
slug and the user's role as tags; `scrub_event` removes NIPs, names, e-mail
addresses and passwords before anything leaves the process.
"""

from __future__ import annotations

import contextvars
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse

current_city: contextvars.ContextVar[str] = contextvars.ContextVar("current_city", default="-")

NIP_PATTERN = re.compile(r"(?<!\d)\d{18}(?!\d)")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SENSITIVE_KEYS = re.compile(
    r"pass|secret|token|nip|name|nama|email|e_mail|phone|telepon|username|cookie|session|code|authorization",
    re.IGNORECASE,
)
REDACTED = "[redacted]"


class CityLogFilter(logging.Filter):
    """Adds `city` (the active schema) to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.city = current_city.get()
        return True


class RequestContextMiddleware:
    """Puts the request's city and role in the log context and on the Sentry scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        city = getattr(request, "city", None)
        token = current_city.set(city.slug if city else "public")
        try:
            _tag_sentry_scope(request)
            return self.get_response(request)
        finally:
            current_city.reset(token)


def _tag_sentry_scope(request: HttpRequest) -> None:
    import sentry_sdk

    city = getattr(request, "city", None)
    sentry_sdk.set_tag("city", city.slug if city else "public")
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    sentry_sdk.set_tag("role", role or "anonymous")


_KEEP_KEYS = {"tags", "contexts", "sdk", "platform", "level", "event_id", "timestamp"}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry `before_send`: drop the user, redact personal data everywhere else."""
    event.pop("user", None)
    request = event.get("request") or {}
    for field in ("cookies", "data", "query_string"):
        if field in request:
            request[field] = REDACTED
    headers = request.get("headers") or {}
    for header in list(headers):
        if header.lower() in {"cookie", "authorization", "x-csrftoken"}:
            headers[header] = REDACTED
    for key, value in list(event.items()):
        if key not in _KEEP_KEYS:
            event[key] = _scrub_structure(value)
    return event


def _scrub_structure(value: Any) -> Any:
    """Redact by key name inside nested data, and NIP/e-mail patterns inside strings."""
    if isinstance(value, dict):
        return {k: _scrub_entry(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_structure(item) for item in value]
    if isinstance(value, str):
        return EMAIL_PATTERN.sub(REDACTED, NIP_PATTERN.sub(REDACTED, value))
    return value


def _scrub_entry(key: str, value: Any) -> Any:
    if key == "vars" or (SENSITIVE_KEYS.search(key) and key not in _STRUCTURAL_KEYS):
        return REDACTED
    return _scrub_structure(value)


# Keys of Sentry's own event structure that look sensitive by name but hold no personal data.
_STRUCTURAL_KEYS = {"filename", "abs_path", "function", "module", "type", "name"}


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        include_local_variables=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
