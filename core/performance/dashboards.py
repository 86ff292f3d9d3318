"""Read models for the live dashboards: Me, My team, OPD, City. Queries only."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.audit.services import data_version
from core.organisation.models import OrgUnit, Position
from core.people.hierarchy import subordinates_of
from core.people.models import Assignment, Employee
from core.performance.models import (
    ActivityEntry,
    EntryStatus,
    MonthlyResult,
    Period,
    PredicateChoice,
)
from core.performance.periods import find_period, month_bounds
from core.performance.policy import calendar_days
from core.performance.results import PersonMonth, compute_month
from core.performance.rules import PREDICATE_ORDER, days_counted
from core.performance.services.closing import policy_of
from core.versioned_cache import Cached, cached_for_version


@dataclass(frozen=True)
class Basis:
    """What a month's figures are measured on: final, or an estimate on the days so far."""

    year: int
    month: int
    days_counted: int  # working days the live figures are measured on
    working_days: int  # working days in the whole month
    last_counted: date | None  # the last day counted (None: a month without working days)
    closed: bool  # the whole city's month is closed: every figure is final

    @property
    def partial(self) -> bool:
        """True while the month is still running: live figures are a pro-rated estimate."""
        return not self.closed and self.days_counted < self.working_days

    def as_dict(self) -> dict:
        return {**asdict(self), "partial": self.partial}


def month_basis(year: int, month: int, today: date) -> tuple[Basis, list[date]]:
    """The month's basis and the working days its live figures count (rules.days_counted)."""
    days = calendar_days(year, month)
    counted = days_counted(days, today)
    period = find_period(year, month)
    basis = Basis(
        year=year,
        month=month,
        days_counted=len(counted),
        working_days=len(days),
        last_counted=counted[-1] if counted else None,
        closed=period.is_closed,
    )
    return basis, counted


def month_rows(
    year: int,
    month: int,
    today: date,
    *,
    opd_id: int | None = None,
    employee_ids: list[int] | None = None,
) -> tuple[Basis, list[dict]]:
    """Everyone's figures of a month (or one OPD's, or some people's): THE function.

    The personal page, the OPD page and the city dashboard all read this, so they agree.
    A frozen result wherever the month was closed (city-wide, or for the person's OPD);
    for everyone else a live estimate computed by the close's own code
    (results.compute_month) on the working days so far (`rules.days_counted`): on day 7
    a week's verified work against a week's target, not against the whole month's.
    Each row is a dict of MonthlyResult fields plus "frozen" and "waiting_entries".
    """
    basis, counted = month_basis(year, month, today)
    period = find_period(year, month)
    frozen = MonthlyResult.objects.filter(period_id=period.pk)
    if opd_id is not None:
        frozen = frozen.filter(opd_id=opd_id)
    if employee_ids is not None:
        frozen = frozen.filter(employee_id__in=employee_ids)
    rows = [
        {f.attname: getattr(r, f.attname) for f in MonthlyResult._meta.concrete_fields}
        | {"frozen": True, "waiting_entries": 0}
        for r in frozen
    ]
    if not period.is_closed:
        live: list[PersonMonth] = compute_month(
            period,
            policy_of(period),
            counted,
            employee_ids=employee_ids,
            opd_id=opd_id,
            exclude_frozen=True,
        )
        rows += [p.values | {"frozen": False, "waiting_entries": p.waiting_entries} for p in live]
    return basis, rows


def person_month(
    employee: Employee, year: int, month: int, today: date | None = None
) -> dict | None:
    """One person's row of `month_rows` (with its "basis"); None without a position."""
    basis, rows = month_rows(year, month, today or timezone.localdate(), employee_ids=[employee.pk])
    if not rows:
        return None
    row = rows[0]
    return {**row, "basis": basis, "predicate_label": predicate_label(row["predicate"])}


def me(employee: Employee, today: date) -> dict:
    entries = list(
        ActivityEntry.objects.filter(employee=employee, day=today)
        .select_related("activity_type")
        .order_by("-id")
    )
    month = person_month(employee, today.year, today.month, today)
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
    # The month's behaviour ratings, filled by the team page.
    ratings: list[dict[str, Any]] = field(default_factory=list)


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


def opd_month(opd_id: int, year: int, month: int, today: date | None = None) -> list[dict]:
    """Everyone of an OPD for a month (`month_rows`), with names, best first."""
    _basis, rows = month_rows(year, month, today or timezone.localdate(), opd_id=opd_id)
    names = dict(
        Employee.objects.filter(pk__in=[r["employee_id"] for r in rows]).values_list("pk", "name")
    )
    for row in rows:
        row["name"] = names.get(row["employee_id"], "")
        row["predicate_label"] = predicate_label(row["predicate"])
    rows.sort(key=lambda r: (-r["result_score"], r["name"]))
    return rows


def predicate_label(value: str) -> str:
    """The human name of a predicate code."""
    return str(PredicateChoice(value).label) if value in PredicateChoice.values else value


