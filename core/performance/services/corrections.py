"""Recorded corrections to a closed month: the only way to change it.

Each correction changes one thing (an activity's decision or volume, a behaviour
rating, a day of attendance), records who, why, before and after, recomputes the
result of exactly the person it touches (with the policy the month was closed with)
and writes an audit event, all in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.performance.access import get_employee_for_viewer
from core.performance.models import (
    ActivityEntry,
    AttendanceRecord,
    BehaviourRating,
    Correction,
    EntryStatus,
    MonthlyResult,
    Period,
)
from core.performance.periods import is_writable
from core.performance.policy import calendar_days
from core.performance.results import compute_month, result_values, write_results
from core.performance.rules import (
    BERAKHLAK,
    AttendanceStatus,
    Level,
    activity_minutes,
    behaviour_rating,
    day_minutes_problem,
)
from core.performance.services.closing import policy_of
from core.performance.services.common import employee_of, refuse


def _require_correctable(actor, employee_id: int, day: date, reason: str) -> Period:
    from core.accounts.roles import Role

    if not actor.has_role(Role.CITY_ADMIN, Role.OPD_ADMIN):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only a city or OPD administrator records corrections."))
    get_employee_for_viewer(actor, employee_id)
    if not (reason or "").strip():
        raise refuse(_("A correction needs a reason."), "reason_required")
    if is_writable(employee_id, day):
        raise refuse(
            _("This month is still open: change it directly, not through a correction."), "open"
        )
    return Period.objects.get(year=day.year, month=day.month)


def _recompute(
    period: Period, employee_id: int, *, actor, kind: str, reason: str, before, after
) -> Correction:
    old = MonthlyResult.objects.filter(period=period, employee_id=employee_id).first()
    result_before = result_values(old) if old else None
    people = compute_month(
        period,
        policy_of(period),
        calendar_days(period.year, period.month),
        employee_ids=[employee_id],
        now=timezone.now(),
    )
    write_results(period, people, replace=True)
    new = MonthlyResult.objects.filter(period=period, employee_id=employee_id).first()
    correction = Correction.objects.create(
        period=period,
        employee_id=employee_id,
        kind=kind,
        reason=reason,
        actor=actor,
        made_at=timezone.now(),
        change_before=before,
        change_after=after,
        result_before=_json(result_before),
        result_after=_json(result_values(new) if new else None),
    )
    record_event(
        actor=actor,
        action=f"correction.{kind}",
        target=correction,
        before={"change": before, "result": result_before},
        after={"change": after, "result": result_values(new) if new else None},
        reason=reason,
    )
    return correction


def _json(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


@transaction.atomic
def correct_activity(
    entry_id: int,
    *,
    actor,
    reason: str,
    status: str | None = None,
    volume: Decimal | None = None,
) -> Correction:
    """Change a closed month's activity (its decision and/or volume) through a correction."""
    entry = (
        ActivityEntry.objects.select_for_update().select_related("activity_type").get(pk=entry_id)
    )
    period = _require_correctable(actor, entry.employee_id, entry.day, reason)
    before = {"status": entry.status, "volume": str(entry.volume), "minutes": entry.minutes}
    if status is not None:
        if status not in EntryStatus.values:
            raise refuse(_("Unknown status."), "status")
        entry.status = status
    if volume is not None:
        if Decimal(volume) <= 0:
            raise refuse(_("The volume must be more than 0 and at most 1000."), "volume")
        entry.volume = Decimal(volume)
        entry.minutes = activity_minutes(entry.activity_type.standard_minutes, entry.volume)
    entry.decided_by = employee_of(actor) if getattr(actor, "employee", None) else entry.decided_by
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "volume", "minutes", "decided_by", "decided_at"])
    after = {"status": entry.status, "volume": str(entry.volume), "minutes": entry.minutes}
    return _recompute(
        period,
        entry.employee_id,
        actor=actor,
        kind="activity",
        reason=reason,
        before=before,
        after=after,
    )


@transaction.atomic
def correct_behaviour(
    employee_id: int, period_id: int, *, actor, reason: str, levels: dict[str, str]
) -> Correction:
    """Replace a closed month's behaviour rating through a correction."""
    period = Period.objects.get(pk=period_id)
    day = date(period.year, period.month, 1)
    period = _require_correctable(actor, employee_id, day, reason)
    rating = (
        BehaviourRating.objects.select_for_update()
        .filter(employee_id=employee_id, period=period)
        .first()
    )
    before = {name: getattr(rating, name) for name in BERAKHLAK} if rating else None
    values = {name: Level(levels[name]).value for name in BERAKHLAK}
    median = behaviour_rating(values.values()).value
    if rating is None:
        BehaviourRating.objects.create(
            employee_id=employee_id,
            period=period,
            rated_by=getattr(actor, "employee", None),
            rating=median,
            rated_at=timezone.now(),
            **values,
        )
    else:
        for name, value in values.items():
            setattr(rating, name, value)
        rating.rating = median
        rating.save(update_fields=[*BERAKHLAK, "rating"])
    return _recompute(
        period,
        employee_id,
        actor=actor,
        kind="behaviour",
        reason=reason,
        before=before,
        after=values,
    )


@transaction.atomic
def correct_attendance(
    employee_id: int,
    day: date,
    *,
    actor,
    reason: str,
    status: str,
    late_minutes: int | None = 0,
    early_minutes: int | None = 0,
) -> Correction:
    """Set one day's attendance of a closed month through a correction."""
    period = _require_correctable(actor, employee_id, day, reason)
    status = AttendanceStatus(status).value
    if day_minutes_problem(late_minutes, early_minutes):
        raise refuse(_("Minutes late or left early must be between 0 and 1,440 (one day)."))
    record = (
        AttendanceRecord.objects.select_for_update()
        .filter(employee_id=employee_id, day=day)
        .first()
    )
    before = (
        {"status": record.status, "late": record.late_minutes, "early": record.early_minutes}
        if record
        else None
    )
    after = {"status": status, "late": late_minutes, "early": early_minutes}
    AttendanceRecord.objects.update_or_create(
        employee_id=employee_id,
        day=day,
        defaults={"status": status, "late_minutes": late_minutes, "early_minutes": early_minutes},
    )
    return _recompute(
        period,
        employee_id,
        actor=actor,
        kind="attendance",
        reason=reason,
        before=before,
        after=after,
    )
