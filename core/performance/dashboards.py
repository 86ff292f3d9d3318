"""Read models for the live dashboards: Me, My team, OPD, City. Queries only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Q, Sum

from core.organisation.models import OrgUnit
from core.people.hierarchy import subordinates_of
from core.people.models import Assignment, Employee
from core.performance.models import ActivityEntry, EntryStatus, MonthlyResult, Period
from core.performance.periods import get_period, month_bounds
from core.performance.policy import calendar_days
from core.performance.results import PersonMonth, compute_month
from core.performance.rules import PREDICATE_ORDER
from core.performance.services.closing import policy_of


def person_month(employee: Employee, year: int, month: int) -> dict | None:
    """The frozen result of a closed month, else a live estimate; None without a position."""
    period = get_period(year, month)
    frozen = MonthlyResult.objects.filter(period=period, employee=employee).first()
    if frozen is not None:
        values = {
            f.attname: getattr(frozen, f.attname) for f in MonthlyResult._meta.concrete_fields
        }
        return {**values, "frozen": True, "waiting_entries": 0}
    people = compute_month(
        period, policy_of(period), calendar_days(year, month), employee_ids=[employee.pk]
    )
    if not people:
        return None
    person = people[0]
    return {**person.values, "frozen": False, "waiting_entries": person.waiting_entries}


def me(employee: Employee, today: date) -> dict:
    entries = list(
        ActivityEntry.objects.filter(employee=employee, day=today)
        .select_related("activity_type")
        .order_by("-id")
    )
    month = person_month(employee, today.year, today.month)
    target = month["target_minutes"] if month else 0
    verified = month["verified_minutes"] if month else 0
    start, end = month_bounds(today.year, today.month)
    logged = (
        ActivityEntry.objects.filter(employee=employee, day__range=(start, end))
        .exclude(status=EntryStatus.REJECTED)
        .aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    return {
        "today": entries,
        "today_minutes": sum(e.minutes for e in entries if e.status != EntryStatus.REJECTED),
        "month": month,
        "target": target,
        "verified": verified,
        "logged": logged,
        "progress_pct": min(100, round(verified * 100 / target)) if target else 0,
        "logged_pct": min(100, round(logged * 100 / target)) if target else 0,
    }


@dataclass
class TeamRow:
    employee: Employee
    logged_today: int
    waiting: int


def team(supervisor: Employee, today: date) -> list[TeamRow]:
    people = list(subordinates_of(supervisor, today).order_by("name"))
    ids = [p.pk for p in people]
    today_counts = dict(
        ActivityEntry.objects.filter(employee_id__in=ids, day=today)
        .values_list("employee_id")
        .annotate(n=Count("id"))
    )
    waiting = dict(
        ActivityEntry.objects.filter(employee_id__in=ids, status=EntryStatus.SUBMITTED)
        .values_list("employee_id")
        .annotate(n=Count("id"))
    )
    return [TeamRow(p, today_counts.get(p.pk, 0), waiting.get(p.pk, 0)) for p in people]


def opd_month(opd_id: int, year: int, month: int) -> list[dict]:
    """Everyone of an OPD for a month: frozen results if closed for them, else live."""
    period = get_period(year, month)
    rows = [
        {f.attname: getattr(r, f.attname) for f in MonthlyResult._meta.concrete_fields}
        | {"frozen": True}
        for r in MonthlyResult.objects.filter(period=period, opd_id=opd_id)
    ]
    if not period.is_closed:
        live: list[PersonMonth] = compute_month(
            period,
            policy_of(period),
            calendar_days(year, month),
            opd_id=opd_id,
            exclude_frozen=True,
        )
        rows += [p.values | {"frozen": False} for p in live]
    names = dict(
        Employee.objects.filter(pk__in=[r["employee_id"] for r in rows]).values_list("pk", "name")
    )
    for row in rows:
        row["name"] = names.get(row["employee_id"], "")
    rows.sort(key=lambda r: (-r["result_score"], r["name"]))
    return rows


def distribution(rows: list[dict]) -> list[tuple[str, int, int]]:
    """(predicate, count, percent) in best-first order."""
    counts = Counter(r["predicate"] for r in rows)
    total = max(len(rows), 1)
    return [
        (p.value, counts.get(p.value, 0), round(counts.get(p.value, 0) * 100 / total))
        for p in PREDICATE_ORDER
    ]


_CITY_SQL = """
WITH staff AS (
    SELECT DISTINCT ON (a.employee_id) a.employee_id, u.opd_id
    FROM {assignment} a JOIN {position} p ON p.id = a.position_id
    JOIN {orgunit} u ON u.id = p.org_unit_id
    WHERE a.starts_on <= %(today)s AND (a.ends_on IS NULL OR a.ends_on >= %(today)s)
    ORDER BY a.employee_id, a.is_acting, a.starts_on DESC
),
act AS (
    SELECT employee_id,
           bool_or(day = %(today)s) AS logged_today,
           coalesce(sum(minutes) FILTER (WHERE status = 'approved'), 0) AS verified,
           count(*) FILTER (WHERE status = 'submitted') AS waiting
    FROM {activity} WHERE day BETWEEN %(start)s AND %(end)s GROUP BY employee_id
)
SELECT staff.opd_id, count(*) AS people,
       count(*) FILTER (WHERE act.logged_today) AS logged_today,
       coalesce(sum(act.verified), 0) AS verified, coalesce(sum(act.waiting), 0) AS waiting
FROM staff LEFT JOIN act ON act.employee_id = staff.employee_id
GROUP BY staff.opd_id
"""


def city(today: date) -> list[dict]:
    """Every OPD, up to the minute: people, who logged today, verified minutes, waiting."""
    from core.organisation.models import Position

    start, end = month_bounds(today.year, today.month)
    sql = _CITY_SQL.format(
        assignment=Assignment._meta.db_table,
        position=Position._meta.db_table,
        orgunit=OrgUnit._meta.db_table,
        activity=ActivityEntry._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"today": today, "start": start, "end": end})
        rows = cursor.fetchall()
    names = dict(OrgUnit.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "name"))
    days_so_far = len([d for d in calendar_days(today.year, today.month) if d <= today])
    period = get_period(today.year, today.month)
    per_day = policy_of(period).minutes_per_day
    result = []
    for opd_id, people, logged, verified, waiting in rows:
        target = people * days_so_far * per_day
        result.append(
            {
                "opd_id": opd_id,
                "name": names.get(opd_id, "-"),
                "people": people,
                "logged_today": logged,
                "logged_pct": round(logged * 100 / people) if people else 0,
                "verified": verified,
                "waiting": waiting,
                "progress_pct": min(100, round(verified * 100 / target)) if target else 0,
            }
        )
    result.sort(key=lambda r: r["name"])
    return result


def closed_periods() -> list[Period]:
    return list(Period.objects.filter(status="closed").order_by("-year", "-month")[:12])


def waiting_for(verifier: Employee) -> int:
    return ActivityEntry.objects.filter(Q(verifier=verifier), status=EntryStatus.SUBMITTED).count()