def distribution(rows: list[dict]) -> list[tuple[str, int, int]]:
    """(predicate, count, percent) in best-first order."""
    counts = Counter(r["predicate"] for r in rows)
    total = max(len(rows), 1)
    return [
        (p.value, counts.get(p.value, 0), round(counts.get(p.value, 0) * 100 / total))
        for p in PREDICATE_ORDER
    ]


_TODAY_SQL = """
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
           count(*) FILTER (WHERE status = 'submitted') AS waiting
    FROM {activity} WHERE day BETWEEN %(start)s AND %(end)s GROUP BY employee_id
)
SELECT staff.opd_id, count(*) FILTER (WHERE act.logged_today) AS logged_today,
       coalesce(sum(act.waiting), 0)::int AS waiting
FROM staff JOIN act ON act.employee_id = staff.employee_id
GROUP BY staff.opd_id
"""


def _today_by_opd(today: date) -> dict[int, tuple[int, int]]:
    """Per OPD: (people who logged today, entries of the month waiting for verification)."""

    start, end = month_bounds(today.year, today.month)
    sql = _TODAY_SQL.format(
        assignment=Assignment._meta.db_table,
        position=Position._meta.db_table,
        orgunit=OrgUnit._meta.db_table,
        activity=ActivityEntry._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"today": today, "start": start, "end": end})
        return {opd_id: (logged, waiting) for opd_id, logged, waiting in cursor.fetchall()}


def opd_summary(rows: list[dict]) -> dict:
    """An OPD's (or the city's) month from its people's rows of `month_rows`.

    The month progress is the mean of the people's workload % (each capped at 100 %, as
    the rules cap it), exactly the mean of the OPD page's "Workload" column."""
    people = len(rows)
    predicates = Counter(r["predicate"] for r in rows)
    return {
        "people": people,
        "progress_pct": round(sum(r["workload_pct"] for r in rows) / people) if people else 0,
        "score_avg": round(sum(r["result_score"] for r in rows) / people, 2) if people else 0,
        "predicates": {p.value: predicates.get(p.value, 0) for p in PREDICATE_ORDER},
        "tpp_paid": sum(r["tpp_paid"] for r in rows),
        "zero_tpp": sum(1 for r in rows if not r["tpp_paid"]),
    }


def city_overview(today: date) -> dict:
    """Every OPD for the month of `today`, and the city's totals: each OPD's figures come
    from `month_rows` (the same rows its OPD page ranks), plus who logged today and what
    waits for verification."""
    basis, rows = month_rows(today.year, today.month, today)
    by_opd: dict[int, list[dict]] = {}
    for row in rows:
        by_opd.setdefault(row["opd_id"], []).append(row)
    today_figures = _today_by_opd(today)
    names = dict(OrgUnit.objects.filter(pk__in=list(by_opd)).values_list("pk", "name"))
    opds = []
    for opd_id, people_rows in by_opd.items():
        logged, waiting = today_figures.get(opd_id, (0, 0))
        opds.append(
            {"opd_id": opd_id, "name": names.get(opd_id, "-")}
            | _with_today(opd_summary(people_rows), logged, waiting)
        )
    opds.sort(key=lambda r: r["name"])
    totals = _with_today(
        opd_summary(rows),
        sum(logged for logged, _w in today_figures.values()),
        sum(waiting for _l, waiting in today_figures.values()),
    )
    return {"basis": basis, "opds": opds, "totals": totals}


def _with_today(summary: dict, logged: int, waiting: int) -> dict:
    people = summary["people"]
    return summary | {
        "logged_today": logged,
        "logged_pct": min(100, round(logged * 100 / people)) if people else 0,
        "waiting": waiting,
    }


def city_overview_cached(today: date) -> Cached[dict]:
    """`city_overview`, recomputed at most once per data version (`core.versioned_cache`):
    twenty thousand people's month costs half a second, and the afternoon's logging
    changes the data many times a second."""
    return cached_for_version(
        f"dashboard:city:{today.isoformat()}", data_version(), lambda: city_overview(today)
    )


def opd_month_cached(opd_id: int, year: int, month: int, today: date) -> Cached[list[dict]]:
    """`opd_month`, recomputed at most once per data version (`core.versioned_cache`)."""
    return cached_for_version(
        f"dashboard:opd:{opd_id}:{year}-{month}:{today.isoformat()}",
        data_version(),
        lambda: opd_month(opd_id, year, month, today),
    )


def city(today: date) -> list[dict]:
    """Every OPD of `city_overview`."""
    return city_overview(today)["opds"]


def closed_periods() -> list[Period]:
    return list(Period.objects.filter(status="closed").order_by("-year", "-month")[:12])


def waiting_for(verifier: Employee) -> int:
    return ActivityEntry.objects.filter(Q(verifier=verifier), status=EntryStatus.SUBMITTED).count()
