from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.organisation.access import STRUCTURE_READERS

ITEMS = [
    NavItem(_("Organisation"), "organisation:tree", roles=frozenset(STRUCTURE_READERS), order=60)
]
