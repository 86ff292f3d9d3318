"""Computing monthly results, set-based.

One SQL statement aggregates, for every person who held a position in the month, the
inputs of the month (working days after leave, verified minutes, waiting entries,
confirmed indicator achievement, the seven behaviour ratings, attendance); the rules
(core.performance.rules) then turn each row into a result in memory, with no query per
person. The same function serves the close (everyone), a correction (the people it
touches), and the live estimates on the dashboards (one person, one OPD).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from core.organisation.models import OrgUnit, Position
from core.people.models import Assignment
from core.performance.models import (
    ActivityEntry,
    AttendanceRecord,
    BehaviourRating,
    IndicatorTarget,
    MonthlyResult,
    Period,
)
from core.performance.periods import month_bounds
from core.performance.rules import (
    BERAKHLAK,
    LEAVE_STATUSES,
    AttendanceDay,
    AttendanceStatus,
    Level,
    PerformancePolicy,
    attendance_summary,
    behaviour_rating,
    monthly_target_minutes,
    predicate,
    result_score,
    results_rating,
    tpp,
    workload_pct,
)

_LEAVE = [s.value for s in LEAVE_STATUSES]

_SQL = """
WITH cal AS (SELECT unnest(%(days)s::date[]) AS day),
spans AS (
    SELECT a.employee_id, greatest(a.starts_on, %(start)s) AS s,
           least(coalesce(a.ends_on, %(end)s), %(end)s) AS e
    FROM {assignment} a
    WHERE a.starts_on <= %(end)s AND (a.ends_on IS NULL OR a.ends_on >= %(start)s) {span_filter}
),
pos AS (
    SELECT DISTINCT ON (a.employee_id) a.employee_id, a.position_id, p.kelas_jabatan, u.opd_id,
           p.supervisor_position_id IS NULL AS top
    FROM {assignment} a
    JOIN {position} p ON p.id = a.position_id
    JOIN {orgunit} u ON u.id = p.org_unit_id
    WHERE a.starts_on <= %(end)s AND (a.ends_on IS NULL OR a.ends_on >= %(start)s) {span_filter}
    ORDER BY a.employee_id, a.is_acting, a.starts_on DESC, a.id DESC
),
-- Days in a position: the whole month for anyone holding a position all month (the
-- common case, no per-day rows); day by day only for the others.
whole AS (
    SELECT employee_id FROM spans GROUP BY employee_id
    HAVING bool_or(s = %(start)s AND e = %(end)s)
),
wd AS (
    SELECT employee_id, %(day_count)s AS days FROM whole
    UNION ALL
    SELECT s.employee_id, count(DISTINCT c.day)
    FROM spans s JOIN cal c ON c.day BETWEEN s.s AND s.e
    WHERE NOT EXISTS (SELECT 1 FROM whole w WHERE w.employee_id = s.employee_id)
    GROUP BY s.employee_id
),
act AS (
    SELECT employee_id,
           coalesce(sum(minutes) FILTER (WHERE status = 'approved'), 0) AS verified,
           count(*) FILTER (WHERE status = 'submitted') AS waiting
    FROM {activity} WHERE day BETWEEN %(start)s AND %(end)s {plain_filter}
    GROUP BY employee_id
),
iki AS (
    SELECT employee_id,
           avg(achievement_pct) FILTER (WHERE status = 'confirmed') AS iki,
           count(*) FILTER (WHERE status <> 'confirmed') AS unconfirmed
    FROM {target} WHERE period_id = %(period)s {plain_filter}
    GROUP BY employee_id
),
-- Attendance on the city's working days (a row on a holiday is ignored): leave days,
-- other recorded days, and the days that carry a cut.
att AS (
    SELECT employee_id,
           count(*) FILTER (WHERE status = ANY(%(leave)s)) AS leave,
           count(*) FILTER (WHERE NOT (status = ANY(%(leave)s))) AS recorded,
           array_agg(status || ':' || coalesce(late_minutes::text, '-') || ':'
                     || coalesce(early_minutes::text, '-'))
             FILTER (WHERE status IN ('alpa', 'izin') OR (status = 'hadir' AND (
                 late_minutes IS NULL OR early_minutes IS NULL
                 OR late_minutes > 0 OR early_minutes > 0))) AS events
    FROM {attendance}
    WHERE day BETWEEN %(start)s AND %(end)s AND NOT (day = ANY(%(off)s::date[])) {plain_filter}
    GROUP BY employee_id
)
SELECT pos.employee_id, pos.position_id, pos.kelas_jabatan, pos.opd_id,
       greatest(coalesce(wd.days, 0) - coalesce(att.leave, 0), 0),
       coalesce(act.verified, 0), coalesce(act.waiting, 0),
       iki.iki, coalesce(iki.unconfirmed, 0),
       {behaviour_columns},
       att.recorded IS NOT NULL AND att.recorded > 0, coalesce(att.recorded, 0), att.events,
       pos.top
