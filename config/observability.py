"""Logs and error reports that name the city and the role, and never a person.

- Every log line carries `city` (the request's city slug, "public" on the root domain,
  "-" outside a request). The routing middleware binds it as soon as the host is
  resolved, so even Django's own "Not Found"/"Forbidden" lines, written after the
  middleware chain returns, carry it.
- Sentry events carry the tags `city` and `role`. `scrub_event` (the `before_send`)
  drops the user, redacts request bodies, cookies, query strings and credentials, and
  removes NIPs (18 digits), e-mail addresses, the signed-in user's own name, user name
  and e-mail, and any value posted in a password-like field, from every string, before
  anything leaves the process.
"""

from __future__ import annotations

import contextvars
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse

current_city: contextvars.ContextVar[str] = contextvars.ContextVar("current_city", default="-")
# The request being served and its user's identifying strings, for `scrub_event`.
_request: contextvars.ContextVar[tuple[HttpRequest | None, list[str]]] = contextvars.ContextVar(
    "sentry_request", default=(None, [])
)

NIP_PATTERN = re.compile(r"(?<!\d)\d{18}(?!\d)")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SENSITIVE_KEYS = re.compile(
    r"pass|secret|token|nip|name|nama|email|e_mail|phone|telepon|username|cookie|session"
    r"|csrf|authorization|credential",
    re.IGNORECASE,
)
# Keys of Sentry's own event structure that look sensitive by name but hold no personal data.
_STRUCTURAL_KEYS = {"filename", "abs_path", "function", "module", "type", "name", "package"}
_KEEP_KEYS = {"tags", "contexts", "sdk", "platform", "level", "event_id", "timestamp"}
REDACTED = "[redacted]"


def bind_city(name: str) -> None:
    """Name the city on every log line (and Sentry event) from here on in this context."""
    current_city.set(name)


class CityLogFilter(logging.Filter):
    """Adds `city` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.city = current_city.get()
        return True


class RequestContextMiddleware:
    """Tags the Sentry scope with city and role, and remembers who is signed in
    so their name, user name (NIP) and e-mail can be scrubbed from any event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        city = getattr(request, "city", None)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        role = getattr(user, "role", "") if signed_in else ""
        _tag_sentry_scope(city.slug if city else "public", role)
        token = _request.set((request, _personal_strings(user) if signed_in else []))
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _personal_strings(user) -> list[str]:
    full_name = user.get_full_name()
    return [full_name, *full_name.split(), user.get_username(), getattr(user, "email", "")]


def _secrets_posted(request: HttpRequest | None) -> list[str]:
    """Values of password-like fields the request posted (read when an event is sent)."""
    if request is None or request.method != "POST":
        return []
    try:
        posted = request.POST.lists()
    except Exception:  # an unreadable body holds nothing we could scrub by value
        return []
    return [
        value
        for key, values in posted
        if SENSITIVE_KEYS.search(key) and "csrf" not in key
        for value in values
    ]


def _longest_first(*groups: list[str]) -> tuple[str, ...]:
    """Longest first, so "Budi Santoso" goes before "Budi"; skip tiny fragments."""
    values = {value for group in groups for value in group if len(value) >= 3}
    return tuple(sorted(values, key=len, reverse=True))


def _tag_sentry_scope(city: str, role: str) -> None:
    import sentry_sdk

    sentry_sdk.set_tag("city", city)
    sentry_sdk.set_tag("role", role or "anonymous")


def scrub_event(event: Any, hint: Any = None) -> Any:
    """Sentry `before_send`: drop the user, redact personal data everywhere else."""
    event.pop("user", None)
    request = event.get("request") or {}
    for field in ("cookies", "data", "query_string", "env"):
        if field in request:
            request[field] = REDACTED
    request_served, personal_strings = _request.get()
    personal = _longest_first(personal_strings, _secrets_posted(request_served))
    for key, value in list(event.items()):
        if key not in _KEEP_KEYS:
            event[key] = _scrub(value, personal)
    return event


def _scrub(value: Any, personal: tuple[str, ...]) -> Any:
    """Redact by key name inside nested data, and personal data inside strings."""
    if isinstance(value, dict):
        return {
            k: REDACTED if _sensitive_key(str(k)) else _scrub(v, personal) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, personal) for item in value]
    if isinstance(value, str):
        value = EMAIL_PATTERN.sub(REDACTED, NIP_PATTERN.sub(REDACTED, value))
        for text in personal:
            value = value.replace(text, REDACTED)
        return value
    return value


def _sensitive_key(key: str) -> bool:
    return key == "vars" or (key not in _STRUCTURAL_KEYS and bool(SENSITIVE_KEYS.search(key)))


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    """Start the Sentry SDK (called from settings when SENTRY_DSN is set)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        traces_sample_rate=traces_sample_rate,
        include_local_variables=False,  # and no send_default_pii: users, IPs, cookies stay home
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
