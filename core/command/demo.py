"""Demo data for the city screen: plausible logging times, a TPP budget, seeded alerts.

Runs after the performance seed (INSTALLED_APPS order). The performance seed writes its
entries in bulk with the seed's own clock as submission time; here each past entry gets
a working-day time (07:30-16:30 WIB, spread by its id) so the day curve and the usual
curve look like a city's day, one supervisor's queue is left waiting five days (the
escalation alert), the year's TPP budget is set a little under twelve times this month's
TPP (the budget alert), then the counters and this month's figures are rebuilt. Idempotent: the
budget row marks a city already seeded.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from core.actors import Actor
from core.command import counters, panels
from core.command.models import CommandSettings, TppBudget

DEMO_PERSONAS = ("198003152005012002", "198207072008011002")  # their queues stay fresh

_TIMES_SQL = """
UPDATE {entry} SET submitted_at = (day + time '07:30'
        + ((id * 7919) %% 540) * interval '1 minute') AT TIME ZONE %(tz)s,
    pending_since = CASE WHEN status = 'submitted' THEN pending_since ELSE
        (day + time '07:30' + ((id * 7919) %% 540) * interval '1 minute') AT TIME ZONE %(tz)s END
WHERE day < %(today)s
"""

_TODAY_SQL = """
UPDATE {entry} SET submitted_at = greatest(
        (day + time '07:30') AT TIME ZONE %(tz)s,
        %(now)s - ((id * 7919) %% greatest(%(span)s, 1)) * interval '1 minute')
WHERE day = %(today)s
"""


def seed_city(city, logins) -> None:
    from core.people.models import Employee
    from core.performance.models import ActivityEntry, EntryStatus

    today = timezone.localdate()
    if TppBudget.objects.filter(year=today.year).exists():
        return
    if not ActivityEntry.objects.exists():
        return
    now = timezone.now()
    local = timezone.localtime(now)
    start = local.replace(hour=7, minute=30, second=0, microsecond=0)
    span = max(int((local - start).total_seconds() // 60), 1)
    tz = timezone.get_current_timezone_name()
    entry = ActivityEntry._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_TIMES_SQL.format(entry=entry), {"tz": tz, "today": today})
            cursor.execute(
                _TODAY_SQL.format(entry=entry),
                {"tz": tz, "today": today, "now": now, "span": span},
            )
        personas = set(Employee.objects.filter(nip__in=DEMO_PERSONAS).values_list("pk", flat=True))
        late_verifier = (  # the busiest queue (a head of division, not the Sekda)
            ActivityEntry.objects.filter(status=EntryStatus.SUBMITTED, day__lt=today)
            .exclude(verifier_id__in=personas)
            .exclude(verifier__isnull=True)
            .values_list("verifier_id")
            .annotate(n=Count("id"))
            .order_by("-n", "verifier_id")
            .values_list("verifier_id", flat=True)
            .first()
        )
        if late_verifier is not None:
            ActivityEntry.objects.filter(
                status=EntryStatus.SUBMITTED, verifier_id=late_verifier, day__lt=today
            ).update(pending_since=now - timedelta(days=5))
        counters.rebuild()
        CommandSettings.objects.get_or_create(pk=1)
    panels.refresh_month(today.year, today.month, today)
    totals = panels.month_figures(today.year, today.month)["totals"]
    this_month = panels.tpp_panel(today.year, today.month, totals)["this_month"]
    from core.command.services import set_tpp_budget

    with transaction.atomic():
        set_tpp_budget(
            actor=Actor.system("demo"), year=today.year, amount=max(this_month * 12 * 97 // 100, 12)
        )
