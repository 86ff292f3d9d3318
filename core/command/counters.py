"""Keeping the command centre's counters current, and rebuilding them from the source rows.

Three ways in, all inside the caller's transaction:
- `count_logged(...)`: the logging hot path. One prepared statement upserts the person's
  day (`PersonDay`) and bumps one counter row (`HourCounter`), the person's OPD looked up
  in the same statement.
- `tracking(ids)`: any other change to entries (verification, bulk approval, resubmission,
  withdrawal, correction). It subtracts the entries' contribution before the change and
  adds it back after, so whatever the change did, the counters follow; then it refreshes
  the persons' days (first hour, or gone with the last entry).
- `rebuild()`: recomputes both tables from `ActivityEntry` (the management command
  `rebuild_command_counters`, the demo seed, bulk imports that bypass the services).
A test proves `rebuild()` and the incremental path give the same rows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from config.sql import prepared_cursor
from core.command.models import LATE_HOUR, SHARDS, HourCounter, PersonDay
from core.db import on_citus

_COUNTED = (
    "people",
    "entries",
    "minutes",
    "approved_entries",
    "approved_minutes",
    "rejected_entries",
)


def _tables() -> dict[str, str]:
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment
    from core.performance.models import ActivityEntry

    return {
        "entry": ActivityEntry._meta.db_table,
        "assignment": Assignment._meta.db_table,
        "position": Position._meta.db_table,
        "orgunit": OrgUnit._meta.db_table,
        "counter": HourCounter._meta.db_table,
        "personday": PersonDay._meta.db_table,
    }


def _tz() -> str:
    return timezone.get_current_timezone_name()


def hour_of(submitted_at: datetime, day: date) -> int:
    """The counter hour of an entry: the WIB hour it was submitted, or LATE_HOUR when it
    was submitted after its day (backdated work)."""
    local = timezone.localtime(submitted_at)
    return local.hour if local.date() == day else LATE_HOUR


_OPD_OF = """coalesce((
    SELECT u.opd_id FROM {assignment} a JOIN {position} p ON p.id = a.position_id
    JOIN {orgunit} u ON u.id = p.org_unit_id
    WHERE a.employee_id = {employee} AND a.starts_on <= {day}
      AND (a.ends_on IS NULL OR a.ends_on >= {day})
    ORDER BY a.is_acting, a.starts_on DESC LIMIT 1), 0)"""

_UPSERT = """ON CONFLICT (day, opd_id, hour, shard) DO UPDATE SET
    people = {counter}.people + EXCLUDED.people,
    entries = {counter}.entries + EXCLUDED.entries,
    minutes = {counter}.minutes + EXCLUDED.minutes,
    approved_entries = {counter}.approved_entries + EXCLUDED.approved_entries,
    approved_minutes = {counter}.approved_minutes + EXCLUDED.approved_minutes,
    rejected_entries = {counter}.rejected_entries + EXCLUDED.rejected_entries"""

_COLUMNS = "day, opd_id, hour, shard, " + ", ".join(_COUNTED)

_LOGGED_SQL = """
WITH pd AS (
    INSERT INTO {personday} (employee_id, day, opd_id, hour, entries)
    SELECT %(employee)s, %(day)s, {opd_of}, %(hour)s, 1  -- not VALUES: Citus refuses subqueries
    ON CONFLICT (employee_id, day) DO UPDATE SET entries = {personday}.entries + 1
    RETURNING opd_id, (xmax = 0) AS fresh
)
INSERT INTO {counter} ({columns})
SELECT %(day)s, pd.opd_id, %(hour)s, %(shard)s, pd.fresh::int, 1, %(minutes)s, 0, 0, 0 FROM pd
{upsert}
"""


@functools.cache
def _logged_sql() -> str:
    t = _tables()
    return _LOGGED_SQL.format(
        **t,
        opd_of=_OPD_OF.format(**t, employee="%(employee)s", day="%(day)s"),
        columns=_COLUMNS,
        upsert=_UPSERT.format(counter=t["counter"]),
    )


def count_logged(*, employee_id: int, day: date, minutes: int, submitted_at: datetime) -> None:
    """A new entry, waiting for verification: one statement, in the logging transaction."""
    with prepared_cursor() as cursor:
        cursor.execute(
            _logged_sql(),
            {
                "employee": employee_id,
                "day": day,
                "hour": hour_of(submitted_at, day),
                "shard": employee_id % SHARDS,
                "minutes": minutes,
            },
        )


def _hour_sql(alias: str) -> str:
    local = f"({alias}.submitted_at AT TIME ZONE %(tz)s)"
    return (
        f"CASE WHEN {local}::date = {alias}.day THEN extract(hour FROM {local})::int "
        f"ELSE {LATE_HOUR} END"
    )


_ENTRIES_DELTA_SELECT = """
SELECT e.day, pd.opd_id, {hour}, e.employee_id %% {shards}, 0,
       %(sign)s * count(*), %(sign)s * sum(e.minutes),
       %(sign)s * count(*) FILTER (WHERE e.status = 'approved'),
       %(sign)s * coalesce(sum(e.minutes) FILTER (WHERE e.status = 'approved'), 0),
       %(sign)s * count(*) FILTER (WHERE e.status = 'rejected')
