"""Object access for daily work. An object outside the user's reach is a 404 (the same
answer as "does not exist"); a role or relation that may not act on it is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.people.access import admin_opd_id, visible_employees
from core.people.hierarchy import supervisor_id_of
from core.people.models import Employee
from core.performance.models import ActivityEntry


def get_entry_for_verifier(user, entry_id: int, *, lock: bool = False) -> ActivityEntry:
    """An entry the user may approve or reject.

    The verifier is the person's supervisor on the entry's date (acting included) or the
    supervisor it was escalated to. Nobody verifies their own work (403); an entry of
    someone the user does not supervise is a 404, as for one that does not exist.
    """
    employee = getattr(user, "employee", None)
    if employee is None:
        raise Http404
    queryset = ActivityEntry.objects.select_related("employee", "activity_type")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    entry = queryset.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    if entry.employee_id == employee.pk:
        raise PermissionDenied(_("Nobody verifies their own work."))
    if entry.verifier_id == employee.pk:
        return entry
    if supervisor_id_of(entry.employee_id, entry.day) != employee.pk:
        raise Http404
    return entry


def get_employee_for_supervisor(user, employee_id: int, day=None) -> Employee:
    """A direct report of the user on `day` (for ratings and targets), else 404 / 403."""
    own = getattr(user, "employee", None)
    if own is None:
        raise Http404
    if own.pk == employee_id:
        raise PermissionDenied(_("You cannot rate or set targets for yourself."))
    employee = Employee.objects.filter(pk=employee_id).first()
    if employee is None:
        raise Http404
    if supervisor_id_of(employee.pk, day) != own.pk:
        raise Http404
    return employee


def get_employee_for_viewer(user, employee_id: int) -> Employee:
    employee = visible_employees(user).filter(pk=employee_id).first()
    if employee is None:
        raise Http404
    return employee


def closing_scope(user) -> int | None:
    """The OPD an administrator closes for: None for a city admin (the whole city)."""
    if user.has_role(Role.CITY_ADMIN):
        return None
    if user.has_role(Role.OPD_ADMIN):
        opd_id = admin_opd_id(user)
        if opd_id is None:
            raise PermissionDenied(_("Your account is not placed in an OPD."))
        return opd_id
    raise PermissionDenied(_("Your role does not allow this."))


def can_read_city(user) -> bool:
    return user.is_authenticated and user.role in CITY_WIDE_READERS


def does_daily_work(user) -> bool:
    """Daily-work pages (log, my month, verify, team) need an employee record
    (`employee_of` refuses without one)."""
    return bool(user.is_authenticated and getattr(user, "employee", None) is not None)


def supervises(user) -> bool:
    """Verify and team pages: an employee who supervises someone today (acting included)."""
    return does_daily_work(user) and bool(getattr(user, "is_supervisor", False))


def manages_an_opd(user) -> bool:
    """The OPD dashboard without a chosen OPD: an OPD administrator placed in an OPD."""
    return bool(user.is_authenticated and user.has_role(Role.OPD_ADMIN) and admin_opd_id(user))
