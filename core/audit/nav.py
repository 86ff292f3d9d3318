from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

# The view's `role_required` (inspector) decides who sees this entry.
ITEMS = [NavItem(_("Audit trail"), "audit:trail", order=90, primary=True)]
