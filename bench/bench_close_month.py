"""Closing a month for a 20,000-ASN city vs one hand-written SQL aggregate.

Set-up (untimed): a city with 20,000 ASN through the real import (synthetic hierarchy),
20 catalogue activities, and one finished month generated with `INSERT ... SELECT
generate_series`: five activity entries per person per working day (about 2.1-2.2
million rows, all verified), one attendance row per person per working day (some late
arrivals), and a behaviour rating for everyone. Then ANALYZE.

(a) `core.performance.services.closing.close_period` for the whole city: the period
    goes open -> closing, one set-based SQL pass aggregates every person's inputs
    (working days after leave and position dates, verified minutes, waiting entries,
    indicators, behaviour, attendance), the rules compute each result in memory, the
    20,000 results are written with COPY, the policy snapshot stored, the period closed
    and the audit event written.
(b) the lower bound: one hand-written SQL statement computing the same per-person
    totals (verified and waiting activity per person joined with attendance days and
    late minutes per person), fetched to the client.

Between rounds of (a) the results are deleted, the results table vacuumed and the period
reopened (untimed), so every round closes the month as the first one did.
A third figure: a person's month page (the live TPP statement of an open month with
all its data), through Django's test client on the city host, for 50 people.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.context import Context
from bench.figures import Figure, P95AtMost, RatioAtMost, ValueAtMost
from bench.timing import Stat
from core.actors import Actor

PEOPLE = 20_000
ENTRIES_PER_DAY = 5


def _blank_insert(model, values: dict[str, str], source: str) -> str:
    """INSERT ... SELECT for `model`: given SQL expressions, '' / false / NULL for the rest."""
    from django.db import models

    columns, exprs = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.name in values:
            exprs.append(values[field.name])
        elif field.null:
            exprs.append("NULL")
        elif isinstance(field, models.BooleanField):
            exprs.append("false")
        elif isinstance(field, models.JSONField):
            exprs.append("'[]'::jsonb")
        elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
            exprs.append("''")
        elif isinstance(field, models.DateTimeField):
            exprs.append("now()")
        else:
            exprs.append("0")
    table = model._meta.db_table
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)} {source}"


def _generate(ctx: Context, people: int):
    from catalog.adoption import adopt_after_build
    from core.configuration.models import ActivityType
    from core.people.imports import import_asn
    from core.people.synthetic import generate_rows
    from core.people.tabular import read_table, write_csv
    from core.performance.models import ActivityEntry, AttendanceRecord, BehaviourRating
    from core.performance.policy import calendar_days
    from core.performance.services.periods import open_period

    # the Surabaya model: its policy, calendar and TPP table, as a real city has
    city = ctx.provision(ctx.new_slug("close"), after_build=adopt_after_build()).city
    connection.set_tenant(city)
    report = import_asn(
        read_table(write_csv(generate_rows(people, seed=11)), "asn.csv"),
        actor=Actor.system("bench"),
    )
    if report.errors:
        raise RuntimeError(f"import failed: {report.errors[:3]}")
    today = timezone.localdate()
    month_end = today.replace(day=1) - timedelta(days=1)
    year, month = month_end.year, month_end.month
    days = calendar_days(year, month)
    period = open_period(year, month, actor=Actor.system("bench"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_assignment SET starts_on = '2020-01-01'")
        cursor.execute(
            "UPDATE accounts_user SET is_active = true "
            "WHERE id IN (SELECT id FROM accounts_user LIMIT 60)"
        )
        cursor.execute(
            _blank_insert(
                ActivityType,
                {
                    "code": "'BENCH-' || g",
                    "name": "'Kegiatan ' || g",
                    "output_unit": "'dokumen'",
                    "standard_minutes": "10 + (g % 6) * 5",
                    "is_active": "true",
                },
                "FROM generate_series(1, 20) g",
            )
        )
        cursor.execute("SELECT min(id) FROM configuration_activitytype WHERE code LIKE 'BENCH-%%'")
        first_type = cursor.fetchone()[0]
        cursor.execute("SELECT min(id) FROM accounts_user")
        creator = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            _blank_insert(
                ActivityEntry,
                {
                    "employee": "e.id",
                    "activity_type": f"{first_type} + (e.id * 7 + k) %% 20",
                    "day": "d",
                    "volume": "1 + k %% 3",
                    "minutes": "(10 + (((e.id * 7 + k) %% 20 + 1) %% 6) * 5) * (1 + k %% 3)",
                    "status": "'approved'",
                    "submitted_at": "now()",
                    "pending_since": "now()",
                    "created_by": str(creator),
                },
                "FROM people_employee e CROSS JOIN unnest(%s::date[]) d "
                f"CROSS JOIN generate_series(1, {ENTRIES_PER_DAY}) k",
            ),
            [days],
        )
        entries = cursor.rowcount
        cursor.execute(
            _blank_insert(
                AttendanceRecord,
                {
                    "employee": "e.id",
                    "day": "d",
                    "status": "'hadir'",
                    "checked_in": "'07:25'",
                    "checked_out": "'16:10'",
                    "late_minutes": (
                        "CASE WHEN (e.id + extract(day FROM d)::int) %% 17 = 0 THEN 20 ELSE 0 END"
                    ),
                    "early_minutes": "0",
                },
                "FROM people_employee e CROSS JOIN unnest(%s::date[]) d",
            ),
            [days],
        )
        level_values = {
            name: "'sesuai'"
            for name in (
                "berorientasi_pelayanan",
                "akuntabel",
                "kompeten",
                "harmonis",
                "loyal",
                "adaptif",
                "kolaboratif",
            )
        }
        cursor.execute(
            _blank_insert(
                BehaviourRating,
                {
                    "employee": "e.id",
                    "period": str(period.pk),
                    "rating": "'sesuai'",
                    "rated_at": "now()",
                    **level_values,
                },
                "FROM people_employee e",
            )
        )
        cursor.execute("ANALYZE")
        generated = time.perf_counter() - started
    return city, period, days, entries, generated


BASELINE_SQL = """
SELECT p.employee_id, p.verified, p.waiting, coalesce(t.days, 0), coalesce(t.late, 0)
FROM (
    SELECT employee_id,
           sum(minutes) FILTER (WHERE status = 'approved') AS verified,
           count(*) FILTER (WHERE status = 'submitted') AS waiting
    FROM performance_activityentry WHERE day BETWEEN %s AND %s GROUP BY employee_id
) p
LEFT JOIN (
    SELECT employee_id, count(*) AS days, sum(late_minutes) AS late
    FROM performance_attendancerecord WHERE day BETWEEN %s AND %s GROUP BY employee_id
) t ON t.employee_id = p.employee_id
"""


def run(ctx: Context) -> list[Figure]:
    from core.performance.models import MonthlyResult, Period, PeriodStatus, UnitClosure
    from core.performance.periods import month_bounds
    from core.performance.services.closing import close_period

    people = ctx.scale(PEOPLE, 1_000)
    city, period, days, entries, generated = _generate(ctx, people)
    start, end = month_bounds(period.year, period.month)

    def reopen() -> None:
        MonthlyResult.objects.filter(period=period).delete()
        UnitClosure.objects.filter(period=period).delete()
        Period.objects.filter(pk=period.pk).update(status=PeriodStatus.OPEN, policy_snapshot=None)
        # A month is closed once: without this, every later round would insert next to
        # the dead rows of the rounds before (autovacuum may be off, or not yet round).
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {MonthlyResult._meta.db_table}")

    # A person's month page while the month is open, data present (before any close).
    client = Client(HTTP_HOST=f"{city.slug}.localhost")
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(is_active=True, employee__isnull=False)[:50])
    page_samples = []
    url = f"/work/statement/{period.year}/{period.month}/"
    for i in range(-5, ctx.scale(300, 20)):
        client.force_login(users[i % len(users)])
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"statement page: {response.status_code}")
        if i >= 0:
            page_samples.append(elapsed)

    closes, aggregates = [], []
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [start, end, start, end])
        cursor.fetchall()  # warm-up
    rounds = ctx.scale(3, 1)
    for round_ in range(-1, rounds):
        reopen()
        started = time.perf_counter()
        closed = close_period(period.pk, actor=Actor.system("bench"))
        elapsed = time.perf_counter() - started
        if closed != people:
            raise RuntimeError(f"closed {closed} of {people}")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [start, end, start, end])
            rows = cursor.fetchall()
        baseline = time.perf_counter() - started
        if len(rows) != people:
            raise RuntimeError("baseline row count")
        if round_ >= 0:
            closes.append(elapsed)
            aggregates.append(baseline)
    sample = MonthlyResult.objects.filter(period=period).order_by("?").first()
    connection.set_schema_to_public()
    ctx.note(
        f"{people:,} ASN, {len(days)} working days, {entries:,} activity entries and "
        f"{people * len(days):,} attendance rows generated in {generated:.1f} s. "
        f"A sample result: workload {sample.workload_pct}%, score {sample.result_score}, "
        f"TPP Rp{sample.tpp_paid:,}."
    )
    close_stat, aggregate_stat = Stat.of(closes), Stat.of(aggregates)
    return [
        Figure(
            "Close a month (whole city)",
            close_stat,
            baseline=aggregate_stat,
            baseline_label="one SQL aggregate of the same per-person totals",
            target=RatioAtMost(3),
        ),
        Figure("Close a month: absolute", close_stat, target=ValueAtMost(10.0)),
        Figure(
            "A person's month page (live TPP estimate)",
            Stat.of(page_samples),
            target=P95AtMost(0.100),
            note="p95 of GET /work/statement/<y>/<m>/ with the month's data present",
        ),
    ]
