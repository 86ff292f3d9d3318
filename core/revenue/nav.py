from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem
from core.revenue.access import can_read

ITEMS = [
    # Whoever the revenue pages open for: city-wide readers, the revenue agency's OPD
    # admin and assigned officers (never an OPD admin of an OPD without sources).
    NavItem(_("Revenue (PAD)"), "revenue:index", allowed=can_read, order=70, primary=True),
    NavItem(
        _("Revenue across cities"),
        "apeksi_revenue:comparison",
        frozenset({Role.OPERATOR}),
        order=70,
        public_site=True,
    ),
]
