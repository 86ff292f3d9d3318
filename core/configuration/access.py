"""Who may read and change the city's configuration.

Reading: city admin, executive and inspector (city-wide readers). Changing: the city
admin only. Anyone else gets PermissionDenied; an unknown item is Http404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.configuration.models import ActivityType, Holiday, Indicator

EDITORS = frozenset({Role.CITY_ADMIN})
READERS = CITY_WIDE_READERS


def can_edit(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*EDITORS))


def can_read(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*READERS))


def require_reader(user) -> None:
    if not can_read(user):
        raise PermissionDenied(
            _("Only the city administrator, executives and inspectors can see the configuration.")
        )


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied(_("Only the city administrator can change the configuration."))


def get_activity_for_editor(user, code: str) -> ActivityType:
    require_editor(user)
    try:
        return ActivityType.objects.get(code=code)
    except ActivityType.DoesNotExist as exc:
        raise Http404(_("No such activity.")) from exc


def get_indicator_for_editor(user, code: str) -> Indicator:
    require_editor(user)
    try:
        return Indicator.objects.get(code=code)
    except Indicator.DoesNotExist as exc:
        raise Http404(_("No such indicator.")) from exc


def get_holiday_for_editor(user, pk: int) -> Holiday:
    require_editor(user)
    try:
        return Holiday.objects.get(pk=pk)
    except Holiday.DoesNotExist as exc:
        raise Http404(_("No such holiday.")) from exc
