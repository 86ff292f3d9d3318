"""Who supervises whom on a given day, from the position tree and position history.

The supervisor of a person is the holder of their position's supervising position
on that day; an acting appointment (Plt.) counts as holding it; a vacant
supervising position passes the question up the tree. A person who holds several
positions at once (their own and a Plt.) supervises the reports of all of them.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from config.sql import prepared_cursor
from core.people.models import Assignment, Employee

# Guard against a corrupt (cyclic) tree: no real chain of command is this deep.
_MAX_DEPTH = 40


def _today() -> date:
    return timezone.localdate()


def _on(day: date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def position_on(employee: Employee, day: date | None = None) -> Assignment | None:
    """The person's own (definitive) assignment on `day`, else their acting one."""
    day = day or _today()
    return (
        Assignment.objects.filter(_on(day), employee=employee)
        .select_related("position__org_unit")
        .order_by("is_acting", "-starts_on", "-id")
        .first()
    )


_SUPERVISOR_SQL = """
WITH RECURSIVE
own AS (
    SELECT p.supervisor_position_id AS position_id
    FROM {a} a JOIN {p} p ON p.id = a.position_id
    WHERE a.employee_id = %(employee)s AND a.starts_on <= %(day)s
      AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
    ORDER BY a.is_acting, a.starts_on DESC, a.id DESC
    LIMIT 1
),
chain(position_id, holder, depth) AS (
    SELECT position_id, ({holder}), 1 FROM own WHERE position_id IS NOT NULL
    UNION ALL
    SELECT p.supervisor_position_id, ({holder_above}), chain.depth + 1
    FROM chain JOIN {p} p ON p.id = chain.position_id
    WHERE (chain.holder IS NULL OR chain.holder = %(employee)s)
      AND p.supervisor_position_id IS NOT NULL AND chain.depth < %(max_depth)s
)
SELECT holder FROM chain WHERE holder <> %(employee)s ORDER BY depth LIMIT 1
"""

# The first holder of a position on the day: definitive before acting, then the longest held.
_HOLDER_SQL = """
SELECT h.employee_id FROM {a} h JOIN {e} he ON he.id = h.employee_id
WHERE h.position_id = {position} AND he.status = 'active' AND h.starts_on <= %(day)s
  AND (h.ends_on IS NULL OR h.ends_on >= %(day)s)
ORDER BY h.is_acting, h.starts_on, h.id
LIMIT 1
"""


@cache
def supervisor_sql() -> str:
    """SQL for the id of the supervisor of `%(employee)s` on `%(day)s` (see `supervisor_of`).

    A query of its own, or a scalar subquery in a caller's statement (in
    parentheses) to save a round trip; the caller passes `supervisor_params`.
    """
    from core.organisation.models import Position

    tables = {
        "a": Assignment._meta.db_table,
        "e": Employee._meta.db_table,
        "p": Position._meta.db_table,
    }
    return _SUPERVISOR_SQL.format(
        holder=_HOLDER_SQL.format(position="own.position_id", **tables),
        holder_above=_HOLDER_SQL.format(position="p.supervisor_position_id", **tables),
        **tables,
    )


def supervisor_params(employee_id: int, day: date | None = None) -> dict:
    return {"employee": employee_id, "day": day or _today(), "max_depth": _MAX_DEPTH}


def supervisor_id_of(employee_id: int, day: date | None = None) -> int | None:
    """The id of the person's supervisor on `day` (see `supervisor_of`), in one query."""
    with prepared_cursor() as cursor:
        cursor.execute(supervisor_sql(), supervisor_params(employee_id, day))
        row = cursor.fetchone()
    return row[0] if row else None


def supervisor_of(employee: Employee, day: date | None = None) -> Employee | None:
    """The person's supervisor on `day`, walking up past vacant positions.

    A position counts as vacant when nobody active holds it on that day, or when its
    first holder is the person themself (an acting appointment above one's own post).
    """
    supervisor_id = supervisor_id_of(employee.pk, day)
    return None if supervisor_id is None else Employee.objects.get(pk=supervisor_id)


_SUBTREE_SQL = """
WITH RECURSIVE
held AS (
    SELECT DISTINCT a.position_id FROM {a} a
    WHERE a.employee_id = %(employee)s AND a.starts_on <= %(day)s
      AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
),
filled AS (
    SELECT DISTINCT a.position_id FROM {a} a JOIN {e} e ON e.id = a.employee_id
    WHERE e.status = 'active' AND a.starts_on <= %(day)s
      AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
),
tree(position_id, depth) AS (
    SELECT p.id, 1 FROM {p} p WHERE p.supervisor_position_id IN (SELECT position_id FROM held)
    UNION
    SELECT p.id, t.depth + 1 FROM {p} p JOIN tree t ON p.supervisor_position_id = t.position_id
    WHERE t.depth < %(max_depth)s
      AND (%(indirect)s OR t.position_id NOT IN (SELECT position_id FROM filled))
)
SELECT DISTINCT position_id FROM tree
"""


def _subordinate_positions(employee: Employee, day: date, indirect: bool) -> list[int]:
    from core.organisation.models import Position

    sql = _SUBTREE_SQL.format(
        a=Assignment._meta.db_table, e=Employee._meta.db_table, p=Position._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {"employee": employee.pk, "day": day, "indirect": indirect, "max_depth": _MAX_DEPTH},
        )
        return [row[0] for row in cursor.fetchall()]


def subordinates_of(
    employee: Employee, day: date | None = None, *, indirect: bool = False
) -> QuerySet[Employee]:
    """People who report to `employee` on `day`.

    Direct reports hold positions whose supervising position `employee` holds (or
    sits below a vacant position that does). With `indirect`, everyone below.
    """
    day = day or _today()
    positions = _subordinate_positions(employee, day, indirect)
    return (
        Employee.objects.filter(
            _assignment_on(day), assignments__position_id__in=positions, status="active"
        )
        .exclude(pk=employee.pk)
        .distinct()
    )


def _assignment_on(day: date) -> Q:
    return Q(assignments__starts_on__lte=day) & (
        Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=day)
    )


def is_supervisor(user, day: date | None = None) -> bool:
    """Whether the user's employee record supervises anyone on `day`."""
    employee = getattr(user, "employee", None) if user.is_authenticated else None
    if employee is None:
        return False
    return subordinates_of(employee, day).exists()
