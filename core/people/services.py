"""Writes to the register other than bulk import (see core.people.imports for that)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.duties import Duty
from core.actors import Actor
from core.audit.services import record_event, save_audited
from core.organisation.models import Position
from core.people.access import require_duty
from core.people.models import Assignment, Employee

if TYPE_CHECKING:
    from core.accounts.models import User


@transaction.atomic
def appoint(
    employee: Employee,
    position: Position,
    *,
    starts_on: date,
    ends_on: date | None = None,
    acting: bool = False,
    actor: Actor | User,
) -> Assignment:
    """Put a person in a position from `starts_on`.

    A definitive appointment ends the person's current definitive one the day before;
    an acting (Plt.) appointment is held alongside it, usually with an end date.
    Separation of duties (core.accounts.duties): nobody appoints themselves, an OPD
    admin appoints only their own OPD's people to their own OPD's positions.
    """
    require_duty(actor, Duty.APPOINT, employee.pk, to_opd_id=position.org_unit.opd_id)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The end date is before the start date."))
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    overlapping = Assignment.objects.filter(
        employee=employee, position=position, starts_on__lte=ends_on or date.max
    ).exclude(ends_on__lt=starts_on)
    if overlapping.exists():
        raise ValidationError(_("This person already holds this position in that period."))
    if not acting:
        current = Assignment.objects.filter(
            employee=employee, is_acting=False, ends_on__isnull=True, starts_on__lt=starts_on
        )
        for previous in current:
            previous.ends_on = starts_on - timedelta(days=1)
            previous.save(update_fields=["ends_on"])
    assignment = Assignment.objects.create(
        employee=employee,
        position=position,
        starts_on=starts_on,
        ends_on=ends_on,
        is_acting=acting,
    )
    record_event(
        actor=actor,
        action="people.appointed",
        target=employee,
        after={
            "position": position.pk,
            "position_name": position.name,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "acting": acting,
        },
    )
    return assignment


@transaction.atomic
def end_assignment(assignment: Assignment, *, ends_on: date, actor: Actor | User) -> Assignment:
    require_duty(actor, Duty.APPOINT, assignment.employee_id)
    if ends_on < assignment.starts_on:
        raise ValidationError(_("The end date is before the start date."))
    save_audited(assignment, {"ends_on": ends_on}, actor=actor, action="people.assignment_ended")
    return assignment


@transaction.atomic
def change_status(
    employee: Employee, status: str, *, on: date, actor: Actor | User, reason: str = ""
) -> Employee:
    """Record that a person moved away, retired or died (or is active again).

    Leaving ends every open assignment on `on` (so they stop supervising and being
    supervised from the next day) and switches their account off.
    """
    from core.people.models import EmployeeStatus

    if status not in EmployeeStatus.values:
        raise ValidationError(_("Unknown status."))
    require_duty(actor, Duty.CHANGE_STATUS, employee.pk)
    if employee.status == status:
        return employee
    save_audited(
        employee,
        {"status": status},
        actor=actor,
        action="people.status_changed",
        after={"on": on},
        reason=reason,
    )
    if status != EmployeeStatus.ACTIVE:
        Assignment.objects.filter(
            employee=employee, ends_on__isnull=True, starts_on__lte=on
        ).update(ends_on=on)
        if employee.user is not None:
            from core.accounts.services import revoke_all_tokens

            user = employee.user
            type(user).objects.filter(pk=user.pk).update(is_active=False)
            revoke_all_tokens(user, actor=actor, reason="account switched off")
    return employee
