"""Who may do what. Platform roles live in the public schema, city roles in a city's.

The supervisor role is not stored: it follows from the position tree
(core.people), acting appointments included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.typing import Text

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    # platform staff (public schema)
    OPERATOR = "operator"
    TRAINER = "trainer"
    # city users (a city's schema)
    ASN = "asn"
    OPD_ADMIN = "opd_admin"
    CITY_ADMIN = "city_admin"
    EXECUTIVE = "executive"
    INSPECTOR = "inspector"


ROLE_LABELS: dict[str, Text] = {
    Role.OPERATOR: _("Platform operator"),
    Role.TRAINER: _("Trainer"),
    Role.ASN: _("ASN"),
    Role.OPD_ADMIN: _("OPD administrator"),
    Role.CITY_ADMIN: _("City administrator (BKPSDM)"),
    Role.EXECUTIVE: _("Mayor / city secretary"),
    Role.INSPECTOR: _("Inspector"),
}

PLATFORM_ROLES = frozenset({Role.OPERATOR, Role.TRAINER})
CITY_ROLES = frozenset({Role.ASN, Role.OPD_ADMIN, Role.CITY_ADMIN, Role.EXECUTIVE, Role.INSPECTOR})
# Roles that read everything in their city.
CITY_WIDE_READERS = frozenset({Role.CITY_ADMIN, Role.EXECUTIVE, Role.INSPECTOR})
# Roles that must use two-factor authentication.
TWO_FACTOR_REQUIRED = frozenset({Role.CITY_ADMIN, Role.OPD_ADMIN, Role.OPERATOR})
