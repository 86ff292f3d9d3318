"""Scheduled work (Celery beat, tenant-aware): the daily escalation of verifications."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="performance.escalate_verifications")
def escalate_verifications_task(city_slug: str | None = None) -> None:
    from django.core.management import call_command

    if city_slug:
        call_command("escalate_verifications", "--city", city_slug)
    else:
        call_command("escalate_verifications")
