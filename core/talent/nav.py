from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(_("SKP"), "talent:skp_list", order=40),
    NavItem(_("Talent"), "talent:home", order=45),
    NavItem(
        _("9-box"),
        "talent:grid",
        roles=frozenset({Role.CITY_ADMIN, Role.EXECUTIVE, Role.INSPECTOR, Role.OPD_ADMIN}),
        order=46,
    ),
]
