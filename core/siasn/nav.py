from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.siasn.access import can_manage

ITEMS = [NavItem(_("BKN SIASN"), "siasn:index", allowed=can_manage, order=85)]
