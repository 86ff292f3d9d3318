"""Object access for daily work. An object outside the user's reach is a 404 (the same
answer as "does not exist"); a role or relation that may not act on it is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.duties import Duty
from core.accounts.roles import CITY_WIDE_READERS, Role
from core.people.access import admin_opd_id, require_duty, visible_employees
from core.people.hierarchy import supervisor_id_of
from core.people.models import Employee
from core.performance.models import ActivityEntry, IndicatorTarget


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
    if entry.verifier_id == employee.pk and entry.employee_id != employee.pk:
        supervisors = frozenset({employee.pk})  # escalated to them, or their report's
    else:
        supervisors = frozenset({supervisor_id_of(entry.employee_id, entry.day)}) - {None}
        if employee.pk not in supervisors and entry.employee_id != employee.pk:
            raise Http404
    require_duty(user, Duty.VERIFY, entry.employee_id, supervisor_ids=supervisors)
    return entry


def get_employee_for_supervisor(
    user, employee_id: int, day=None, *, duty: Duty = Duty.RATE
) -> Employee:
    """A direct report of the user on `day` (for ratings and targets), else 404 / 403.

    Oneself is a 403 with the sentence of core.accounts.duties; someone the user does
    not supervise is a 404.
    """
    own = getattr(user, "employee", None)
    if own is None:
        raise Http404
    if own.pk == employee_id:
        require_duty(user, duty, employee_id)  # refuses: nobody rates or sets their own
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


def _may_see_work_of(user, employee_id: int, day) -> bool:
    """Owner, supervisors (direct, acting, indirect) on `day`, OPD admins of that OPD and
    the city-wide readers: `visible_employees` is the one definition of who sees whom."""
    return visible_employees(user, day).filter(pk=employee_id).exists()


def get_entry_for_evidence(user, entry_id: int) -> ActivityEntry:
    """An activity entry whose evidence the user may download, else 404 (same as missing).

    The owner; the verifier it waits on (escalation included) and the supervisor on that
    date; the OPD admin of the person's OPD; city admins, executives and inspectors.
    """
    entry = ActivityEntry.objects.filter(pk=entry_id).exclude(evidence="").first()
    if entry is None:
        raise Http404
    own = getattr(user, "employee", None)
    if own is not None and entry.verifier_id == own.pk:
        return entry
    if not _may_see_work_of(user, entry.employee_id, entry.day):
        raise Http404
    return entry


def get_target_for_evidence(user, target_id: int) -> IndicatorTarget:
    """A monthly indicator target whose evidence the user may download, else 404."""
    target = (
        IndicatorTarget.objects.select_related("period")
        .filter(pk=target_id)
        .exclude(evidence="")
        .first()
    )
    if target is None:
        raise Http404
    if not _may_see_work_of(user, target.employee_id, None):
        raise Http404
    return target


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
