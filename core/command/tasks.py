"""Scheduled refresh of the city screen's month figures (Celery beat, every 5 minutes)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="command.refresh_screens")
def refresh_screens_task(city_slug: str | None = None) -> None:
    from django.core.management import call_command

    if city_slug:
        call_command("refresh_command_screen", "--city", city_slug)
    else:
        call_command("refresh_command_screen")


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
