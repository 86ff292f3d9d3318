"""Implementation facts from core.performance, read in the active city schema.

Five aggregate queries whatever the city's size: periods, who logged work in the
last 7 days, the verification backlog, the median verification delay over the last
30 days, and the latest activity.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from core.performance.models import ActivityEntry, EntryStatus, Period, PeriodStatus
from onboarding.services.facts import PerformanceFacts


def performance_facts(now: datetime) -> PerformanceFacts:
    today = timezone.localdate(now)
    periods = Period.objects.aggregate(
        opened=Count("pk"), closed=Count("pk", filter=Q(status=PeriodStatus.CLOSED))
    )
    active = (
        ActivityEntry.objects.filter(day__gte=today - timedelta(days=6), day__lte=today)
        .values("employee_id")
        .distinct()
        .count()
    )
    entries = ActivityEntry.objects.aggregate(
        backlog=Count("pk", filter=Q(status=EntryStatus.SUBMITTED)), last=Max("submitted_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT percentile_cont(0.5) WITHIN GROUP "
            f"(ORDER BY extract(epoch FROM decided_at - submitted_at) / 3600.0) "
            f"FROM {ActivityEntry._meta.db_table} "
            f"WHERE decided_at IS NOT NULL AND decided_at >= %s",
            [now - timedelta(days=30)],
        )
        median = cursor.fetchone()[0]
    return PerformanceFacts(
        periods_opened=periods["opened"],
        periods_closed=periods["closed"],
        active_last_7_days=active,
        verification_backlog=entries["backlog"],
        median_verification_hours=float(median) if median is not None else None,
        last_activity_at=entries["last"],
    )
