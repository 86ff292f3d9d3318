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


def city_reads(request: HttpRequest) -> HttpResponse:
    """Three ORM reads of city tables (the Citus figures: each is a hop to a worker)."""
    from django.contrib.auth import get_user_model

    from core.organisation.models import OrgUnit

    user_model = get_user_model()
    count = user_model.objects.count()
    units = list(OrgUnit.objects.order_by("id").values_list("id", "name")[:20])
    user_model.objects.order_by("id").first()
    return HttpResponse(f"{count} {len(units)}".encode(), content_type="text/plain")
