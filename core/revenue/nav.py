from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem


def _is_revenue_officer(user) -> bool:
    """ASN assigned to a revenue source see the menu entry; other ASN do not."""
    from core.revenue.access import readable_sources

    return readable_sources(user).exists()


ITEMS = [
    NavItem(
        _("Revenue (PAD)"),
        "revenue:index",
        frozenset({Role.EXECUTIVE, Role.CITY_ADMIN, Role.INSPECTOR, Role.OPD_ADMIN}),
        order=70,
        also_for=_is_revenue_officer,
    ),
    NavItem(
        _("Revenue across cities"),
        "apeksi_revenue:comparison",
        frozenset({Role.OPERATOR}),
        order=70,
        public_site=True,
    ),
]
