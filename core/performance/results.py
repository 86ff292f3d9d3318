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
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

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
    AttendanceSummary,
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
-- The position held at the end of the month (a definitive one before an acting one),
-- and whether some position covers the whole month.
pos AS (
    SELECT DISTINCT ON (a.employee_id) a.employee_id, a.position_id, p.kelas_jabatan, u.opd_id,
           p.supervisor_position_id IS NULL AS top,
           bool_or(a.starts_on <= %(start)s AND (a.ends_on IS NULL OR a.ends_on >= %(end)s))
               OVER (PARTITION BY a.employee_id ORDER BY a.is_acting, a.starts_on DESC, a.id DESC
                     ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS whole
    FROM {assignment} a
    JOIN {position} p ON p.id = a.position_id
    JOIN {orgunit} u ON u.id = p.org_unit_id
    WHERE a.starts_on <= %(end)s AND (a.ends_on IS NULL OR a.ends_on >= %(start)s) {span_filter}
    ORDER BY a.employee_id, a.is_acting, a.starts_on DESC, a.id DESC
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
-- Attendance on the city's working days (a row on a holiday is ignored): leave days and
-- other recorded days as plain counts (an aggregate PostgreSQL runs in parallel), and,
-- apart, the few days that carry a cut, as "status:late:early" joined by ";".
att AS (
    SELECT employee_id,
           count(*) FILTER (WHERE status = ANY(%(leave)s)) AS leave,
           count(*) FILTER (WHERE NOT (status = ANY(%(leave)s))) AS recorded
    FROM {attendance}
    WHERE day BETWEEN %(start)s AND %(end)s AND NOT (day = ANY(%(off)s::date[])) {plain_filter}
    GROUP BY employee_id
),
evt AS (
    SELECT employee_id,
           string_agg(status || ':' || coalesce(late_minutes::text, '-') || ':'
                      || coalesce(early_minutes::text, '-'), ';') AS events
    FROM {attendance}
    WHERE day BETWEEN %(start)s AND %(end)s AND NOT (day = ANY(%(off)s::date[])) {plain_filter}
      AND (status IN ('alpa', 'izin') OR (status = 'hadir' AND (
           late_minutes IS NULL OR early_minutes IS NULL
           OR late_minutes > 0 OR early_minutes > 0)))
    GROUP BY employee_id
)
SELECT pos.employee_id, pos.position_id, pos.kelas_jabatan, pos.opd_id,
       -- Days in a position: the whole month for anyone holding a position all month
       -- (the common case); day by day only for the others.
       greatest(CASE WHEN pos.whole THEN %(day_count)s ELSE (
           SELECT count(DISTINCT c.day)
           FROM {assignment} a
           JOIN cal c ON c.day BETWEEN a.starts_on AND coalesce(a.ends_on, c.day)
           WHERE a.employee_id = pos.employee_id
       ) END - coalesce(att.leave, 0), 0),
       coalesce(act.verified, 0), coalesce(act.waiting, 0),
       iki.iki, coalesce(iki.unconfirmed, 0),
       {behaviour_levels},
       att.recorded IS NOT NULL AND att.recorded > 0, coalesce(att.recorded, 0), evt.events,
       pos.top
FROM pos
LEFT JOIN act ON act.employee_id = pos.employee_id
LEFT JOIN iki ON iki.employee_id = pos.employee_id
LEFT JOIN {behaviour} b ON b.employee_id = pos.employee_id AND b.period_id = %(period)s
LEFT JOIN att ON att.employee_id = pos.employee_id
LEFT JOIN evt ON evt.employee_id = pos.employee_id
{where}
"""


# The columns of a row of _SQL, in order.
(
    _EMPLOYEE,
    _POSITION,
    _KELAS,
    _OPD,
    _WORKING_DAYS,
    _VERIFIED,
    _WAITING,
    _IKI,
    _UNCONFIRMED,
    _BEHAVIOUR,  # the seven ratings in BERAKHLAK order, comma-joined; NULL unless all seven
    _HAS_ATTENDANCE,
    _RECORDED,
    _EVENTS,  # the days that carry a cut, "status:late:early" joined by ";"; NULL for none
    _TOP,
) = range(14)


def blockers(*, waiting: int, rated: bool, top: bool, working_days: int, has_attendance: bool):
    """What stops a person's month from closing (issue 5 item 8), as reason codes."""
    found = []
    if waiting:
        found.append("unverified")
    # Heads of the tree (no supervising position in the city) have nobody to rate them.
    if not rated and not top:
        found.append("behaviour")
    if working_days and not has_attendance:
        found.append("attendance")
    return found


def row_blockers(row: tuple) -> tuple[int, int, list[str]]:
    """(employee id, entries waiting, `blockers`) of one row of month inputs."""
    return (
        row[_EMPLOYEE],
        row[_WAITING],
        blockers(
            waiting=row[_WAITING],
            rated=_levels(row[_BEHAVIOUR]) is not None,
            top=bool(row[_TOP]),
            working_days=row[_WORKING_DAYS],
            has_attendance=bool(row[_HAS_ATTENDANCE]),
        ),
    )


class Outcome(NamedTuple):
    """The MonthlyResult fields that follow from a person's inputs by the rules."""

    kelas_jabatan: int | None
    working_days: int
    target_minutes: int
    workload_pct: Decimal
    iki_pct: Decimal | None
    result_score: Decimal
    results_rating: str
    behaviour_rating: str
    predicate: str
    present_days: int
    attendance_pct: Decimal
    cut_pct: Decimal
    tpp_base: int
    performance_factor: Decimal
    tpp_gross: int
    tpp_cut: int
    tpp_paid: int
    tpp_lines: list[dict]  # the statement (rules.TppLine as dicts)


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
    outcome: Outcome | None = field(default=None, repr=False)

    @property
    def blockers(self) -> list[str]:
        return blockers(
            waiting=self.waiting_entries,
            rated=self.behaviour is not None,
            top=self.top,
            working_days=self.working_days,
            has_attendance=self.has_attendance,
        )


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


def month_inputs(
    period: Period,
    calendar: list,
    *,
    employee_ids: list[int] | None = None,
    opd_id: int | None = None,
    exclude_frozen: bool = False,
) -> list[tuple]:
    """Every person's (or the selected people's) inputs of the month: one row each."""
    start, end = month_bounds(period.year, period.month)
    sql = _SQL.format(
        assignment=Assignment._meta.db_table,
        position=Position._meta.db_table,
        orgunit=OrgUnit._meta.db_table,
        attendance=AttendanceRecord._meta.db_table,
        activity=ActivityEntry._meta.db_table,
        target=IndicatorTarget._meta.db_table,
        behaviour=BehaviourRating._meta.db_table,
        behaviour_levels=" || ',' || ".join(f"b.{name}" for name in BERAKHLAK),
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
    # A plan over a whole city (or OPD) is costly enough for PostgreSQL to JIT-compile
    # it, which takes longer (0.1-0.2 s) than it saves on these aggregates. Selected
    # people (a dashboard, a correction) stay a plain statement.
    many = employee_ids is None
    atomic = transaction.atomic(savepoint=False) if many else nullcontext()
    with atomic, connection.cursor() as cursor:
        if many:
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, cast(dict[str, Any], params))
        return cursor.fetchall()


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
    rows = month_inputs(
        period, calendar, employee_ids=employee_ids, opd_id=opd_id, exclude_frozen=exclude_frozen
    )
    rules = MonthRules(policy)
    return [_person(row, rules.outcome(row), rules.values_of, now) for row in rows]


def _month_days(start, end) -> list:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _levels(raw: str | None) -> list[str] | None:
    """The seven behaviour ratings, or None when the person is not rated on all seven."""
    levels = raw.split(",") if raw else []
    return levels if len(levels) == len(BERAKHLAK) and all(levels) else None


def _events(raw: str | None) -> list[AttendanceDay]:
    days = []
    for item in raw.split(";") if raw else ():
        status, late, early = item.split(":")
        days.append(
            AttendanceDay(
                AttendanceStatus(status),
                None if late == "-" else int(late),
                None if early == "-" else int(early),
            )
        )
    return days


_IKI_PLACES = Decimal("0.01")


class MonthRules:
    """The rules (core.performance.rules) applied to rows of month inputs.

    A result follows from a few inputs: kelas, working days, verified minutes up to the
    target (`workload_pct` counts no minute above it), the IKI achievement, the seven
    ratings and the attendance days with a cut. Across a city most people share them
    (the target met, on time every day, rated "meets"), so each distinct case goes
    through the rules once and its Outcome is reused; parts shared more widely still
    (attendance, behaviour, pay) are kept apart too.
    """

    def __init__(self, policy: PerformancePolicy):
        self.policy = policy
        self._outcomes: dict[tuple, Outcome] = {}
        self._attendance: dict[tuple, AttendanceSummary] = {}
        self._behaviour: dict[str | None, Level] = {}
        self._pay: dict[tuple, tuple] = {}
        self._values: dict[int, dict] = {}

    def values_of(self, outcome: Outcome) -> dict:
        """`outcome._asdict()`, made once per distinct outcome (shared, not to be changed)."""
        found = self._values.get(id(outcome))
        if found is None:
            found = self._values[id(outcome)] = outcome._asdict()
        return found

    def outcome(self, row: tuple) -> Outcome:
        working_days = row[_WORKING_DAYS]
        target = monthly_target_minutes(working_days, self.policy)
        key = (
            row[_KELAS],
            working_days,
            min(row[_VERIFIED], target),
            row[_IKI],
            row[_BEHAVIOUR],
            row[_RECORDED],
            row[_EVENTS],
        )
        found = self._outcomes.get(key)
        if found is None:
            found = self._outcomes[key] = self._compute(*key)
        return found

    def _compute(self, kelas, working_days, verified, iki, behaviour, recorded, events) -> Outcome:
        policy = self.policy
        target = monthly_target_minutes(working_days, policy)
        workload = workload_pct(verified, target)
        iki = None if iki is None else Decimal(iki).quantize(_IKI_PLACES)
        score = result_score(workload, iki, policy)
        hasil = results_rating(score, policy)
        perilaku = self._behaviour.get(behaviour)
        if perilaku is None:
            # Unrated (the head of the tree, or a preview before the ratings): "meets".
            levels = _levels(behaviour)
            perilaku = self._behaviour[behaviour] = (
                behaviour_rating(levels) if levels else Level.MEETS
            )
        attendance_key = (events, recorded, working_days)
        attendance = self._attendance.get(attendance_key)
        if attendance is None:
            event_days = _events(events)
            attendance = self._attendance[attendance_key] = attendance_summary(
                event_days,
                working_days=working_days,
                policy=policy,
                clean_days=max(recorded - len(event_days), 0),
            )
        base = policy.tpp_base.get(kelas or 0, 0)
        pay_key = (base, score, attendance_key)
        pay = self._pay.get(pay_key)
        if pay is None:
            result = tpp(base=base, score=score, attendance=attendance, policy=policy)
            lines = [  # one list shared by everyone with the same pay
                {"code": line.code, "amount": line.amount, "pct": line.pct, "count": line.count}
                for line in result.lines
            ]
            pay = self._pay[pay_key] = (result, lines)
        result, lines = pay
        return Outcome(
            kelas_jabatan=kelas,
            working_days=working_days,
            target_minutes=target,
            workload_pct=workload,
            iki_pct=iki,
            result_score=score,
            results_rating=hasil.value,
            behaviour_rating=perilaku.value,
            predicate=predicate(hasil, perilaku).value,
            present_days=attendance.present_days,
            attendance_pct=attendance.attendance_pct,
            cut_pct=result.cut_pct,
            tpp_base=result.base,
            performance_factor=result.performance_factor,
            tpp_gross=result.gross,
            tpp_cut=result.cut_amount,
            tpp_paid=result.paid,
            tpp_lines=lines,
        )


def _person(
    row: tuple, outcome: Outcome, values_of: Callable[[Outcome], dict], now: datetime | None
) -> PersonMonth:
    values = {
        "employee_id": row[_EMPLOYEE],
        "opd_id": row[_OPD],
        "position_id": row[_POSITION],
        "verified_minutes": row[_VERIFIED],
        **values_of(outcome),
        "computed_at": now,
    }
    return PersonMonth(
        row[_EMPLOYEE],
        row[_POSITION],
        row[_KELAS],
        row[_OPD],
        row[_WORKING_DAYS],
        row[_VERIFIED],
        row[_WAITING],
        outcome.iki_pct,
        row[_UNCONFIRMED],
        _levels(row[_BEHAVIOUR]),
        bool(row[_HAS_ATTENDANCE]),
        values,
        bool(row[_TOP]),
        outcome,
    )


# A stored result: the person's own columns, then the Outcome's.
_PERSON_COLUMNS = ("period_id", "computed_at", "employee_id", "opd_id", "position_id")
_COLUMNS = (*_PERSON_COLUMNS, "verified_minutes", *Outcome._fields)


@dataclass
class MonthTotals:
    """What a close stored: people, TPP paid in total, people per predicate."""

    people: int = 0
    tpp_paid: int = 0
    predicates: Counter = field(default_factory=Counter)


def write_month(
    period: Period, rows: list[tuple], policy: PerformancePolicy, *, now
) -> MonthTotals:
    """Compute each row of month inputs and store the results with one COPY (the close)."""
    rules = MonthRules(policy)
    totals = MonthTotals()

    def results():
        for row in rows:
            outcome = rules.outcome(row)
            totals.tpp_paid += outcome.tpp_paid
            totals.predicates[outcome.predicate] += 1
            yield row[_EMPLOYEE], row[_OPD], row[_POSITION], row[_VERIFIED], outcome

    totals.people = _copy(period, results(), now)
    return totals


def write_results(period: Period, people: list[PersonMonth], *, replace: bool = False) -> int:
    """Store computed results with one COPY (and, to replace, one DELETE first)."""
    if not people:
        return 0
    if replace:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {MonthlyResult._meta.db_table} "
                "WHERE period_id = %s AND employee_id = ANY(%s)",
                [period.pk, [p.employee_id for p in people]],
            )
    return _copy(
        period,
        ((p.employee_id, p.opd_id, p.position_id, p.verified_minutes, p.outcome) for p in people),
        people[0].values["computed_at"],
    )


_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_CHUNK = 1000  # rows per write: PostgreSQL stores a chunk while the next is computed


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return _NULL
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, list | dict):
        value = json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))
    return str(value).translate(_COPY_ESCAPES)


