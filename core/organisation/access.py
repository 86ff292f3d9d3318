"""Who may see which units and positions: city-wide readers everything, an OPD
administrator their own OPD; other roles none (403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.organisation.models import OrgUnit, Position

STRUCTURE_READERS = frozenset({*CITY_WIDE_READERS, Role.OPD_ADMIN})


def can_read_structure(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*STRUCTURE_READERS))


def require_structure_reader(user) -> None:
    if not can_read_structure(user):
        raise PermissionDenied(_("Your role does not allow this."))


def _opd_of(user) -> int | None:
    from core.people.access import admin_opd_id

    return admin_opd_id(user)


def visible_units(user) -> QuerySet[OrgUnit]:
    require_structure_reader(user)
    units = OrgUnit.objects.all()
    if user.role == Role.OPD_ADMIN:
        units = units.filter(opd_id=_opd_of(user)) if _opd_of(user) else units.none()
    return units


def visible_positions(user) -> QuerySet[Position]:
    require_structure_reader(user)
    positions = Position.objects.select_related("org_unit", "supervisor_position")
    if user.role == Role.OPD_ADMIN:
        opd = _opd_of(user)
        positions = positions.filter(org_unit__opd_id=opd) if opd else positions.none()
    return positions
