from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.organisation.access import can_read_structure

ITEMS = [NavItem(_("Organisation"), "organisation:tree", allowed=can_read_structure, order=60)]