def _copy(period: Period, results, now: datetime) -> int:
    """COPY (employee, OPD, position, verified minutes, Outcome) tuples in as results.

    The text of an Outcome's columns is built once and shared by everyone with that
    Outcome, so a row costs one string format.
    """
    prefix = f"{period.pk}\t{_copy_text(now)}\t"
    texts: dict[int, str] = {}
    keep: list[Outcome] = []  # the Outcomes keyed by id() stay alive
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {MonthlyResult._meta.db_table} ({', '.join(_COLUMNS)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            chunk: list[str] = []
            for employee_id, opd_id, position_id, verified, outcome in results:
                text = texts.get(id(outcome))
                if text is None:
                    keep.append(outcome)
                    text = texts[id(outcome)] = "\t".join(map(_copy_text, outcome))
                chunk.append(
                    f"{prefix}{employee_id}\t{_NULL if opd_id is None else opd_id}\t"
                    f"{_NULL if position_id is None else position_id}\t{verified}\t{text}\n"
                )
                if len(chunk) == _CHUNK:
                    copy.write("".join(chunk))
                    count += len(chunk)
                    chunk.clear()
            if chunk:
                copy.write("".join(chunk))
                count += len(chunk)
    return count


def result_values(result: MonthlyResult) -> dict:
    """A result as plain values (for corrections' before/after and the audit trail)."""
    return {c: getattr(result, c) for c in _COLUMNS if c not in ("period_id", "computed_at")}
