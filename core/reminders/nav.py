from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.performance import access

ITEMS = [NavItem(_("Reminders"), "reminders:mine", allowed=access.does_daily_work, order=90)]
