from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(
        _("Configuration"),
        "configuration:index",
        frozenset({Role.CITY_ADMIN, Role.EXECUTIVE, Role.INSPECTOR}),
        order=80,
    ),
]
