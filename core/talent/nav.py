from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.talent.access import can_see_grid

ITEMS = [
    NavItem(_("SKP"), "talent:skp_list", order=40),
    NavItem(_("Talent"), "talent:home", order=45),
    NavItem(_("9-box"), "talent:grid", allowed=can_see_grid, order=46),
]