FROM {entry} e JOIN {personday} pd ON pd.employee_id = e.employee_id AND pd.day = e.day
WHERE e.id = ANY(%(ids)s)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
"""

_ENTRIES_DELTA_SQL = "INSERT INTO {counter} ({columns})" + _ENTRIES_DELTA_SELECT + "{upsert}"


def _entries_delta(ids: list[int], sign: int) -> list[tuple[int, date]]:
    t = _tables()
    sql = _ENTRIES_DELTA_SQL.format(
        **t,
        columns=_COLUMNS,
        hour=_hour_sql("e"),
        shards=SHARDS,
        upsert=_UPSERT.format(counter=t["counter"]),
    )
    params: dict[str, Any] = {"ids": ids, "sign": sign, "tz": _tz()}
    with connection.cursor() as cursor:
        if on_citus():  # Citus plans the INSERT ... SELECT with a join as a repartition
            cursor.execute(
                _ENTRIES_DELTA_SELECT.format(**t, hour=_hour_sql("e"), shards=SHARDS), params
            )
            rows = cursor.fetchall()
            if rows:
                values = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(
                    f"INSERT INTO {t['counter']} ({_COLUMNS}) VALUES ({values}) "  # noqa: S608
                    + _UPSERT.format(counter=t["counter"]),
                    rows,
                )
        else:
            cursor.execute(sql, params)
    from core.performance.models import ActivityEntry

    return list(
        ActivityEntry.objects.filter(pk__in=ids).values_list("employee_id", "day").distinct()
    )


_PERSON_DAYS_SQL = """
WITH wanted AS (
    SELECT * FROM unnest(%(employees)s::bigint[], %(days)s::date[]) AS w(employee_id, day)
),
now_ AS (
    SELECT w.employee_id, w.day, min({hour}) AS hour, count(e.id) AS entries
    FROM wanted w LEFT JOIN {entry} e ON e.employee_id = w.employee_id AND e.day = w.day
    GROUP BY w.employee_id, w.day
),
old AS (
    SELECT pd.* FROM {personday} pd JOIN wanted w
      ON w.employee_id = pd.employee_id AND w.day = pd.day
),
changed AS (
    SELECT old.employee_id, old.day, old.opd_id, old.hour AS old_hour, now_.hour AS new_hour,
           now_.entries
    FROM old JOIN now_ ON now_.employee_id = old.employee_id AND now_.day = old.day
    WHERE now_.entries = 0 OR now_.hour <> old.hour OR now_.entries <> old.entries
),
gone AS (
    DELETE FROM {personday} pd USING changed c
    WHERE c.entries = 0 AND pd.employee_id = c.employee_id AND pd.day = c.day
    RETURNING pd.id
),
moved AS (
    UPDATE {personday} pd SET hour = c.new_hour, entries = c.entries FROM changed c
    WHERE c.entries > 0 AND pd.employee_id = c.employee_id AND pd.day = c.day
    RETURNING pd.id
),
deltas AS (
    SELECT day, opd_id, old_hour AS hour, employee_id %% {shards} AS shard, -1 AS people
    FROM changed WHERE entries = 0 OR new_hour <> old_hour
    UNION ALL
    SELECT day, opd_id, new_hour, employee_id %% {shards}, 1
    FROM changed WHERE entries > 0 AND new_hour <> old_hour
)
INSERT INTO {counter} ({columns})
SELECT day, opd_id, hour, shard, sum(people), 0, 0, 0, 0, 0 FROM deltas
GROUP BY day, opd_id, hour, shard
{upsert}
"""


def _refresh_person_days(pairs: Iterable[tuple[int, date]]) -> None:
    pairs = sorted(set(pairs))
    if not pairs:
        return
    t = _tables()
    sql = _PERSON_DAYS_SQL.format(
        **t,
        hour=_hour_sql("e"),
        shards=SHARDS,
        columns=_COLUMNS,
        upsert=_UPSERT.format(counter=t["counter"]),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "employees": [p[0] for p in pairs],
                "days": [p[1] for p in pairs],
                "tz": _tz(),
            },
        )


_LOCK_PEOPLE_SQL = """
SELECT p.id FROM {people} p
WHERE p.id IN (SELECT e.employee_id FROM {entry} e WHERE e.id = ANY(%(ids)s))
ORDER BY p.id
FOR UPDATE OF p
"""


def _lock_people(ids: list[int]) -> None:
    """The entries' people, locked in id order: a person logging (whose first lock is
    their own row) and a change to their entries never hold each other's next row."""
    from core.people.models import Employee

    sql = _LOCK_PEOPLE_SQL.format(people=Employee._meta.db_table, entry=_tables()["entry"])
    with prepared_cursor() as cursor:
        cursor.execute(sql, {"ids": ids})


