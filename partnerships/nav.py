from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from partnerships.access import can_see_partnerships

ITEMS = [
    NavItem(_("Partnerships"), "partnerships:index", allowed=can_see_partnerships, order=85),
    NavItem(
        _("Partnerships"),
        "partnerships:index",
        allowed=can_see_partnerships,
        public_site=True,
        order=40,
    ),
]
