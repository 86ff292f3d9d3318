from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem
from core.performance import access

ITEMS = [
    NavItem(
        _("Log work"),
        "performance:log",
        roles=frozenset({Role.ASN}),
        allowed=access.does_daily_work,
        order=10,
        primary=True,
    ),
    NavItem(
        _("My month"),
        "performance:me",
        roles=frozenset({Role.ASN}),
        allowed=access.does_daily_work,
        order=11,
        primary=True,
    ),
    NavItem(_("Verify"), "performance:verify", allowed=access.supervises, order=12, primary=True),
    NavItem(_("My team"), "performance:team", allowed=access.supervises, order=13, primary=True),
    NavItem(
        _("OPD dashboard"),
        "performance:opd",
        allowed=access.manages_an_opd,
        order=21,
        primary=True,
    ),
    NavItem(
        _("Corrections to approve"),
        "performance:corrections",
        roles=frozenset({Role.CITY_ADMIN, Role.OPD_ADMIN}),
        order=24,
    ),
    NavItem(_("Periods"), "performance:periods", order=22, primary=True),
    NavItem(_("Attendance import"), "performance:attendance", order=23),
]
