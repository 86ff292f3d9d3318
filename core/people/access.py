"""Who may see which employees. Pages and the API both go through these functions.

An employee outside what the user may see is a 404 (the same answer as "does not
exist"); a role that may not use a page at all is a 403.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.duties import ADMIN_DUTIES, Duty, DutyActor, DutyTarget, may
from core.accounts.roles import CITY_WIDE_READERS, Role
from core.actors import Actor
from core.people.hierarchy import position_on, subordinates_of
from core.people.models import Employee

if TYPE_CHECKING:
    from core.accounts.models import User


def admin_opd_id(user) -> int | None:
    """The OPD an OPD administrator manages: the OPD of their own current position."""

    employee = getattr(user, "employee", None)
    if employee is None:
        return None
    assignment = position_on(employee)
    return assignment.position.org_unit.opd_id if assignment else None


def _in_opd(opd_id: int | None) -> Q:
    if opd_id is None:
        return Q(pk__in=[])
    return Q(assignments__position__org_unit__opd_id=opd_id, assignments__ends_on__isnull=True)


def visible_employees(user, day: date | None = None) -> QuerySet[Employee]:
    """Own record; plus direct and indirect reports for a supervisor; the whole OPD for
    an OPD admin; everyone for city admins, executives and inspectors."""
    if not (user and user.is_authenticated and user.is_active):
        return Employee.objects.none()
    if user.role in CITY_WIDE_READERS:
        return Employee.objects.all()
    own = getattr(user, "employee", None)
    condition = Q(pk=own.pk) if own is not None else Q(pk__in=[])
    if user.role == Role.OPD_ADMIN:
        opd_ids = Employee.objects.filter(_in_opd(admin_opd_id(user))).values("pk")
        condition |= Q(pk__in=opd_ids)
    if own is not None:
        reports = subordinates_of(own, day, indirect=True).values("pk")
        condition |= Q(pk__in=reports)
    return Employee.objects.filter(condition)


def get_employee_for_viewer(user, employee_id: int) -> Employee:
    """One employee the user may see, or Http404."""
    try:
        return visible_employees(user).get(pk=employee_id)
    except Employee.DoesNotExist as exc:
        raise Http404 from exc


def can_read_people(user) -> bool:
    """The employee list: supervisors, OPD admins and city-wide readers (not plain ASN)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.role in CITY_WIDE_READERS or user.role == Role.OPD_ADMIN or user.is_supervisor


def require_people_reader(user) -> None:

    if can_read_people(user):
        return
    raise PermissionDenied(_("Your role does not allow this."))


def can_manage(user, employee: Employee) -> bool:
    """City admins manage everyone; OPD admins the people of their own OPD."""
    if not user.is_active:
        return False
    if user.role == Role.CITY_ADMIN:
        return True
    if user.role == Role.OPD_ADMIN:
        opd = admin_opd_id(user)
        return opd is not None and Employee.objects.filter(_in_opd(opd), pk=employee.pk).exists()
    return False


class DutyRefused(PermissionDenied):
    """A separation-of-duties refusal; its message is the sentence to show (403)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def opd_of(employee_id: int, day: date | None = None) -> int | None:
    """The OPD of a person's position on `day` (today by default)."""

    employee = Employee(pk=employee_id)
    assignment = position_on(employee, day)
    return assignment.position.org_unit.opd_id if assignment else None


def duty_actor(actor: Actor | User, *, with_opd: bool = True) -> DutyActor:
    """The plain `DutyActor` of a user (or of a system process: a seed, a command).

    `with_opd=False` skips looking up an OPD admin's OPD (supervisor duties need none).
    """
    if isinstance(actor, Actor):
        if actor.user is None:
            return DutyActor(system=True)
        actor = actor.user
    employee = getattr(actor, "employee", None)
    role = getattr(actor, "role", "")
    return DutyActor(
        role=role,
        user_id=actor.pk,
        employee_id=employee.pk if employee is not None else None,
        opd_id=admin_opd_id(actor) if with_opd and role == Role.OPD_ADMIN else None,
    )


def require_duty(
    actor: Actor | User,
    duty: Duty,
    employee_id: int | None,
    *,
    day: date | None = None,
    to_opd_id: int | None = None,
    supervisor_ids: frozenset[int] = frozenset(),
    requested_by_user_id: int | None = None,
) -> None:
    """Refuse (DutyRefused, a 403 with a sentence) unless core.accounts.duties allows it."""
    who = duty_actor(actor, with_opd=duty in ADMIN_DUTIES)
    needs_opd = duty in ADMIN_DUTIES and who.role == Role.OPD_ADMIN
    target = DutyTarget(
        employee_id=employee_id,
        opd_id=opd_of(employee_id, day) if needs_opd and employee_id else None,
        to_opd_id=to_opd_id,
        supervisor_ids=supervisor_ids,
        requested_by_user_id=requested_by_user_id,
    )
    decision = may(who, duty, target)
    if not decision:
        raise DutyRefused(decision.reason, decision.code)
