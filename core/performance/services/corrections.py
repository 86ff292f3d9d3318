"""Recorded corrections to a closed month: the only way to change it.

Each correction changes one thing (an activity's decision or volume, a behaviour
rating, a day of attendance), records who, why, before and after, recomputes the
result of exactly the person it touches (with the policy the month was closed with)
and writes an audit event, all in one transaction.

Trust rules (issue 20 §1):
- separation of duties (core.accounts.duties): nobody corrects their own data; an OPD
  admin corrects only people of their own OPD; only admins correct;
- a correction obeys every rule logging obeys: the volume bound, the daily maximum,
  the activity's position types and its evidence requirement; attendance minutes are
  bounded by the working day;
- a correction moving the person's TPP by more than the city's threshold
  (`correction_approval_rupiah`) is stored pending and takes effect only when a
  second administrator approves it (`decide_correction`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.duties import Duty
from core.audit.services import record_event, save_audited
from core.command import counters
from core.people.access import require_duty, visible_employees
from core.performance.access import get_employee_for_viewer
from core.performance.models import (
    ActivityEntry,
    AttendanceRecord,
    BehaviourRating,
    Correction,
    CorrectionStatus,
    EntryStatus,
    MonthlyResult,
    Period,
)
from core.performance.periods import is_writable
from core.performance.policy import calendar_days, current_policy
from core.performance.results import compute_month, result_values, write_results
from core.performance.rules import (
    ATTENDANCE_MINUTES_MAX,
    BERAKHLAK,
    AttendanceStatus,
    Level,
    activity_minutes,
    attendance_correction_problem,
    behaviour_rating,
    correction_needs_approval,
)
from core.performance.services.activities import (
    check_evidence_present,
    check_position_type,
    check_volume,
    held_position_types,
)
from core.performance.services.closing import policy_of
from core.performance.services.common import employee_of, refuse

if TYPE_CHECKING:
    from core.accounts.models import User


Change = tuple[dict | None, dict]  # (before, after) of the corrected thing


def _require_correctable(actor: User, employee_id: int, day: date, reason: str) -> Period:
    require_duty(actor, Duty.CORRECT, employee_id, day=day)
    get_employee_for_viewer(actor, employee_id)
    if not (reason or "").strip():
        raise refuse(_("A correction needs a reason."), "reason_required")
    if is_writable(employee_id, day):
        raise refuse(
            _("This month is still open: change it directly, not through a correction."), "open"
        )
    return Period.objects.get(year=day.year, month=day.month)


def _result_of(period: Period, employee_id: int) -> dict | None:
    row = MonthlyResult.objects.filter(period=period, employee_id=employee_id).first()
    return _json(result_values(row)) if row else None


def _recompute(period: Period, employee_id: int) -> dict | None:
    people = compute_month(
        period,
        policy_of(period),
        calendar_days(period.year, period.month),
        employee_ids=[employee_id],
        now=timezone.now(),
    )
    write_results(period, people, replace=True)
    return _result_of(period, employee_id)


def _json(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def _tpp(result: dict | None) -> int | None:
    return int(result["tpp_paid"]) if result else None


def _submit(
    period: Period,
    employee_id: int,
    *,
    actor: User,
    kind: str,
    reason: str,
    request: dict,
    apply: Callable[[], Change],
) -> Correction:
    """Apply the change and recompute; above the city's threshold, undo both and store
    the correction pending for a second approver instead."""
    result_before = _result_of(period, employee_id)
    savepoint = transaction.savepoint()
    before, after = apply()
    result_after = _recompute(period, employee_id)
    today = timezone.localdate()  # the city's setting today, not the closed month's
    threshold = current_policy(today.year, today.month).correction_approval_rupiah
    pending = correction_needs_approval(_tpp(result_before), _tpp(result_after), threshold)
    if pending:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    correction = Correction.objects.create(
        period=period,
        employee_id=employee_id,
        kind=kind,
        reason=reason,
        actor=actor,
        made_at=timezone.now(),
        change_before=before,
        change_after=after,
        result_before=result_before,
        result_after=result_after,
        status=CorrectionStatus.PENDING if pending else CorrectionStatus.APPLIED,
        request=request,
    )
    record_event(
        actor=actor,
        action=f"correction.{kind}" + (".requested" if pending else ""),
        target=correction,
        before={"change": before, "result": result_before},
        after={"change": after, "result": result_after, "status": correction.status},
        reason=reason,
    )
    return correction


# ------------------------------------------------------------------ the three kinds


def _apply_activity(
    entry_id: int, *, actor: User, period: Period, status: str | None, volume
) -> tuple[ActivityEntry, Change]:
    entry = (
        ActivityEntry.objects.select_for_update(of=("self",))
        .select_related("activity_type")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    before = {"status": entry.status, "volume": str(entry.volume), "minutes": entry.minutes}
    if status is not None:
        if status not in EntryStatus.values:
            raise refuse(_("Unknown status."), "status")
        entry.status = status
    if volume is not None:
        try:
            entry.volume = check_volume(Decimal(str(volume)))
        except InvalidOperation:
            raise refuse(_("The volume must be more than 0 and at most 1000."), "volume") from None
        entry.minutes = activity_minutes(entry.activity_type.standard_minutes, entry.volume)
    if entry.status == EntryStatus.APPROVED:  # what counts must obey what logging obeys
        check_position_type(entry.activity_type, held_position_types(entry.employee_id, entry.day))
        check_evidence_present(entry.activity_type, bool(entry.evidence))
    if entry.status != EntryStatus.REJECTED:
        others = (
            ActivityEntry.objects.filter(employee_id=entry.employee_id, day=entry.day)
            .exclude(status=EntryStatus.REJECTED)
            .exclude(pk=entry.pk)
            .aggregate(total=Sum("minutes"))["total"]
            or 0
        )
        daily_max = policy_of(period).daily_max_minutes
        if others + entry.minutes > daily_max:
            raise refuse(
                _("This would make %(total)s minutes on one day; the maximum is %(max)s.")
                % {"total": others + entry.minutes, "max": daily_max},
                "daily_max",
            )
    if getattr(actor, "employee", None):
        entry.decided_by = employee_of(actor)
    entry.decided_at = timezone.now()
    with counters.tracking([entry.pk]):
        entry.save(update_fields=["status", "volume", "minutes", "decided_by", "decided_at"])
    after = {"status": entry.status, "volume": str(entry.volume), "minutes": entry.minutes}
    return entry, (before, after)


@transaction.atomic
def correct_activity(
    entry_id: int,
    *,
    actor: User,
    reason: str,
    status: str | None = None,
    volume: Decimal | None = None,
) -> Correction:
    """Change a closed month's activity (its decision and/or volume) through a correction."""
    entry = ActivityEntry.objects.filter(pk=entry_id).values("employee_id", "day").first()
    if entry is None:
        raise Http404
    period = _require_correctable(actor, entry["employee_id"], entry["day"], reason)
    volume_text = None if volume is None else str(volume)
    request = {"entry": entry_id, "status": status, "volume": volume_text}
    return _submit(
        period,
        entry["employee_id"],
        actor=actor,
        kind="activity",
        reason=reason,
        request=request,
        apply=lambda: _apply_activity(
            entry_id, actor=actor, period=period, status=status, volume=volume
        )[1],
    )


