"""What the configuration services share: the refusal, item fields, snapshots, policy versions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from core.configuration.models import PolicyVersion
from core.configuration.policy import first_open_month

ACTIVITY_FIELDS = (
    "name",
    "family",
    "output_unit",
    "standard_minutes",
    "position_types",
    "evidence_required",
)


INDICATOR_FIELDS = ("name", "family", "unit", "direction", "measurement")


# The adopted policy is in force for every month before the city's first change, so a
# month closed before that change keeps exactly the adopted policy.
ADOPTED_POLICY_FROM = date(2000, 1, 1)


class ConfigurationError(ValidationError):
    """A configuration change was refused; the messages say why."""


def _save_policy(data: Mapping[str, Any], *, changed_by: str, note: str = "") -> PolicyVersion:
    """Store `data` as the policy from the first open month (a new version, or the
    not-yet-used version already starting that month)."""
    year, month = first_open_month()
    version, _created = PolicyVersion.objects.update_or_create(
        effective_from=date(year, month, 1),
        defaults={"data": dict(data), "changed_by": changed_by, "note": note[:300]},
    )
    return version


def _row_snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}
