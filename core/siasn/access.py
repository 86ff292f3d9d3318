"""Who may use the SIASN link: the city administrator (BKPSDM) only.

Everyone else is refused with 403 (the menu never shows it to them); an object of
another city does not exist in this schema, so it is a 404 by construction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.accounts.roles import Role


def can_manage(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.CITY_ADMIN)


def require_manager(user) -> None:
    if not can_manage(user):
        raise PermissionDenied(_("Only the city administrator manages the link with BKN SIASN."))
