from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

# Officers (ASN assigned to a source) reach the pages from their start page link or the
# address; the menu filters by role only, and most ASN have no business here.
ITEMS = [
    NavItem(
        _("Revenue (PAD)"),
        "revenue:index",
        frozenset({Role.EXECUTIVE, Role.CITY_ADMIN, Role.INSPECTOR, Role.OPD_ADMIN}),
        order=70,
    ),
    NavItem(
        _("Revenue across cities"),
        "apeksi_revenue:comparison",
        frozenset({Role.OPERATOR}),
        order=70,
        public_site=True,
    ),
]
