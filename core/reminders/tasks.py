"""Celery beat: every quarter hour, queue and send each active city's due reminders."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reminders.run")
def run_reminders_task() -> dict:
    from django.core.management import call_command

    call_command("send_reminders")
    return {}
