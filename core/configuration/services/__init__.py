"""Writes to a city's configuration: adoption, edits, and taking template items.

Every function is one unit of work in one transaction and writes an audit event.
Template content arrives as plain data (the catalogue lives in the public schema and
is read by the caller); nothing here reads the catalogue.

One module per responsibility; the public names are re-exported here, so callers keep
importing them from `core.configuration.services`.
"""

from core.configuration.services.adoption import adopt_template
from core.configuration.services.branding import set_term, update_branding
from core.configuration.services.calendar import add_holiday, deactivate_holiday
from core.configuration.services.catalogue import (
    create_activity,
    create_indicator,
    update_activity,
    update_indicator,
)
from core.configuration.services.common import (
    ACTIVITY_FIELDS,
    ADOPTED_POLICY_FROM,
    INDICATOR_FIELDS,
    ConfigurationError,
)
from core.configuration.services.publish import export_content
from core.configuration.services.state import (
    active_flags,
    adoption_state,
    city_items,
    current_policy_version,
    is_adopted,
    origin_versions,
    origins,
)
from core.configuration.services.tpp_policy import update_policy
from core.configuration.services.upgrade import compare, take_items

__all__ = [
    "ACTIVITY_FIELDS",
    "ADOPTED_POLICY_FROM",
    "INDICATOR_FIELDS",
    "ConfigurationError",
    "active_flags",
    "add_holiday",
    "adopt_template",
    "adoption_state",
    "city_items",
    "compare",
    "create_activity",
    "create_indicator",
    "current_policy_version",
    "deactivate_holiday",
    "export_content",
    "is_adopted",
    "origin_versions",
    "origins",
    "set_term",
    "take_items",
    "update_activity",
    "update_branding",
    "update_indicator",
    "update_policy",
]
