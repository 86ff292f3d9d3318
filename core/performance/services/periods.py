"""Opening a month (the one writer of period rows) and the guard of every write."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.accounts.models import User
from core.actors import Actor, as_actor
from core.audit.services import record_event
from core.performance.models import Period, PeriodStatus
from core.performance.periods import closed_error, guard_row

# Who opens a month when no person is at hand (the beat task, the first write's guard).
SYSTEM_ACTOR = Actor.system("Sinergi")


@transaction.atomic
def open_period(year: int, month: int, *, actor: Actor | User | None = None) -> Period:
    """The month's period row, created open (one audit event) if it has none yet."""
    period, created = Period.objects.get_or_create(year=year, month=month)
    if created:
        record_event(
            actor=SYSTEM_ACTOR if actor is None else as_actor(actor),
            action="period.opened",
            target=period,
            after={"status": PeriodStatus.OPEN},
        )
    return period


def assert_writable(employee_id: int, day: date, *, actor: Actor | User | None = None) -> None:
    """Raise PeriodClosed unless the person's month of `day` is open for them.

    A month with no row is opened first (audited), so the row can be share-locked.
    """
    row = guard_row(employee_id, day)
    if row is None:
        open_period(day.year, day.month, actor=actor)
        row = guard_row(employee_id, day)
        if row is None:  # the row just created is there; only a concurrent delete loses it
            raise closed_error(day)
    status, frozen = row
    if status != PeriodStatus.OPEN or frozen:
        raise closed_error(day)
