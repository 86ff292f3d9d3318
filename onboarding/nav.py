from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(
        # A short word: the phone's bottom bar gives each entry a fifth of 360 px.
        pgettext_lazy("menu", "Monitoring"),
        "onboarding:monitor",
        frozenset({Role.OPERATOR}),
        public_site=True,
        order=20,
        primary=True,
    ),
    NavItem(
        _("Applications"),
        "onboarding:applications",
        frozenset({Role.OPERATOR}),
        public_site=True,
        order=25,
        primary=True,
    ),
    NavItem(
        _("Pilot cities"),
        "onboarding:pilots",
        frozenset({Role.OPERATOR, Role.TRAINER}),
        public_site=True,
        order=30,
        primary=True,
    ),
    NavItem(_("Go-live"), "support:overview", frozenset({Role.CITY_ADMIN}), order=90),
]
