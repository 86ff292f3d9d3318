from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem
from core.people.access import can_read_people

ITEMS = [
    NavItem(_("Employees"), "people:list", allowed=can_read_people, order=61, primary=True),
    NavItem(_("Import ASN"), "people:import", order=62),
    NavItem(_("Activation letters"), "people:letters", order=63),
]
