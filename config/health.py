"""Liveness and readiness probes, and database trouble answered as 503, not 500.

- `/healthz` says the process is alive; it never touches the database or its pool.
- `/readyz` opens its own short connection (never one of the pool, which may be busy or
  waiting to reconnect), queries within `READINESS_QUERY_TIMEOUT`, and answers 503 within
  `READINESS_TIMEOUT` (1.5 s) when the database is down or hung, 200 as soon as it is back.
- A request that fails because the database is unreachable, a connection broke, the pool
  had no connection within `DATABASE_POOL_TIMEOUT` or a statement ran past
  `DATABASE_STATEMENT_TIMEOUT` gets 503 with `Retry-After` and a page in Indonesian (JSON
  under /api/), never a 500 or a half-minute wait.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from functools import cache

import psycopg
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


@cache
def _expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration the code ships for the public schema (computed once per process)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes)


def _probe_connection(db: dict) -> psycopg.Connection:
    """A connection of its own for the probe, with short connect and statement limits."""
    query_ms = int(float(getattr(settings, "READINESS_QUERY_TIMEOUT", 1)) * 1000)
    params = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "connect_timeout": 2,  # libpq's shortest; readiness() stops waiting before it
        "options": f"-c statement_timeout={query_ms}",
        "application_name": "sinergi-readyz",
    }
    return psycopg.connect(
        autocommit=True, **{key: value for key, value in params.items() if value is not None}
    )


def _applied_migrations(db: dict) -> set[tuple[str, str]]:
    with _probe_connection(db) as probe:
        return set(probe.execute("SELECT app, name FROM public.django_migrations"))


def readiness() -> tuple[bool, dict]:
    """Whether the database answers and every migration is applied, within
    `READINESS_TIMEOUT` seconds whatever the database does (libpq waits at least 2 s to
    connect, so the probe runs in a thread of its own that is left to finish alone)."""
    started = time.monotonic()
    outcome: dict = {}
    db = connection.settings_dict

    def probe() -> None:
        try:
            outcome["applied"] = _applied_migrations(db)
        except (psycopg.Error, DatabaseError) as exc:
            outcome["error"] = type(exc).__name__

    worker = threading.Thread(target=probe, name="readyz-probe", daemon=True)
    worker.start()
    worker.join(float(getattr(settings, "READINESS_TIMEOUT", 1.5)))
    if "applied" not in outcome:
        return False, {
            "status": "unavailable",
            "database": "unreachable",
            "error": outcome.get("error", "Timeout"),
            "seconds": round(time.monotonic() - started, 3),
        }
    missing = _expected_migrations() - outcome["applied"]
    if missing:
        return False, {
            "status": "unavailable",
            "database": "ok",
            "pending_migrations": len(missing),
        }
    return True, {"status": "ok", "database": "ok", "pending_migrations": 0}


class HealthCheckMiddleware:
    """`/healthz` (process alive, no database) and `/readyz` (database and migrations)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            ready, body = readiness()
            response = HttpResponse(
                json.dumps(body), status=200 if ready else 503, content_type="application/json"
            )
            if not ready:
                response["Retry-After"] = str(_retry_after())
            return response
        return self.get_response(request)


# ---------------------------------------------------------------- database down -> 503
_MARK = "_sinergi_database_unavailable"


def is_database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) says the database could not serve the request."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, UNAVAILABLE):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _mark_request(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Django turns an exception anywhere (view or middleware) into a 500 response before
    an outer middleware can see it; it sends this signal first, inside the handler."""
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="sinergi-database-unavailable")


def _retry_after() -> int:
    return int(getattr(settings, "DATABASE_RETRY_AFTER", 5))


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, a self-contained page elsewhere."""
    language = translation.get_language_from_request(request) or settings.LANGUAGE_CODE
    with translation.override(language):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "message": _(
                        "The service is briefly unavailable. Please try again in a moment."
                    ),
                    "code": "database_unavailable",
                },
                status=503,
            )
        else:  # no context processors: they would ask the database again
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(_retry_after())
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Outermost after the probes: a request the database failed becomes a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except UNAVAILABLE:
            return database_unavailable_response(request)
        if response.status_code >= 500 and getattr(request, _MARK, False):
            return database_unavailable_response(request)
        return response
