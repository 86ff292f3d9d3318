from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(_("Billing"), "billing:index", frozenset({Role.OPERATOR}), public_site=True, order=40),
    NavItem(_("Billing"), "support:billing", frozenset({Role.CITY_ADMIN}), order=95),
]