@contextmanager
def tracking(entry_ids: Iterable[int]) -> Iterator[None]:
    """Keep the counters right across any change to these entries (in one transaction).

    Lock order, the same in every writer so that none waits for another that waits for
    it: the person's row, the person's day, the counter rows (in key order), and the
    audit chain's head last. Record the change's audit event after this block; inside it
    only when the change leaves the person's day as it is (a decision on a status), so
    that nothing after the chain head takes a row another writer may hold."""
    ids = sorted({int(i) for i in entry_ids})
    if not ids:
        yield
        return
    _lock_people(ids)
    pairs = _entries_delta(ids, -1)
    yield
    _entries_delta(ids, 1)
    _refresh_person_days(pairs)


# Set-based (one hash join, not `_OPD_OF` per person-day): a rebuild follows rows written
# in bulk, e.g. a pilot's history loaded before the assignments' indexes exist.
_REBUILD_PERSON_DAYS_SQL = """
INSERT INTO {personday} (employee_id, day, opd_id, hour, entries)
SELECT d.employee_id, d.day, coalesce(o.opd_id, 0), d.hour, d.entries
FROM (
    SELECT e.employee_id, e.day, min({hour}) AS hour, count(*) AS entries
    FROM {entry} e {where} GROUP BY e.employee_id, e.day
) d
LEFT JOIN (
    SELECT DISTINCT ON (x.employee_id, x.day) x.employee_id, x.day, u.opd_id
    FROM (SELECT DISTINCT e.employee_id, e.day FROM {entry} e {where}) x
    JOIN {assignment} a ON a.employee_id = x.employee_id AND a.starts_on <= x.day
        AND (a.ends_on IS NULL OR a.ends_on >= x.day)
    JOIN {position} p ON p.id = a.position_id
    JOIN {orgunit} u ON u.id = p.org_unit_id
    ORDER BY x.employee_id, x.day, a.is_acting, a.starts_on DESC
) o ON o.employee_id = d.employee_id AND o.day = d.day
"""

_REBUILD_COUNTERS_SQL = """
INSERT INTO {counter} ({columns})
SELECT day, opd_id, hour, shard, sum(people), sum(entries), sum(minutes),
       sum(approved_entries), sum(approved_minutes), sum(rejected_entries)
FROM (
    SELECT e.day, pd.opd_id, {hour} AS hour, e.employee_id %% {shards} AS shard, 0 AS people,
           1 AS entries, e.minutes,
           (e.status = 'approved')::int AS approved_entries,
           CASE WHEN e.status = 'approved' THEN e.minutes ELSE 0 END AS approved_minutes,
           (e.status = 'rejected')::int AS rejected_entries
    FROM {entry} e JOIN {personday} pd ON pd.employee_id = e.employee_id AND pd.day = e.day
    {where}
    UNION ALL
    SELECT pd.day, pd.opd_id, pd.hour, pd.employee_id %% {shards}, 1, 0, 0, 0, 0, 0
    FROM {personday} pd {pd_where}
) x
GROUP BY day, opd_id, hour, shard
"""


def rebuild(since: date | None = None) -> int:
    """Recompute the counters from the activity rows (every day, or from `since` on).
    Returns the number of counter rows written. Run inside a transaction."""
    t = _tables()
    where = "WHERE e.day >= %(since)s" if since else ""
    pd_where = "WHERE pd.day >= %(since)s" if since else ""
    params = {"since": since, "tz": _tz()}
    counters, people = HourCounter.objects.all(), PersonDay.objects.all()
    if since:
        counters, people = counters.filter(day__gte=since), people.filter(day__gte=since)
    counters.delete()
    people.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            _REBUILD_PERSON_DAYS_SQL.format(
                **t,
                hour=_hour_sql("e"),
                where=where,
            ),
            params,
        )
        cursor.execute(
            _REBUILD_COUNTERS_SQL.format(
                **t,
                columns=_COLUMNS,
                hour=_hour_sql("e"),
                shards=SHARDS,
                where=where,
                pd_where=pd_where,
            ),
            params,
        )
        return cursor.rowcount


def snapshot() -> dict[str, list[tuple]]:
    """Both tables as comparable rows, zero rows dropped (for the equivalence test)."""
    counters = sorted(
        row
        for row in HourCounter.objects.values_list("day", "opd_id", "hour", "shard", *_COUNTED)
        if any(row[4:])
    )
    people = sorted(
        PersonDay.objects.values_list("employee_id", "day", "opd_id", "hour", "entries")
    )
    return {"counters": counters, "people": people}
