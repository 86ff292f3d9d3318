"""Importing the attendance system's export: all-or-nothing with a per-row report.

Columns: nip, tanggal, jam_masuk, jam_pulang, status (hadir, izin, sakit, cuti, dinas
luar, alpa). Files are read by core.people.tabular (the same reader as the ASN import:
.xlsx, or .csv with comma or semicolon). Late and early minutes are computed against
the city's working hours when imported; a missing time on a 'hadir' day is a missing
tap (the no-record cut).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.people.models import Employee
from core.people.tabular import UnreadableFile, check_upload_size, read_table
from core.performance.models import (
    AttendanceImport,
    AttendanceRecord,
    MonthlyResult,
    Period,
    PeriodStatus,
)
from core.performance.policy import current_policy
from core.performance.rules import AttendanceStatus, early_minutes, late_minutes

if TYPE_CHECKING:
    from core.accounts.models import User


COLUMNS = ("nip", "tanggal", "jam_masuk", "jam_pulang", "status")
_STATUS_ALIASES = {
    "hadir": AttendanceStatus.HADIR,
    "h": AttendanceStatus.HADIR,
    "izin": AttendanceStatus.IZIN,
    "ijin": AttendanceStatus.IZIN,
    "sakit": AttendanceStatus.SAKIT,
    "s": AttendanceStatus.SAKIT,
    "cuti": AttendanceStatus.CUTI,
    "c": AttendanceStatus.CUTI,
    "dinas luar": AttendanceStatus.DINAS_LUAR,
    "dinas_luar": AttendanceStatus.DINAS_LUAR,
    "dl": AttendanceStatus.DINAS_LUAR,
    "alpa": AttendanceStatus.ALPA,
    "alpha": AttendanceStatus.ALPA,
    "a": AttendanceStatus.ALPA,
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the file's row number (the header is row 1)
    column: str
    message: str


@dataclass
class AttendanceReport:
    rows: int = 0
    imported: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _time(value: str) -> time | None:
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).time()  # noqa: DTZ007 - a wall-clock time
        except ValueError:
            continue
    return None


def _hhmm(value: str) -> time:
    return datetime.strptime(value, "%H:%M").time()  # noqa: DTZ007


def import_attendance_upload(upload: UploadedFile, *, actor: User) -> AttendanceReport:
    """An uploaded file, refused by its size before any of it is read."""
    try:
        check_upload_size(upload.size)
    except UnreadableFile as exc:
        report = AttendanceReport()
        report.problems.append(RowProblem(0, "", exc.message))
        return report
    return import_attendance(upload.read(), upload.name or "", actor=actor)


def import_attendance(data: bytes, filename: str, *, actor: User) -> AttendanceReport:
    """Check every row; import all of them, or none and report each problem."""
    report = AttendanceReport()
    try:
        table = read_table(data, filename)
    except UnreadableFile as exc:
        report.problems.append(RowProblem(0, "", exc.message))
        return report
    missing = [c for c in COLUMNS if c not in table.headers]
    if missing:
        report.problems.append(
            RowProblem(
                1, ", ".join(missing), _("Missing columns: %(cols)s") % {"cols": ", ".join(missing)}
            )
        )
        return report
    rows = [(n, row) for n, row in enumerate(table.rows, start=2) if row]
    report.rows = len(rows)
    nips = {row.get("nip", "") for _n, row in rows}
    employees = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "pk"))
    parsed: list[_Row] = []
    seen: dict[tuple[int, date], int] = {}
    for n, row in rows:
        problems, checked = _parse_row(n, row, employees)
        report.problems.extend(problems)
        if checked is None:
            continue
        key = (checked[1], checked[2])
        if key in seen:
            report.problems.append(
                RowProblem(
                    n, "tanggal", _("Same person and date as row %(row)s.") % {"row": seen[key]}
                )
            )
        else:
            seen[key] = n
            parsed.append(checked)
    _check_closed(parsed, report)
    if report.problems:
        return report
    _write(parsed, filename, actor, report)
    return report


# A checked row: row number, employee id, day, status, arrival and leaving time.
_Row = tuple[int, int, date, AttendanceStatus, time | None, time | None]


def _parse_row(
    n: int, row: Mapping[str, str], employees: Mapping[str, int]
) -> tuple[list[RowProblem], _Row | None]:
    """One row's problems, each column on its own; the checked row when there are none."""
    problems = []
    employee_id = employees.get(row.get("nip", ""))
    if employee_id is None:
        problems.append(RowProblem(n, "nip", _("No ASN with this NIP in the city.")))
    day = _date(row.get("tanggal", ""))
    if day is None:
        problems.append(RowProblem(n, "tanggal", _("Not a date (use YYYY-MM-DD or DD/MM/YYYY).")))
    status = _STATUS_ALIASES.get(row.get("status", "").strip().lower())
    if status is None:
        problems.append(
            RowProblem(
                n, "status", _("Status must be hadir, izin, sakit, cuti, dinas luar or alpa.")
            )
        )
    times = []
    for column in ("jam_masuk", "jam_pulang"):
        raw = row.get(column, "")
        value = _time(raw) if raw else None
        if raw and value is None:
            problems.append(RowProblem(n, column, _("Not a time (use HH:MM).")))
        times.append(value)
    if times[0] and times[1] and times[1] < times[0]:
        problems.append(RowProblem(n, "jam_pulang", _("Leaving time is before arrival time.")))
    if problems or employee_id is None or day is None or status is None:
        return problems, None
    return problems, (n, employee_id, day, status, times[0], times[1])


