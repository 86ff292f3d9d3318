from django.utils.translation import gettext_lazy as _

from core.configuration.access import can_read
from core.navigation import NavItem

ITEMS = [NavItem(_("Configuration"), "configuration:index", allowed=can_read, order=80)]
