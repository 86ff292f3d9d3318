from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(_("Log work"), "performance:log", roles=frozenset({Role.ASN}), order=10),
    NavItem(_("My month"), "performance:me", roles=frozenset({Role.ASN}), order=11),
    NavItem(
        _("Verify"), "performance:verify", roles=frozenset({Role.ASN}), supervisors=True, order=12
    ),
    NavItem(
        _("My team"), "performance:team", roles=frozenset({Role.ASN}), supervisors=True, order=13
    ),
    NavItem(
        _("City dashboard"),
        "performance:city",
        roles=frozenset({Role.CITY_ADMIN, Role.EXECUTIVE, Role.INSPECTOR}),
        order=20,
    ),
    NavItem(_("OPD dashboard"), "performance:opd", roles=frozenset({Role.OPD_ADMIN}), order=21),
    NavItem(
        _("Periods"),
        "performance:periods",
        roles=frozenset({Role.CITY_ADMIN, Role.OPD_ADMIN}),
        order=22,
    ),
    NavItem(
        _("Corrections to approve"),
        "performance:corrections",
        roles=frozenset({Role.CITY_ADMIN, Role.OPD_ADMIN}),
        order=24,
    ),
    NavItem(
        _("Attendance import"),
        "performance:attendance",
        roles=frozenset({Role.CITY_ADMIN}),
        order=23,
    ),
]