def _levels(levels) -> dict[str, str]:
    try:
        return {name: Level(levels[name]).value for name in BERAKHLAK}
    except (KeyError, ValueError, TypeError):
        raise refuse(_("Rate each of the seven BerAKHLAK values."), "levels") from None


def _apply_behaviour(employee_id: int, period: Period, *, actor: User, values: dict) -> Change:
    rating = (
        BehaviourRating.objects.select_for_update()
        .filter(employee_id=employee_id, period=period)
        .first()
    )
    before = {name: getattr(rating, name) for name in BERAKHLAK} if rating else None
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
    return before, values


@transaction.atomic
def correct_behaviour(
    employee_id: int, period_id: int, *, actor: User, reason: str, levels: dict[str, str]
) -> Correction:
    """Replace a closed month's behaviour rating through a correction."""
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise Http404
    period = _require_correctable(actor, employee_id, date(period.year, period.month, 1), reason)
    values = _levels(levels)
    return _submit(
        period,
        employee_id,
        actor=actor,
        kind="behaviour",
        reason=reason,
        request={"employee": employee_id, "period": period.pk, "levels": values},
        apply=lambda: _apply_behaviour(employee_id, period, actor=actor, values=values),
    )


def _attendance_values(status: str, late: int | None, early: int | None) -> dict:
    try:
        status = AttendanceStatus(status).value
    except ValueError:
        raise refuse(_("Unknown attendance status."), "attendance_status") from None
    problem = attendance_correction_problem(status, late, early)
    if problem == "negative":
        raise refuse(_("Late and early minutes cannot be negative."), "minutes")
    if problem == "too_many":
        raise refuse(
            _(
                "Late and early minutes together cannot exceed %(max)s, the longest working "
                "day; record the day as absent instead."
            )
            % {"max": ATTENDANCE_MINUTES_MAX},
            "minutes",
        )
    if problem == "not_present":
        raise refuse(
            _("Only a day marked present (hadir) can have late or early minutes."), "minutes"
        )
    return {"status": status, "late": late or 0, "early": early or 0}


