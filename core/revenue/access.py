"""Who may see and change revenue data. Pages and the API both go through here.

- the mayor/city secretary (executive), city admin and inspector read every source;
- the revenue agency: the OPD admin of a source's responsible OPD, and staff assigned
  to a source (officers), read and enter the realisation of those sources;
- the city admin configures sources and targets and may enter everything;
- closing a month: city admin, or an OPD admin responsible for at least one source;
- anyone else (e.g. plain ASN of other OPDs) is refused with 403.
A source outside what the user may see is a 404, like one that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.people.access import admin_opd_id
from core.revenue.models import RevenueSource


def _agency_condition(user) -> Q:
    """Sources the user answers for as OPD admin of their OPD or as an officer."""
    condition = Q(pk__in=[])
    if user.role == Role.OPD_ADMIN:
        opd_id = admin_opd_id(user)
        if opd_id is not None:
            condition |= Q(opd_id=opd_id)
    employee = getattr(user, "employee", None)
    if employee is not None:
        condition |= Q(officers__employee=employee)
    return condition


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def readable_sources(user) -> QuerySet[RevenueSource]:
    if not _signed_in(user):
        return RevenueSource.objects.none()
    if user.role in CITY_WIDE_READERS:
        return RevenueSource.objects.all()
    return RevenueSource.objects.filter(_agency_condition(user)).distinct()


def writable_sources(user) -> QuerySet[RevenueSource]:
    """Sources whose realisation this user may enter or import (inspector/executive: none)."""
    if not _signed_in(user) or user.role in (Role.INSPECTOR, Role.EXECUTIVE):
        return RevenueSource.objects.none()
    if user.role == Role.CITY_ADMIN:
        return RevenueSource.objects.all()
    return RevenueSource.objects.filter(_agency_condition(user)).distinct()


def can_read(user) -> bool:
    """Whether the revenue pages open for this user (the menu shows them exactly then)."""
    if not _signed_in(user):
        return False
    return user.role in CITY_WIDE_READERS or readable_sources(user).exists()


def can_write(user) -> bool:
    """Whether the realisation and import pages open for this user."""
    return _signed_in(user) and (user.role == Role.CITY_ADMIN or writable_sources(user).exists())


def require_reader(user) -> QuerySet[RevenueSource]:
    """The sources the user may read; 403 when they may read none (not revenue staff)."""
    sources = readable_sources(user)
    if not can_read(user):
        raise PermissionDenied(_("Only the mayor, the revenue agency and auditors see revenue."))
    return sources


def require_writer(user) -> QuerySet[RevenueSource]:
    sources = writable_sources(user)
    if not can_write(user):
        raise PermissionDenied(_("Your role does not allow entering revenue."))
    return sources


def require_configurer(user) -> None:
    """Sources, targets and revenue-fed indicators: the city administrator."""
    if not (_signed_in(user) and user.role == Role.CITY_ADMIN):
        raise PermissionDenied(_("Only the city administrator configures revenue."))


def can_close(user) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.CITY_ADMIN:
        return True
    if user.role != Role.OPD_ADMIN:
        return False
    opd_id = admin_opd_id(user)
    return opd_id is not None and RevenueSource.objects.filter(opd_id=opd_id).exists()


def require_closer(user) -> None:
    if not can_close(user):
        raise PermissionDenied(_("Your role does not allow closing or correcting revenue."))


def get_source_for_reader(user, code: str) -> RevenueSource:
    source = require_reader(user).filter(code=code).first()
    if source is None:
        raise Http404
    return source


def get_source_for_writer(user, code: str) -> RevenueSource:
    """A source the user may enter; 404 when unknown or not visible, 403 when read-only."""
    source = get_source_for_reader(user, code)
    if not writable_sources(user).filter(pk=source.pk).exists():
        raise PermissionDenied(_("Your role does not allow entering revenue."))
    return source


def get_source_for_corrector(user, code: str) -> RevenueSource:
    """Corrections: city admin for any source, OPD admin for their OPD's sources."""
    require_closer(user)
    source = get_source_for_reader(user, code)
    if user.role != Role.CITY_ADMIN and source.opd_id != admin_opd_id(user):
        raise PermissionDenied(_("Your role does not allow closing or correcting revenue."))
    return source
