"""Work that runs in every serving city: the platform iterates the cities, and inside each
city's schema calls the city's own service (core knows nothing of tenancy).

Used by the Celery beat tasks (tenants.tasks) and the management commands of the same name.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.actors import Actor
from core.command.panels import refresh_month
from core.performance.services.periods import SYSTEM_ACTOR, open_period
from core.performance.services.verification import escalate_verifications
from core.reminders.services import queue_reminders, send_queued
from tenants.models import City
from tenants.rules import CityStatus

ESCALATION_ACTOR = Actor.system("escalate_verifications")


def serving_cities(slug: str | None = None) -> QuerySet[City]:
    """Active and pilot cities (or the one city `slug`, whatever its status)."""
    if slug:
        return City.objects.filter(slug=slug)
    return City.objects.filter(status__in=[CityStatus.ACTIVE, CityStatus.PILOT]).order_by("pk")


def escalate_verifications_in_cities(
    *, slug: str | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Per city slug, how many entries went to the next supervisor up (one transaction each)."""
    counts: dict[str, int] = {}
    for city in serving_cities(slug):
        with tenant_context(city):
            counts[city.slug] = escalate_verifications(now=now, actor=ESCALATION_ACTOR)
    return counts


def open_current_periods(*, now: datetime | None = None) -> list[str]:
    """Open this month in every serving city (audited where it was not open yet).

    The beat task at the start of each month; pages never create a month themselves.
    """
    today = timezone.localdate(now)
    opened = []
    for city in serving_cities():
        with tenant_context(city):
            open_period(today.year, today.month, actor=SYSTEM_ACTOR)
        opened.append(city.slug)
    return opened


def refresh_command_screens_in_cities(*, slug: str | None = None) -> list[str]:
    """Recompute this month's city-screen figures in every serving city (or the one `slug`).

    The beat task every five minutes and `manage.py refresh_command_screen`.
    """
    refreshed = []
    for city in serving_cities(slug):
        with tenant_context(city):
            today = timezone.localdate()
            refresh_month(today.year, today.month, today)
        refreshed.append(city.slug)
    return refreshed


def send_reminders_in_cities(*, slug: str | None = None, queue_only: bool = False) -> list[str]:
    """Queue the reminders due now in every serving city (or the one `slug`) and send them.

    The beat task every quarter hour and `manage.py send_reminders`; each city's own hour
    and quiet hours decide what is due. One line per city for the operator.
    """
    lines = []
    for city in serving_cities(slug):
        with tenant_context(city):
            queued = queue_reminders()
            sent = {} if queue_only else send_queued()
        lines.append(
            f"{city.slug}: queued {queued.rows} ({', '.join(queued.kinds) or '-'}), {sent}"
        )
    return lines
