"""Scheduled work across cities (Celery beat): each task calls a service of tenants.city_jobs."""

from __future__ import annotations

from celery import shared_task

from tenants.city_jobs import (
    escalate_verifications_in_cities,
    open_current_periods,
    refresh_command_screens_in_cities,
    send_reminders_in_cities,
)


@shared_task(name="performance.escalate_verifications")
def escalate_verifications_task(city_slug: str | None = None) -> dict[str, int]:
    return escalate_verifications_in_cities(slug=city_slug)


@shared_task(name="performance.open_periods")
def open_periods_task() -> list[str]:
    return open_current_periods()


@shared_task(name="command.refresh_screens")
def refresh_screens_task(city_slug: str | None = None) -> list[str]:
    """The city screen's month figures (core.command.snapshot), every five minutes."""
    return refresh_command_screens_in_cities(slug=city_slug)


@shared_task(name="reminders.run")
def run_reminders_task() -> list[str]:
    """Every quarter hour: each serving city's due reminders, queued and sent."""
    return send_reminders_in_cities()