def _apply_attendance(employee_id: int, day: date, values: dict) -> Change:
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
    AttendanceRecord.objects.update_or_create(
        employee_id=employee_id,
        day=day,
        defaults={
            "status": values["status"],
            "late_minutes": values["late"],
            "early_minutes": values["early"],
        },
    )
    return before, dict(values)


@transaction.atomic
def correct_attendance(
    employee_id: int,
    day: date,
    *,
    actor: User,
    reason: str,
    status: str,
    late_minutes: int | None = 0,
    early_minutes: int | None = 0,
) -> Correction:
    """Set one day's attendance of a closed month through a correction."""
    period = _require_correctable(actor, employee_id, day, reason)
    values = _attendance_values(status, late_minutes, early_minutes)
    return _submit(
        period,
        employee_id,
        actor=actor,
        kind="attendance",
        reason=reason,
        request={"employee": employee_id, "day": day.isoformat(), **values},
        apply=lambda: _apply_attendance(employee_id, day, values),
    )


# ------------------------------------------------------------------ the second approver


def pending_corrections(user) -> QuerySet[Correction]:
    """Corrections waiting for a second approver that `user` may decide: city admins all,
    OPD admins those of their OPD's people; never their own requests or their own data."""
    from core.accounts.roles import Role

    if not (user.is_authenticated and user.has_role(Role.CITY_ADMIN, Role.OPD_ADMIN)):
        return Correction.objects.none()
    queryset = (
        Correction.objects.filter(status=CorrectionStatus.PENDING)
        .exclude(actor=user)
        .filter(employee__in=visible_employees(user))
        .select_related("employee", "actor", "period")
        .order_by("made_at")
    )
    own = getattr(user, "employee", None)
    return queryset.exclude(employee=own) if own is not None else queryset


def _day_of(correction: Correction) -> date:
    request = correction.request or {}
    if correction.kind == "attendance":
        return date.fromisoformat(request["day"])
    if correction.kind == "activity":
        day = ActivityEntry.objects.filter(pk=request.get("entry") or 0).values_list(
            "day", flat=True
        )
        return day.first() or date(correction.period.year, correction.period.month, 1)
    return date(correction.period.year, correction.period.month, 1)


@transaction.atomic
def decide_correction(
    correction_id: int, *, actor: User, approve: bool, note: str = ""
) -> Correction:
    """The second approver applies (or rejects) a pending correction.

    The approver is a different administrator with the right over the person
    (core.accounts.duties), never the one who asked nor the person corrected. Approval
    applies the change as requested, re-checking every rule against today's data.
    """
    correction = (
        Correction.objects.select_for_update(of=("self",))
        .select_related("period")
        .filter(pk=correction_id)
        .first()
    )
    if correction is None:
        raise Http404
    day = _day_of(correction)
    require_duty(
        actor,
        Duty.APPROVE_CORRECTION,
        correction.employee_id,
        day=day,
        requested_by_user_id=correction.actor_id,
    )
    get_employee_for_viewer(actor, correction.employee_id)
    if correction.status != CorrectionStatus.PENDING:
        raise refuse(_("This correction has already been decided."), "decided")
    note = (note or "").strip()
    if not approve and not note:
        raise refuse(_("Give a reason for the rejection."), "reason_required")
    period, request = correction.period, correction.request or {}
    changes: dict[str, Any] = {"status": CorrectionStatus.REJECTED}
    if approve:
        result_before = _result_of(period, correction.employee_id)
        if correction.kind == "activity":
            _entry, (before, after) = _apply_activity(
                request["entry"],
                actor=actor,
                period=period,
                status=request.get("status"),
                volume=request.get("volume"),
            )
        elif correction.kind == "attendance":
            values = _attendance_values(request["status"], request["late"], request["early"])
            before, after = _apply_attendance(correction.employee_id, day, values)
        else:
            before, after = _apply_behaviour(
                correction.employee_id, period, actor=actor, values=_levels(request["levels"])
            )
        changes = {
            "change_before": before,
            "change_after": after,
            "result_before": result_before,
            "result_after": _recompute(period, correction.employee_id),
            "status": CorrectionStatus.APPLIED,
        }
    save_audited(
        correction,
        {**changes, "approver": actor, "decided_at": timezone.now(), "decision_note": note},
        actor=actor,
        action=f"correction.{correction.kind}." + ("approved" if approve else "rejected"),
        reason=note,
    )
    return correction
