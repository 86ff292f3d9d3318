"""Closing a month (city-wide, or one OPD by its administrator) and the blockers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import leases
from core.actors import Actor, as_actor
from core.audit.services import save_audited
from core.command.snapshot import month_closed
from core.performance.models import Period, PeriodStatus, UnitClosure
from core.performance.periods import month_bounds
from core.performance.policy import calendar_days, current_policy
from core.performance.results import (
    PersonMonth,
    compute_month,
    month_inputs,
    row_blockers,
    write_month,
)
from core.performance.rules import PerformancePolicy
from core.performance.services.common import refuse

if TYPE_CHECKING:
    from core.accounts.models import User


@dataclass
class Blockers:
    """What stops a close: counts of people per reason, and the people themselves."""

    unverified_entries: int = 0
    people: dict[str, list[int]] = field(default_factory=dict)  # reason -> employee ids

    @property
    def any(self) -> bool:
        return any(self.people.values())

    def counts(self) -> dict[str, int]:
        return {reason: len(ids) for reason, ids in self.people.items()}


def blockers_of(people: list[PersonMonth]) -> Blockers:
    return _collect((p.employee_id, p.waiting_entries, p.blockers) for p in people)


def _collect(people: Iterable[tuple[int, int, list[str]]]) -> Blockers:
    """Blockers from (employee id, waiting entries, reasons) of each person."""
    result = Blockers(people={"unverified": [], "behaviour": [], "attendance": []})
    for employee_id, waiting, reasons in people:
        result.unverified_entries += waiting
        for reason in reasons:
            result.people[reason].append(employee_id)
    return result


def policy_of(period: Period) -> PerformancePolicy:
    """The snapshot a month is (being) closed with, else the city's current policy."""
    if period.policy_snapshot:
        return PerformancePolicy.from_snapshot(period.policy_snapshot)
    return current_policy(period.year, period.month)


def month_preview(
    period: Period, *, opd_id: int | None = None
) -> tuple[list[PersonMonth], Blockers]:
    """The people still to be closed in scope, with their computed results and blockers."""
    people = compute_month(
        period,
        policy_of(period),
        calendar_days(period.year, period.month),
        opd_id=opd_id,
        exclude_frozen=True,
        now=timezone.now(),
    )
    return people, blockers_of(people)


class CloseBlocked(Exception):
    def __init__(self, blockers: Blockers):
        super().__init__("close blocked")
        self.blockers = blockers


def close_period(period_id: int, *, actor: Actor | User, opd_id: int | None = None) -> int:
    """Close a month for the whole city (opd_id None) or for one OPD.

    The close holds the month's lease (core.leases) while it runs: a second close is
    refused at once while the first one lives, and the lease dies with the session doing
    the work, so a close killed half-way leaves nothing behind and the next attempt
    simply runs. Nothing marks the month "in progress": one transaction locks the period
    row (writers share-lock it, so the close waits for in-flight writes and later writes
    wait for the close, then find the month closed), computes everyone not yet frozen in
    a set-based pass, writes the results with COPY, stores the policy snapshot and marks
    the period closed. Any blocker (unverified entries, missing behaviour ratings,
    missing attendance) aborts the close and leaves the month open. Returns the people
    closed.
    """
    try:
        with leases.hold(f"performance.close:{period_id}"):
            return _close(period_id, actor=actor, opd_id=opd_id)
    except leases.LeaseBusy:
        raise refuse(_("This month is being closed right now."), "closing") from None


@transaction.atomic
def _close(period_id: int, *, actor: Actor | User, opd_id: int | None) -> int:
    period = Period.objects.select_for_update().get(pk=period_id)
    if period.status == PeriodStatus.CLOSED:
        raise refuse(_("This month is already closed."), "already_closed")
    if timezone.localdate() <= month_bounds(period.year, period.month)[1]:
        raise refuse(_("A month can be closed only after its last day."), "not_ended")
    if opd_id is not None and UnitClosure.objects.filter(period=period, opd_id=opd_id).exists():
        raise refuse(_("This OPD's month is already closed."), "already_closed")
    now = timezone.now()
    policy = policy_of(period)
    # One SQL statement aggregates everyone's inputs, the blockers are read off them,
    # then the rules compute each result on its way into one COPY. The commit need not
    # wait for the WAL flush: a crash in that instant loses the whole close (results,
    # status and audit event alike), never part of it, and it can be run again.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
    rows = month_inputs(
        period, calendar_days(period.year, period.month), opd_id=opd_id, exclude_frozen=True
    )
    blockers = _collect(map(row_blockers, rows))
    if blockers.any:
        raise CloseBlocked(blockers)
    totals = write_month(period, rows, policy, now=now)
    changes: dict[str, Any] = {"policy_snapshot": period.policy_snapshot or policy.snapshot()}
    if opd_id is None:
        changes.update(status=PeriodStatus.CLOSED, closed_at=now, closed_by=as_actor(actor).user)
    else:
        closer = as_actor(actor).user
        if closer is None:
            raise refuse(_("An OPD's month is closed by a person."), "closer")
        UnitClosure.objects.create(period=period, opd_id=opd_id, closed_at=now, closed_by=closer)
    save_audited(
        period,
        changes,
        actor=actor,
        action="period.closed" if opd_id is None else "period.opd_closed",
        before={"status": PeriodStatus.OPEN},
        after={
            "status": changes.get("status", period.status),
            "opd": opd_id,
            "people": totals.people,
            "tpp_paid": totals.tpp_paid,
            "predicates": dict(totals.predicates),
        },
    )
    month_closed(period.year, period.month)
    return totals.people
