"""The city screen's month figures refreshed after a write, in the background.

The five-minute beat over every city is tenants.tasks (core knows no cities).
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="command.refresh_month")
def refresh_month_task(schema: str | None, year: int, month: int) -> None:
    from django.db import connection

    from core.command.panels import refresh_month

    if schema and getattr(connection, "schema_name", None) != schema:
        from django_tenants.utils import schema_context

        with schema_context(schema):
            refresh_month(year, month)
    else:
        refresh_month(year, month)