def _check_closed(parsed: list, report: AttendanceReport) -> None:
    months = {(day.year, day.month) for _n, _e, day, *_rest in parsed}
    if not months:
        return
    periods = {
        (p.year, p.month): p
        for p in Period.objects.filter(
            year__in={m[0] for m in months}, month__in={m[1] for m in months}
        )
    }
    frozen = set(
        MonthlyResult.objects.filter(
            period__in=[p.pk for p in periods.values()],
            employee_id__in={e for _n, e, *_r in parsed},
        ).values_list("employee_id", "period__year", "period__month")
    )
    for n, employee_id, day, *_rest in parsed:
        period = periods.get((day.year, day.month))
        closed = period is not None and period.status != PeriodStatus.OPEN
        if closed or (employee_id, day.year, day.month) in frozen:
            report.problems.append(
                RowProblem(n, "tanggal", _("The month of this date is closed; use a correction."))
            )


@transaction.atomic
def _write(parsed: list, filename: str, actor: User, report: AttendanceReport) -> None:
    now = timezone.now()
    batch = AttendanceImport.objects.create(
        file_name=filename[:255], rows=len(parsed), imported_by=actor, imported_at=now
    )
    policies = {}
    for year, month in {(day.year, day.month) for _n, _e, day, *_r in parsed}:
        # lock the month: a close waits for the import, and the import sees a close
        Period.objects.get_or_create(year=year, month=month)
        period = Period.objects.select_for_update().get(year=year, month=month)
        if period.status != PeriodStatus.OPEN:
            raise ValueError("period closed during import")
        policies[(year, month)] = current_policy(year, month)
    records = []
    for _n, employee_id, day, status, checked_in, checked_out in parsed:
        policy = policies[(day.year, day.month)]
        ends = policy.friday_work_ends if day.weekday() == 4 else policy.work_ends
        late: int | None = 0
        early: int | None = 0
        if status is AttendanceStatus.HADIR:
            late = late_minutes(checked_in, _hhmm(policy.work_starts)) if checked_in else None
            early = early_minutes(checked_out, _hhmm(ends)) if checked_out else None
        records.append(
            AttendanceRecord(
                employee_id=employee_id,
                day=day,
                status=status.value,
                checked_in=checked_in,
                checked_out=checked_out,
                late_minutes=late,
                early_minutes=early,
                batch=batch,
            )
        )
    AttendanceRecord.objects.bulk_create(
        records,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["employee", "day"],
        update_fields=[
            "status",
            "checked_in",
            "checked_out",
            "late_minutes",
            "early_minutes",
            "batch",
        ],
    )
    report.imported = len(records)
    record_event(
        actor=actor,
        action="attendance.imported",
        target=batch,
        after={"file": filename, "rows": len(records)},
    )