FROM pos
LEFT JOIN wd ON wd.employee_id = pos.employee_id
LEFT JOIN act ON act.employee_id = pos.employee_id
LEFT JOIN iki ON iki.employee_id = pos.employee_id
LEFT JOIN {behaviour} b ON b.employee_id = pos.employee_id AND b.period_id = %(period)s
LEFT JOIN att ON att.employee_id = pos.employee_id
{where}
"""


@dataclass
class PersonMonth:
    """The month's inputs and computed result of one person."""

    employee_id: int
    position_id: int | None
    kelas_jabatan: int | None
    opd_id: int | None
    working_days: int
    verified_minutes: int
    waiting_entries: int
    iki_pct: Decimal | None
    unconfirmed_targets: int
    behaviour: list[str] | None
    has_attendance: bool
    values: dict  # the MonthlyResult fields
    top: bool = False  # heads the tree (nobody in the city rates their behaviour)

    @property
    def blockers(self) -> list[str]:
        found = []
        if self.waiting_entries:
            found.append("unverified")
        if self.behaviour is None and not self.top:
            found.append("behaviour")
        if self.working_days and not self.has_attendance:
            found.append("attendance")
        return found


def _filters(employee_ids: list[int] | None, opd_id: int | None, exclude_frozen: bool) -> dict:
    span, plain, where = "", "", []
    if employee_ids is not None:
        span = "AND a.employee_id = ANY(%(employees)s)"
        plain = "AND employee_id = ANY(%(employees)s)"
    if opd_id is not None:
        where.append("pos.opd_id = %(opd)s")
    if exclude_frozen:
        where.append(
            f"NOT EXISTS (SELECT 1 FROM {MonthlyResult._meta.db_table} r "
            "WHERE r.period_id = %(period)s AND r.employee_id = pos.employee_id)"
        )
    return {
        "span_filter": span,
        "plain_filter": plain,
        "where": ("WHERE " + " AND ".join(where)) if where else "",
    }


