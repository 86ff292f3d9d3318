"""Logging daily activities: log, correct and resubmit, withdraw, favourites, repeat."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ParamSpec

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import Field, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sql import model_columns, model_from_row, prepared_cursor
from core.audit.services import record_event, record_event_with
from core.command import counters
from core.command.counters import count_logged
from core.configuration.models import ActivityType
from core.db import on_citus
from core.formats import long_date, number
from core.organisation.models import Position
from core.people.hierarchy import supervisor_id_of, supervisor_params, supervisor_sql
from core.people.models import Assignment, Employee
from core.performance.evidence import prepare_evidence
from core.performance.grace import logging_deadline
from core.performance.models import ActivityEntry, EntryStatus, Favourite, MonthlyResult, Period
from core.performance.policy import logging_rules
from core.performance.rules import (
    activity_allowed_for_position,
    activity_minutes,
    volume_problem,
)
from core.performance.services.common import employee_of, refuse
from core.performance.services.periods import assert_writable, open_period

if TYPE_CHECKING:
    from core.accounts.models import User


@dataclass(frozen=True)
class LogResult:
    entry: ActivityEntry
    created: bool  # False: the same idempotency key was seen before, nothing was written


def _entry_state(entry: ActivityEntry) -> dict:
    return {
        "employee": entry.employee_id,
        "activity_type": entry.activity_type_id,
        "day": entry.day,
        "volume": entry.volume,
        "minutes": entry.minutes,
        "status": entry.status,
        "verifier": entry.verifier_id,
    }


def check_evidence(evidence: UploadedFile | None) -> ContentFile | None:
    """The file to store for an upload, checked by content (core.performance.evidence)."""
    return prepare_evidence(evidence)


def _check_day_rules(
    employee: Employee,
    day: date,
    minutes: int,
    exclude_id: int | None,
    *,
    logged: int | None = None,
) -> None:
    """The city's logging rules: days back, non-working days, daily maximum.

    `logged`: the minutes already logged that day, when the caller has them.
    """
    policy, working_days = logging_rules(day.year, day.month)
    today = timezone.localdate()
    if day > today:
        raise refuse(_("You cannot log work for a future date."), "future")
    if (today - day).days > policy.max_backdate_days and (
        timezone.now() >= logging_deadline(day, policy.max_backdate_days).at
    ):
        raise refuse(
            _("Work can be logged at most %(days)s days back.")
            % {"days": number(policy.max_backdate_days)},
            "too_old",
        )
    if not policy.allow_non_working_days and day not in working_days:
        raise refuse(_("%(day)s is not a working day.") % {"day": long_date(day)}, "non_working")
    if logged is None:
        logged = (
            ActivityEntry.objects.filter(employee=employee, day=day)
            .exclude(status=EntryStatus.REJECTED)
            .exclude(pk=exclude_id or 0)
            .aggregate(total=Sum("minutes"))["total"]
            or 0
        )
    if logged + minutes > policy.daily_max_minutes:
        raise refuse(
            _("This would make %(total)s minutes on one day; the maximum is %(max)s.")
            % {"total": number(logged + minutes), "max": number(policy.daily_max_minutes)},
            "daily_max",
        )


_PREFLIGHT_SQL = """
SELECT
    (SELECT e.id FROM {entry} e
     WHERE %(key)s::text <> '' AND e.created_by_id = %(user)s AND e.idempotency_key = %(key)s
       AND e.idempotency_key <> ''  -- lets the planner use the partial unique index
     LIMIT 1),
    (SELECT coalesce(sum(e.minutes), 0) FROM {entry} e
     WHERE e.employee_id = %(employee)s AND e.day = %(day)s AND e.status <> 'rejected'),
    p.status = 'open' AND NOT EXISTS (
        SELECT 1 FROM {result} r WHERE r.period_id = p.id AND r.employee_id = %(employee)s)
