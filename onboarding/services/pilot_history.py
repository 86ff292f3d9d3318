"""Activity history for a pilot city: one set-based INSERT ... SELECT, deterministic.

Every activated employee with a supervisor logs up to three activities each working
day of the chosen window; older entries are mostly verified by the supervisor, recent
ones wait in the backlog, a few are rejected. Randomness comes from `hashtext` over
(employee, day, slot, seed), so the same population and seed give the same rows.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection

from core.configuration.models import ActivityType
from core.organisation.models import Position
from core.people.models import Assignment, Employee
from core.performance.models import ActivityEntry, Period
from onboarding.population import Population

# Used only when the pilot adopted no model template (so has no activity catalogue).
FALLBACK_ACTIVITIES = (
    ("PIL-01", "Menyusun konsep surat dinas", "surat", 30),
    ("PIL-02", "Mengolah data kepegawaian", "berkas", 45),
    ("PIL-03", "Mengikuti rapat koordinasi", "kegiatan", 60),
    ("PIL-04", "Melayani konsultasi masyarakat", "orang", 20),
    ("PIL-05", "Menyusun laporan kegiatan", "laporan", 90),
    ("PIL-06", "Memverifikasi dokumen administrasi", "dokumen", 15),
)


def _ensure_activity_types() -> None:

    if ActivityType.objects.filter(is_active=True).exists():
        return
    ActivityType.objects.bulk_create(
        [
            ActivityType(
                code=code,
                name=name,
                output_unit=unit,
                standard_minutes=minutes,
                position_types=[],
                evidence_required=False,
                source_template="pilot",
            )
            for code, name, unit, minutes in FALLBACK_ACTIVITIES
        ]
    )


def _ensure_periods(first: date, last: date) -> int:

    months = sorted(
        {
            (d.year, d.month)
            for d in (first + timedelta(days=i) for i in range((last - first).days + 1))
        }
    )
    Period.objects.bulk_create([Period(year=y, month=m) for y, m in months], ignore_conflicts=True)
    return len(months)


_HISTORY_SQL = """
WITH holder AS (
    SELECT DISTINCT ON (a.position_id) a.position_id, a.employee_id
    FROM {assignment} a WHERE a.ends_on IS NULL ORDER BY a.position_id, a.employee_id
), reporting AS (
    SELECT a.employee_id, h.employee_id AS supervisor_id
    FROM {assignment} a
    JOIN {position} p ON p.id = a.position_id
    JOIN holder h ON h.position_id = p.supervisor_position_id
    WHERE a.ends_on IS NULL AND NOT a.is_acting
), types AS (
    SELECT array_agg(id ORDER BY id) AS ids, array_agg(standard_minutes ORDER BY id) AS minutes
    FROM {activity_type} WHERE is_active
), slots AS (
    SELECT e.id AS employee_id, e.user_id, r.supervisor_id, d::date AS day,
           (hashtext(e.id || ':' || d::date || ':' || n || ':' || %(seed)s)::bigint
            & 2147483647) AS h
    FROM {employee} e
    JOIN {user} u ON u.id = e.user_id AND u.activated_at IS NOT NULL
    JOIN reporting r ON r.employee_id = e.id
    CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') d
    CROSS JOIN generate_series(1, 3) n
    WHERE extract(isodow FROM d) < 6
), drawn AS (
    SELECT s.*, 1 + (s.h / 7) %% 3 AS volume, 1 + s.h %% array_length(t.ids, 1) AS pick,
           s.day > %(recent)s::date OR (s.h / 31) %% 10 = 0 AS waiting,
           (s.h / 31) %% 33 = 1 AS refused,
           (s.day + time '15:00' + (s.h %% 120) * interval '1 minute')
               AT TIME ZONE 'Asia/Jakarta' AS submitted,
           (60 * (1 + (s.h / 11) %% 40)) * interval '1 minute' AS delay,
           t.ids, t.minutes
    FROM slots s CROSS JOIN types t
    WHERE s.h %% 8 < 6 AND array_length(t.ids, 1) > 0
)
INSERT INTO {entry} (employee_id, activity_type_id, day, starts_at, ends_at, volume, minutes, note,
                     evidence, status, verifier_id, escalation_level, decided_by_id, decided_at,
                     rejection_reason, submitted_at, pending_since, idempotency_key, created_by_id)
SELECT employee_id, ids[pick], day, NULL, NULL, volume, minutes[pick] * volume, '', '',
       CASE WHEN waiting THEN 'submitted' WHEN refused THEN 'rejected' ELSE 'approved' END,
       supervisor_id, 0,
       CASE WHEN waiting THEN NULL ELSE supervisor_id END,
       CASE WHEN waiting THEN NULL ELSE submitted + delay END,
       CASE WHEN refused AND NOT waiting THEN 'Bukti belum sesuai.' ELSE '' END,
       submitted, submitted, '', user_id
FROM drawn
"""


def write_history(population: Population, *, days: int, today: date, seed: int) -> int:
    """Insert `days` days (ending yesterday) of activity entries; returns how many."""

    last = today - timedelta(days=1)
    first = today - timedelta(days=max(days, 1))
    _ensure_periods(first if days else today, today)
    if days == 0 or not population.employees:
        return 0
    _ensure_activity_types()
    sql = _HISTORY_SQL.format(
        assignment=Assignment._meta.db_table,
        position=Position._meta.db_table,
        activity_type=ActivityType._meta.db_table,
        employee=Employee._meta.db_table,
        user=get_user_model()._meta.db_table,
        entry=ActivityEntry._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"seed": seed, "first": first, "last": last, "recent": today - timedelta(days=3)}
        )
        written = cursor.rowcount
    from core.command.counters import rebuild

    rebuild(first)  # the city screen's counters follow rows written in bulk
    return written
