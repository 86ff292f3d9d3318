"""Who may see which employees. Pages and the API both go through these functions.

An employee outside what the user may see is a 404 (the same answer as "does not
exist"); a role that may not use a page at all is a 403.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.people.hierarchy import subordinates_of
from core.people.models import Employee


def admin_opd_id(user) -> int | None:
    """The OPD an OPD administrator manages: the OPD of their own current position."""
    from core.people.hierarchy import position_on

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
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

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
