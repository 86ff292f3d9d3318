from django.utils.translation import gettext_lazy as _

from core.command import access
from core.navigation import NavItem

ITEMS = [
    NavItem(
        _("City dashboard"),
        "command:city",
        allowed=access.can_read_city,
        order=20,
        primary=True,
    ),
    NavItem(
        _("Command centre settings"),
        "command:settings",
        allowed=access.can_configure,
        order=95,
    ),
]
