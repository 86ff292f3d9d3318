"""Who supervises whom on a given day, from the position tree and position history.

The supervisor of a person is the holder of their position's supervising position
on that day; an acting appointment (Plt.) counts as holding it; a vacant
supervising position passes the question up the tree. A person who holds several
positions at once (their own and a Plt.) supervises the reports of all of them.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

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


def holders_on(position_ids: list[int], day: date) -> dict[int, int]:
    """position id -> employee id of its holder on `day` (definitive before acting)."""
    holders: dict[int, int] = {}
    rows = (
        Assignment.objects.filter(_on(day), position_id__in=position_ids, employee__status="active")
        .order_by("position_id", "is_acting", "starts_on", "id")
        .values_list("position_id", "employee_id")
    )
    for position_id, employee_id in rows:
        holders.setdefault(position_id, employee_id)
    return holders


def supervisor_of(employee: Employee, day: date | None = None) -> Employee | None:
    """The person's supervisor on `day`, walking up past vacant positions."""
    day = day or _today()
    assignment = position_on(employee, day)
    if assignment is None:
        return None
    from core.organisation.models import Position

    position_id = assignment.position.supervisor_position_id
    for _ in range(_MAX_DEPTH):
        if position_id is None:
            return None
        holder = holders_on([position_id], day).get(position_id)
        if holder is not None and holder != employee.pk:
            return Employee.objects.get(pk=holder)
        position_id = (
            Position.objects.filter(pk=position_id)
            .values_list("supervisor_position_id", flat=True)
            .first()
        )
    return None


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
