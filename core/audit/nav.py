from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.navigation import NavItem

ITEMS = [NavItem(_("Audit trail"), "audit:trail", roles=frozenset({Role.INSPECTOR}), order=90)]