FROM {period} p WHERE p.year = %(year)s AND p.month = %(month)s
FOR SHARE OF p
"""


def _preflight(actor: User, employee_id: int, key: str, day: date) -> tuple[int | None, int, bool]:
    """One round trip on the hot path: (an entry already made with this key, minutes
    already logged that day, whether the person's month is open). Share-locks the
    period row like `services.periods.assert_writable`, so a close waits for this write;
    the month's first write opens it (audited)."""

    sql = _PREFLIGHT_SQL.format(
        entry=ActivityEntry._meta.db_table,
        result=MonthlyResult._meta.db_table,
        period=Period._meta.db_table,
    )
    params: dict[str, Any] = {
        "key": key,
        "user": actor.pk,
        "employee": employee_id,
        "day": day,
        "year": day.year,
        "month": day.month,
    }
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            open_period(day.year, day.month, actor=actor)
            cursor.execute(sql, params)
            row = cursor.fetchone()
    return row[0], int(row[1]), bool(row[2])


def _active_type(activity_type_id: int) -> ActivityType:
    activity_type = ActivityType.objects.filter(pk=activity_type_id, is_active=True).first()
    if activity_type is None:
        raise _unknown_type()
    return activity_type


def _unknown_type() -> ValidationError:
    return refuse(_("Choose an activity from the catalogue."), "activity_type")


_HELD_TYPES_SQL = """
SELECT coalesce(array_agg(p.position_type), '{{}}') FROM {assignments} a
JOIN {positions} p ON p.id = a.position_id
WHERE a.employee_id = %(employee)s AND a.starts_on <= %(day)s
  AND (a.ends_on IS NULL OR a.ends_on >= %(day)s)
"""


# The hot path's first statement: the person's row locked (one writer per person, so a
# retry waits here and the daily total stays exact), the activity, the supervisor and
# the position types that day, the key's entry, the day's minutes, whether the month is
# open (the period share-locked, like `periods.assert_writable`) and the new entry's id:
# one round trip.
_LOG_PREFLIGHT_SQL = """
SELECT ({supervisor}), ({held}),
    (SELECT x.id FROM {entry} x
     WHERE %(key)s::text <> '' AND x.created_by_id = %(user)s AND x.idempotency_key = %(key)s
       AND x.idempotency_key <> ''
     LIMIT 1),
    (SELECT coalesce(sum(x.minutes), 0) FROM {entry} x
     WHERE x.employee_id = %(employee)s AND x.day = %(day)s AND x.status <> 'rejected'),
    (SELECT p.status = 'open' AND NOT EXISTS (
        SELECT 1 FROM {result} r WHERE r.period_id = p.id AND r.employee_id = %(employee)s)
     FROM {period} p WHERE p.year = %(year)s AND p.month = %(month)s
     FOR SHARE OF p),
    {columns}{new_id}
FROM {people} e
LEFT JOIN {types} t ON t.id = %(type)s AND t.is_active
WHERE e.id = %(employee)s
FOR UPDATE OF e
"""


_NEW_ID_SQL = "SELECT nextval(pg_get_serial_sequence(%(entry_table)s::text, 'id'))"


@functools.cache
def _log_preflight_sql(with_new_id: bool) -> str:
    """The preflight; `with_new_id`: the new entry's id drawn in it too (plain PostgreSQL:
    beside the supervisor chain's recursive CTE, a volatile nextval() makes Citus plan
    the whole query on the coordinator, which refuses it, so there it is drawn apart)."""
    from core.performance.models import MonthlyResult, Period

    return _LOG_PREFLIGHT_SQL.format(
        new_id=", nextval(pg_get_serial_sequence(%(entry_table)s::text, 'id'))"
        if with_new_id
        else "",
        supervisor=supervisor_sql(),
        held=_held_sql(),
        entry=ActivityEntry._meta.db_table,
        result=MonthlyResult._meta.db_table,
        period=Period._meta.db_table,
        columns=model_columns(ActivityType, "t"),
        people=Employee._meta.db_table,
        types=ActivityType._meta.db_table,
    )


@dataclass(frozen=True)
class _Preflight:
    activity_type: ActivityType | None
    supervisor_id: int | None
    held_types: list[str]
    existing_id: int | None
    logged: int
    writable: bool | None  # None: the month has no period row yet
    new_id: int


def _log_preflight(user_id: int, employee_id: int, key: str, activity_type_id: int, day: date):
    params = {
        "type": activity_type_id,
        "key": key,
        "user": user_id,
        "year": day.year,
        "month": day.month,
        "entry_table": ActivityEntry._meta.db_table,
        **supervisor_params(employee_id, day),
    }
    apart = on_citus()
    with prepared_cursor() as cursor:
        cursor.execute(_log_preflight_sql(not apart), params)
        supervisor_id, held, existing_id, logged, writable, *values = cursor.fetchone()
        new_id = 0 if apart else values.pop()  # drawn even for a replay: a gap, no harm
        if apart and existing_id is None:
            cursor.execute(_NEW_ID_SQL, params)
            new_id = cursor.fetchone()[0]
    activity_type, _rest = model_from_row(ActivityType, tuple(values))
    return _Preflight(
        activity_type, supervisor_id, list(held or []), existing_id, int(logged), writable, new_id
    )


# Field types whose Python values psycopg sends as they are (ints, text, dates and
# times, decimals, None): their `get_db_prep_save` would only hand the value back.
_NATIVE_FIELDS = (
    models.IntegerField,
    models.ForeignKey,
    models.CharField,
    models.TextField,
    models.DateField,
    models.TimeField,
    models.DecimalField,
)


@functools.cache
def _insert_sql() -> tuple[str, tuple[tuple[str, str, Field | None], ...]]:
    """The entry's INSERT with every concrete field, as named `c_` parameters (for
    `record_event_with`): built once from the model, so a field added later is included.
    With it, per field: (parameter, attribute, the field when its value needs preparing)."""
    from django.db import connection

    fields = tuple(ActivityEntry._meta.concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(f"%(c_{f.attname})s" for f in fields)
    table = quote(ActivityEntry._meta.db_table)
    params = tuple(
        (f"c_{f.attname}", f.attname, None if isinstance(f, _NATIVE_FIELDS) else f) for f in fields
    )
    # Names from the model's metadata, never from input; values are bound parameters.
    return f"INSERT INTO {table} ({columns}) VALUES ({values})", params  # noqa: S608


def _insert_with_event(entry: ActivityEntry, actor: User) -> None:
    """Insert `entry` (its id already drawn) and its audit event in one statement."""
    from django.db import connection

    sql, fields = _insert_sql()
    params = {
        name: getattr(entry, attname)
        if field is None
        else field.get_db_prep_save(getattr(entry, attname), connection)
        for name, attname, field in fields
    }
    record_event_with(
        sql, params, actor=actor, action="activity.logged", target=entry, after=_entry_state(entry)
    )
    entry._state.adding = False


def _held_sql() -> str:

    return _HELD_TYPES_SQL.format(
        assignments=Assignment._meta.db_table, positions=Position._meta.db_table
    )


def held_position_types(employee_id: int, day: date) -> list[str]:
    """The types of every position (acting ones included) the person holds on `day`."""
    with prepared_cursor() as cursor:
        cursor.execute(_held_sql(), {"employee": employee_id, "day": day})
        return list(cursor.fetchone()[0] or [])


def check_position_type(activity_type: ActivityType, held_types: list[str]) -> None:
    """Refuse an activity the city reserved for other position types (issue 20 §1)."""
    allowed = activity_type.position_types
    if isinstance(allowed, str):  # a raw row (model_from_row) leaves the jsonb as text
        allowed = json.loads(allowed)
    if not activity_allowed_for_position(allowed, held_types):
        raise refuse(
            _("“%(name)s” is reserved for other position types than yours.")
            % {"name": activity_type.name},
            "position_type",
        )


def check_evidence_present(activity_type: ActivityType, has_evidence: bool) -> None:
    if activity_type.evidence_required and not has_evidence:
        raise refuse(
            _("This activity needs evidence (a photo or a document)."), "evidence_required"
        )


# A phone's clock may run a little ahead of the server's; more than this is refused.
DEVICE_CLOCK_SKEW = timedelta(minutes=10)


def _check_device_time(device_time: datetime, day: date, now: datetime) -> None:
    if timezone.is_naive(device_time):
        device_time = timezone.make_aware(device_time)
    if device_time > now + DEVICE_CLOCK_SKEW:
        raise refuse(
            _("The phone's clock is ahead of the real time: set its date and time, then resend."),
            "device_clock",
        )
    if day > timezone.localdate(device_time):
        raise refuse(_("You cannot log work for a future date."), "future")


def check_volume(volume: Decimal) -> Decimal:
    volume = Decimal(volume)
    if volume_problem(volume):
        raise refuse(_("The volume must be more than 0 and at most 1000."), "volume")
    return volume


IDEMPOTENCY_CONSTRAINT = "activity_unique_idempotency_key"
_P = ParamSpec("_P")


def _answering_twins(record: Callable[_P, LogResult]) -> Callable[_P, LogResult]:
    """A phone that resends an entry while the first send is still being written (the
    offline queue flushing as the page opens) races it: the preflight's snapshot predates
    the first's commit, so the twin inserts too and the unique key refuses it. That
    attempt is rolled back and made again: the key's entry is there by then and comes
    back like any replay, written once."""

    @functools.wraps(record)
    def log(*args: _P.args, **kwargs: _P.kwargs) -> LogResult:
        try:
            return record(*args, **kwargs)
        except IntegrityError as error:
            constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "")
            # Citus reports a worker's error by its message, naming the shard's copy
            # (`<name>_<shard id>`), without the constraint field.
            if IDEMPOTENCY_CONSTRAINT not in (constraint or str(error)):
                raise
        return record(*args, **kwargs)

    return log


@_answering_twins
@transaction.atomic
def log_activity(
    *,
    actor: User,
    activity_type_id: int,
    volume: Decimal,
    day: date,
    starts_at: time | None = None,
    ends_at: time | None = None,
    note: str = "",
    evidence: UploadedFile | None = None,
    idempotency_key: str = "",
    device_time: datetime | None = None,
) -> LogResult:
    """Record one activity of the signed-in ASN, waiting for their supervisor.

    A repeated `idempotency_key` (per user) returns the entry the first call made and
    writes nothing, so a phone that retries a submission on a bad connection is harmless.
    `device_time`: when the entry was made on the phone (an entry queued without signal
    arrives later); stored with the time it was received. The day is the one the person
    chose on the phone, checked against the city's window (extended by incidents) at
    receipt, and never after the device's own day.
    """
    employee = employee_of(actor)
    key = (idempotency_key or "")[:64]
    pre = _log_preflight(actor.pk, employee.pk, key, activity_type_id, day)
    if pre.existing_id is not None:
        return LogResult(ActivityEntry.objects.get(pk=pre.existing_id), False)
    writable = pre.writable
    if writable is None:  # the month's period row does not exist yet: create, then read
        _existing, _logged, writable = _preflight(actor, employee.pk, key, day)
    if not writable:
        assert_writable(employee.pk, day)  # raises PeriodClosed with its message
    now = timezone.now()
    if device_time is not None:
        _check_device_time(device_time, day, now)
    activity_type = pre.activity_type
    if activity_type is None:
        raise _unknown_type()
    check_position_type(activity_type, pre.held_types)
    volume = check_volume(volume)
    if starts_at and ends_at and ends_at <= starts_at:
        raise refuse(_("The end time must be after the start time."), "times")
    check_evidence_present(activity_type, evidence is not None)
    stored = check_evidence(evidence)
    minutes = activity_minutes(activity_type.standard_minutes, volume)
    _check_day_rules(employee, day, minutes, None, logged=pre.logged)
    entry = ActivityEntry(
        id=pre.new_id,
        employee=employee,
        activity_type=activity_type,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        volume=volume,
        minutes=minutes,
        note=note,
        verifier_id=pre.supervisor_id,
        submitted_at=now,
        pending_since=now,
        idempotency_key=key,
        created_by=actor,
        device_time=device_time,
        received_at=now,
    )
    # The counters before the audit append: every writer takes the shared rows in one
    # order, the person's day, the counters, the chain head last (counters.tracking).
    count_logged(employee_id=employee.pk, day=day, minutes=minutes, submitted_at=now)
    if stored is None:
        _insert_with_event(entry, actor)
    else:
        entry.evidence = stored
        entry.save(force_insert=True)  # the key is unique per user: a duplicate fails here
        record_event(actor=actor, action="activity.logged", target=entry, after=_entry_state(entry))
    return LogResult(entry, True)


def _own_entry(actor, entry_id: int) -> ActivityEntry:
    employee = employee_of(actor)
    entry = ActivityEntry.objects.select_for_update().filter(pk=entry_id, employee=employee).first()
    if entry is None:
        from django.http import Http404

        raise Http404
    return entry


@transaction.atomic
def resubmit_activity(
    entry_id: int,
    *,
    actor: User,
    volume: Decimal | None = None,
    activity_type_id: int | None = None,
    note: str | None = None,
    evidence: UploadedFile | None = None,
) -> ActivityEntry:
    """Correct a rejected (or still waiting) entry of one's own and send it for verification."""
    entry = _own_entry(actor, entry_id)
    if entry.status == EntryStatus.APPROVED:
        raise refuse(_("An approved activity cannot be changed."), "approved")
    assert_writable(entry.employee_id, entry.day)
    before = _entry_state(entry)
    if activity_type_id is not None:
        entry.activity_type = _active_type(activity_type_id)
        check_position_type(entry.activity_type, held_position_types(entry.employee_id, entry.day))
    if volume is not None:
        entry.volume = check_volume(volume)
    if note is not None:
        entry.note = note
    stored = check_evidence(evidence)
    check_evidence_present(entry.activity_type, stored is not None or bool(entry.evidence))
    if stored is not None:
        entry.evidence = stored
    entry.minutes = activity_minutes(entry.activity_type.standard_minutes, entry.volume)
    _check_day_rules(entry.employee, entry.day, entry.minutes, entry.pk)
    now = timezone.now()
    entry.status = EntryStatus.SUBMITTED
    entry.rejection_reason = ""
    entry.decided_by = None
    entry.decided_at = None
    entry.verifier_id = supervisor_id_of(entry.employee_id, entry.day)
    entry.escalation_level = 0
    entry.submitted_at = entry.pending_since = now
    with counters.tracking([entry.pk]):
        entry.save()
    record_event(
        actor=actor,
        action="activity.resubmitted",
        target=entry,
        before=before,
        after=_entry_state(entry),
    )
    return entry


@transaction.atomic
def withdraw_activity(entry_id: int, *, actor: User) -> None:
    """Delete one's own entry that has not been approved."""
    entry = _own_entry(actor, entry_id)
    if entry.status == EntryStatus.APPROVED:
        raise refuse(_("An approved activity cannot be withdrawn."), "approved")
    assert_writable(entry.employee_id, entry.day)
    before = _entry_state(entry)
    with counters.tracking([entry.pk]):
        ActivityEntry.objects.filter(pk=entry.pk).delete()  # `entry` keeps its id for the event
    record_event(actor=actor, action="activity.withdrawn", target=entry, before=before)


@transaction.atomic
def set_favourite(
    *, actor: User, activity_type_id: int, on: bool, volume: Decimal = Decimal(1)
) -> None:
    """Pin (or unpin) a catalogue activity to the top of one's log page."""
    employee = employee_of(actor)
    if on:
        _active_type(activity_type_id)
        Favourite.objects.update_or_create(
            employee=employee, activity_type_id=activity_type_id, defaults={"volume": volume}
        )
    else:
        Favourite.objects.filter(employee=employee, activity_type_id=activity_type_id).delete()


def previous_log_day(employee: Employee, day: date) -> date | None:
    return (
        ActivityEntry.objects.filter(
            employee=employee, day__lt=day, day__gte=day - timedelta(days=14)
        )
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )


def repeat_day(*, actor: User, day: date, idempotency_key: str = "") -> list[ActivityEntry]:
    """'Repeat yesterday': log again, on `day`, the entries of one's last logged day.

    Entries whose activity needs evidence are skipped (evidence is never copied). With
    a key, each copy gets `<key>:<n>`, so retrying the whole repeat is harmless.
    """
    employee = employee_of(actor)
    source_day = previous_log_day(employee, day)
    if source_day is None:
        raise refuse(_("There is no earlier day to repeat."), "nothing_to_repeat")
    sources = list(
        ActivityEntry.objects.filter(employee=employee, day=source_day)
        .exclude(status=EntryStatus.REJECTED)
        .select_related("activity_type")
        .order_by("id")
    )
    created = []
    with transaction.atomic():
        for n, source in enumerate(sources):
            if source.activity_type.evidence_required or not source.activity_type.is_active:
                continue
            result = log_activity(
                actor=actor,
                activity_type_id=source.activity_type_id,
                volume=source.volume,
                day=day,
                starts_at=source.starts_at,
                ends_at=source.ends_at,
                note=source.note,
                idempotency_key=f"{idempotency_key}:{n}" if idempotency_key else "",
            )
            created.append(result.entry)
    if not created:
        raise refuse(
            _("None of those activities can be repeated (they need evidence)."), "nothing_to_repeat"
        )
    return created
