"""Minimal pages for the request-overhead figures (bench/bench_request_overhead.py)."""

from django.db import connections
from django.http import HttpRequest, HttpResponse


def ping(request: HttpRequest) -> HttpResponse:
    """The smallest useful page: no template, no database."""
    return HttpResponse(b"pong", content_type="text/plain")


def ping_database(request: HttpRequest, alias: str = "default") -> HttpResponse:
    """One trivial query on `alias`, so the search_path a city needs is really set."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse(b"pong", content_type="text/plain")
