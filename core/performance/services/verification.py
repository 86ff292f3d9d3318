"""Verifying activities: approve, reject with a reason, bulk approve, escalate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit.services import record_event, save_audited
from core.command import counters
from core.formats import number
from core.people.hierarchy import supervisor_id_of
from core.performance.access import get_entry_for_verifier
from core.performance.models import ActivityEntry, EntryStatus
from core.performance.policy import current_policy
from core.performance.services.common import employee_of, refuse
from core.performance.services.periods import assert_writable

if TYPE_CHECKING:
    from core.accounts.models import User


@transaction.atomic
def verify_activity(
    entry_id: int, *, actor: User, approve: bool, reason: str = ""
) -> ActivityEntry:
    """Approve or reject one waiting entry. A second decision on the same entry is refused,
    so a double click or two supervisors at once cannot decide it twice."""
    verifier = employee_of(actor)
    entry = get_entry_for_verifier(actor, entry_id, lock=True)
    if entry.status != EntryStatus.SUBMITTED:
        raise refuse(_("This activity has already been verified."), "already_verified")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise refuse(_("Give a reason for the rejection."), "reason_required")
    assert_writable(entry.employee_id, entry.day)
    with counters.tracking([entry.pk]):
        save_audited(
            entry,
            {
                "status": EntryStatus.APPROVED if approve else EntryStatus.REJECTED,
                "rejection_reason": "" if approve else reason,
                "decided_by": verifier,
                "decided_at": timezone.now(),
            },
            actor=actor,
            action="activity.approved" if approve else "activity.rejected",
            reason=reason,
        )
    return entry


@transaction.atomic
def bulk_approve(entry_ids: Iterable[int], *, actor: User) -> int:
    """Approve many waiting entries at once with one conditional UPDATE.

    Only entries the actor may verify (their reports on the entry's date, or escalated to
    them), not their own, still waiting and in an open month are touched; the count of
    approved entries is returned.
    """
    verifier = employee_of(actor)
    ids = sorted({int(i) for i in entry_ids})
    candidates = list(
        ActivityEntry.objects.filter(pk__in=ids, status=EntryStatus.SUBMITTED)
        .exclude(employee=verifier)
        .values_list("pk", "employee_id", "day", "verifier_id")
    )
    allowed: list[int] = []
    checked: dict[tuple[int, object], bool] = {}
    for pk, employee_id, day, verifier_id in candidates:
        if verifier_id != verifier.pk:
            key = (employee_id, day)
            if key not in checked:  # one lookup per person and day, not per entry
                checked[key] = supervisor_id_of(employee_id, day) == verifier.pk
            if not checked[key]:
                continue
        allowed.append(pk)
    for employee_id, day in {(c[1], c[2]) for c in candidates if c[0] in allowed}:
        assert_writable(employee_id, day)
    now = timezone.now()
    approved = list(
        ActivityEntry.objects.filter(pk__in=allowed, status=EntryStatus.SUBMITTED)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    with counters.tracking(approved):
        ActivityEntry.objects.filter(pk__in=approved).update(
            status=EntryStatus.APPROVED, decided_by=verifier, decided_at=now, rejection_reason=""
        )
    if approved:
        record_event(
            actor=actor,
            action="activity.bulk_approved",
            object_type="performance.activityentry",
            object_id=",".join(map(str, approved))[:64],
            before={"status": EntryStatus.SUBMITTED, "ids": approved},
            after={"status": EntryStatus.APPROVED, "ids": approved},
        )
    return len(approved)


ESCALATION = Actor.system("escalate_verifications")


@transaction.atomic
def escalate_verifications(*, now: datetime | None = None, actor: Actor = ESCALATION) -> int:
    """Hand entries left unverified for N days (the city's policy) to the next supervisor up.

    Groups by current verifier and day: one hierarchy lookup per group, one UPDATE per
    group, one audit event per group. Returns the number of entries escalated.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    days = current_policy(local.year, local.month).escalation_days
    cutoff = now - timedelta(days=days)
    stale = (
        ActivityEntry.objects.filter(status=EntryStatus.SUBMITTED, pending_since__lte=cutoff)
        .select_for_update(skip_locked=True)
        .values_list("pk", "verifier_id", "day", "employee_id")
    )
    groups: dict[tuple[int | None, date], list[tuple[int, int]]] = defaultdict(list)
    for pk, current, day, employee_id in stale:
        groups[(current, day)].append((pk, employee_id))
    escalated = 0
    for (verifier_id, day), rows in groups.items():
        if verifier_id is None:
            continue
        upper_id = supervisor_id_of(verifier_id, day)
        if upper_id is None:
            continue
        ids = [pk for pk, employee_id in rows if employee_id != upper_id]
        if not ids:
            continue
        ActivityEntry.objects.filter(pk__in=ids).update(
            verifier_id=upper_id, pending_since=now, escalation_level=F("escalation_level") + 1
        )
        record_event(
            actor=actor,
            action="activity.escalated",
            object_type="performance.activityentry",
            object_id=str(ids[0]),
            before={"verifier": verifier_id, "ids": ids},
            after={"verifier": upper_id, "ids": ids},
            reason=_("Unverified for %(days)s days") % {"days": number(days)},
        )
        escalated += len(ids)
    return escalated
