"""Liveness and readiness probes, answered on every host before tenant routing."""

from __future__ import annotations

import json
from functools import cache

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse


@cache
def _expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration the code ships for the public schema (computed once per process)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes)


def readiness() -> tuple[bool, dict]:
    try:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM public.django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError as exc:
        return False, {
            "status": "unavailable",
            "database": "unreachable",
            "error": type(exc).__name__,
        }
    missing = _expected_migrations() - applied
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
            return HttpResponse(
                json.dumps(body), status=200 if ready else 503, content_type="application/json"
            )
        return self.get_response(request)