def compute_month(
    period: Period,
    policy: PerformancePolicy,
    calendar: list,
    *,
    employee_ids: list[int] | None = None,
    opd_id: int | None = None,
    exclude_frozen: bool = False,
    now: datetime | None = None,
) -> list[PersonMonth]:
    """Every person's month (or those selected), computed from the live data."""
    start, end = month_bounds(period.year, period.month)
    sql = _SQL.format(
        assignment=Assignment._meta.db_table,
        position=Position._meta.db_table,
        orgunit=OrgUnit._meta.db_table,
        attendance=AttendanceRecord._meta.db_table,
        activity=ActivityEntry._meta.db_table,
        target=IndicatorTarget._meta.db_table,
        behaviour=BehaviourRating._meta.db_table,
        behaviour_columns=", ".join(f"b.{name}" for name in BERAKHLAK),
        **_filters(employee_ids, opd_id, exclude_frozen),
    )
    calendar = sorted(calendar)
    off = [d for d in _month_days(start, end) if d not in set(calendar)]
    params = {
        "days": calendar,
        "day_count": len(calendar),
        "off": off,
        "start": start,
        "end": end,
        "leave": _LEAVE,
        "period": period.pk,
        "employees": list(employee_ids or []),
        "opd": opd_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    memo: dict = {}  # identical attendance months (most people) are summarised once
    return [_person(row, policy, now, memo) for row in rows]


def _month_days(start, end) -> list:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _events(raw: list[str] | None) -> list[AttendanceDay]:
    days = []
    for item in raw or []:
        status, late, early = item.split(":")
        days.append(
            AttendanceDay(
                AttendanceStatus(status),
                None if late == "-" else int(late),
                None if early == "-" else int(early),
            )
        )
    return days


def _person(row: tuple, policy: PerformancePolicy, now: datetime | None, memo: dict) -> PersonMonth:
    (employee_id, position_id, kelas, opd_id, working_days, verified, waiting, iki, unconfirmed) = (
        row[:9]
    )
    levels = list(row[9 : 9 + len(BERAKHLAK)])
    has_attendance, recorded, events, top = row[9 + len(BERAKHLAK) :]
    # Heads of the tree (no supervising position in the city) have nobody to rate them:
    # their behaviour counts as "meets" (sesuai). Others must be rated before the close.
    behaviour = levels if all(levels) else None
    target = monthly_target_minutes(working_days, policy)
    workload = workload_pct(verified, target)
    iki = None if iki is None else Decimal(iki).quantize(Decimal("0.01"))
    score = result_score(workload, iki, policy)
    hasil = results_rating(score, policy)
    perilaku = Level.MEETS
    if behaviour:
        perilaku = memo.get(("b", *behaviour)) or memo.setdefault(
            ("b", *behaviour), behaviour_rating(behaviour)
        )
    key = (tuple(events or ()), recorded, working_days)
    attendance = memo.get(key)
    if attendance is None:
        event_days = _events(events)
        clean = max(recorded - len(event_days), 0)
        attendance = memo[key] = attendance_summary(
            event_days, working_days=working_days, policy=policy, clean_days=clean
        )
    base = policy.tpp_base.get(kelas or 0, 0)
    pay_key = ("t", base, score, key)
    pay = memo.get(pay_key)
    if pay is None:
        pay = memo[pay_key] = tpp(base=base, score=score, attendance=attendance, policy=policy)
        memo[("l", id(pay))] = [
            {"code": line.code, "amount": line.amount, "pct": line.pct, "count": line.count}
            for line in pay.lines
        ]
    values = {
        "employee_id": employee_id,
        "opd_id": opd_id,
        "position_id": position_id,
        "kelas_jabatan": kelas,
        "working_days": working_days,
        "target_minutes": target,
        "verified_minutes": verified,
        "workload_pct": workload,
        "iki_pct": iki,
        "result_score": score,
        "results_rating": hasil.value,
        "behaviour_rating": perilaku.value,
        "predicate": predicate(hasil, perilaku).value,
        "present_days": attendance.present_days,
        "attendance_pct": attendance.attendance_pct,
        "cut_pct": pay.cut_pct,
        "tpp_base": pay.base,
        "performance_factor": pay.performance_factor,
        "tpp_gross": pay.gross,
        "tpp_cut": pay.cut_amount,
        "tpp_paid": pay.paid,
        "tpp_lines": memo[("l", id(pay))],  # shared by everyone with the same pay
        "computed_at": now,
    }
    return PersonMonth(
        employee_id,
        position_id,
        kelas,
        opd_id,
        working_days,
        verified,
        waiting,
        iki,
        unconfirmed,
        behaviour,
        bool(has_attendance),
        values,
        bool(top),
    )


_COLUMNS = (
    "period_id",
    "employee_id",
    "opd_id",
    "position_id",
    "kelas_jabatan",
    "working_days",
    "target_minutes",
    "verified_minutes",
    "workload_pct",
    "iki_pct",
    "result_score",
    "results_rating",
    "behaviour_rating",
    "predicate",
    "present_days",
    "attendance_pct",
    "cut_pct",
    "tpp_base",
    "performance_factor",
    "tpp_gross",
    "tpp_cut",
    "tpp_paid",
    "tpp_lines",
    "computed_at",
)


def write_results(period: Period, people: list[PersonMonth], *, replace: bool = False) -> int:
    """Store computed results with one COPY (and, to replace, one DELETE first)."""
    table = MonthlyResult._meta.db_table
    with connection.cursor() as cursor:
        if replace and people:
            cursor.execute(
                f"DELETE FROM {table} WHERE period_id = %s AND employee_id = ANY(%s)",
                [period.pk, [p.employee_id for p in people]],
            )
        raw = cursor.cursor
        encoded: dict[int, str] = {}  # the statement lines, serialised once per distinct pay
        with raw.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for person in people:
                values = {**person.values, "period_id": period.pk}
                lines = values["tpp_lines"]
                if id(lines) not in encoded:
                    encoded[id(lines)] = json.dumps(lines, cls=DjangoJSONEncoder)
                values["tpp_lines"] = encoded[id(lines)]
                copy.write_row([values[c] for c in _COLUMNS])
    return len(people)


def result_values(result: MonthlyResult) -> dict:
    """A result as plain values (for corrections' before/after and the audit trail)."""
    return {c: getattr(result, c) for c in _COLUMNS if c not in ("period_id", "computed_at")}
