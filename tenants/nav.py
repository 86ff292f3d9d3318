from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(
        _("Cities"),
        "console:index",
        frozenset({Role.OPERATOR, Role.TRAINER}),
        public_site=True,
        order=10,
        primary=True,
    ),
]
