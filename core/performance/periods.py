"""Monthly periods, read only: open -> closed, and the check every write goes through.

A month nobody has touched is open and has no row yet ("belum dibuka"): pages show it
with its defaults (`find_period`) and never write. Rows are created by the audited
service `core.performance.services.periods.open_period` (on the month's first write,
or by the beat task at the start of the month). `services.periods.assert_writable`
refuses writes to a month that is closed, or whose results for that person were frozen
by an OPD close; the only way to change such a month is a recorded correction
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


def find_period(year: int, month: int) -> Period:
    """The period row of a month, or an unsaved open one with the defaults (no write).

    An unsaved period has no pk: filter related rows by `period_id=period.pk`, which
    finds none for it.
    """
    found = Period.objects.filter(year=year, month=month).first()
    return found or Period(year=year, month=month, status=PeriodStatus.OPEN)


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


def guard_row(employee_id: int, day: date) -> tuple[str, bool] | None:
    """(status, frozen for this person) of the month of `day`; None if it has no row.

    Inside a transaction the period row is share-locked, so a close (which takes the row
    FOR UPDATE) waits for in-flight writes and every later write waits for the close
    and then sees the month closed.
    """
    sql = _GUARD_SQL.format(result=MonthlyResult._meta.db_table, period=Period._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [employee_id, day.year, day.month])
        return cursor.fetchone()


def is_writable(employee_id: int, day: date) -> bool:
    """Whether this person's month of `day` accepts ordinary (non-correction) writes.

    A month with no row yet is open (and nothing of it is frozen).
    """
    row = guard_row(employee_id, day)
    return row is None or (row[0] == PeriodStatus.OPEN and not row[1])


def closed_error(day: date) -> PeriodClosed:
    return PeriodClosed(
        _("The month %(month)s is closed; only a recorded correction can change it.")
        % {"month": f"{day:%m/%Y}"},
        code="period_closed",
    )
