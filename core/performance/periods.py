"""Monthly periods: open -> closed, and the guard every write goes through.

A month nobody has touched is open. `assert_writable` refuses writes to a month that
is closed, or whose results for that person were frozen by an OPD close;
the only way to change such a month is a recorded correction
(core.performance.services.corrections).
"""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from core.performance.models import MonthlyResult, Period, PeriodStatus


class PeriodClosed(ValidationError):
    """The month is closed: only a recorded correction may change it."""


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def get_period(year: int, month: int) -> Period:
    """The period row of a month, created open on first use."""
    period, _created = Period.objects.get_or_create(year=year, month=month)
    return period


def period_of(day: date) -> Period:
    return get_period(day.year, day.month)


def last_closed_month() -> tuple[int, int] | None:
    """(year, month) of the latest closed period of this city, or None."""
    row = (
        Period.objects.filter(status=PeriodStatus.CLOSED)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return (row[0], row[1]) if row else None


_GUARD_SQL = """
SELECT p.status,
       EXISTS (SELECT 1 FROM {result} r WHERE r.period_id = p.id AND r.employee_id = %s)
FROM {period} p WHERE p.year = %s AND p.month = %s
FOR SHARE OF p
"""


def is_writable(employee_id: int, day: date) -> bool:
    """Whether this person's month of `day` accepts ordinary (non-correction) writes.

    Inside a transaction the period row is share-locked, so a close (which takes the row
    FOR UPDATE) waits for in-flight writes and every later write waits for the close
    and then sees the month closed.
    """
    sql = _GUARD_SQL.format(result=MonthlyResult._meta.db_table, period=Period._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [employee_id, day.year, day.month])
        row = cursor.fetchone()
        if row is None:
            get_period(day.year, day.month)
            cursor.execute(sql, [employee_id, day.year, day.month])
            row = cursor.fetchone()
    status, frozen = row
    return status == PeriodStatus.OPEN and not frozen


def assert_writable(employee_id: int, day: date) -> None:
    """Raise PeriodClosed unless the person's month of `day` is open for them."""
    if not is_writable(employee_id, day):
        raise PeriodClosed(
            _("The month %(month)s is closed; only a recorded correction can change it.")
            % {"month": f"{day:%m/%Y}"},
            code="period_closed",
        )
