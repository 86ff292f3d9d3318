from django.utils.translation import gettext_lazy as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.navigation import NavItem

ITEMS = [
    NavItem(
        _("Employees"),
        "people:list",
        roles=frozenset({*CITY_WIDE_READERS, Role.OPD_ADMIN}),
        supervisors=True,
        order=61,
    ),
    NavItem(_("Import ASN"), "people:import", roles=frozenset({Role.CITY_ADMIN}), order=62),
    NavItem(
        _("Activation letters"),
        "people:letters",
        roles=frozenset({Role.CITY_ADMIN, Role.OPD_ADMIN}),
        order=63,
    ),
]
