from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [
    NavItem(
        _("Incidents"),
        "incidents:list",
        frozenset({Role.OPERATOR}),
        public_site=True,
        order=60,
    ),
]
