"""The city admin's edits to the activity and indicator catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit.services import record_event, save_audited
from core.configuration.models import (
    ActivityType,
    Indicator,
)
from core.configuration.services.common import (
    ACTIVITY_FIELDS,
    INDICATOR_FIELDS,
    ConfigurationError,
    _row_snapshot,
)

if TYPE_CHECKING:
    from core.accounts.models import User


_Item = TypeVar("_Item", ActivityType, Indicator)


def _activity_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {f: data[f] for f in ACTIVITY_FIELDS if f in data}
    problems = []
    if "name" in values and len(str(values["name"]).strip()) < 3:
        problems.append(_("The name needs at least 3 characters."))
    if "output_unit" in values and not str(values["output_unit"]).strip():
        problems.append(_("Give the output unit, e.g. “dokumen”."))
    if "standard_minutes" in values:
        try:
            minutes = int(values["standard_minutes"])
        except (TypeError, ValueError):
            minutes = 0
        if not 1 <= minutes <= 480:
            problems.append(_("Standard minutes must be between 1 and 480."))
        values["standard_minutes"] = minutes
    if "position_types" in values:
        allowed = {
            "JPT_UTAMA",
            "JPT_MADYA",
            "JPT_PRATAMA",
            "ADMINISTRATOR",
            "PENGAWAS",
            "FUNGSIONAL",
            "PELAKSANA",
        }
        types = sorted(set(values["position_types"] or []))
        if not types or not set(types) <= allowed:
            problems.append(_("Choose at least one valid position type."))
        values["position_types"] = types
    if problems:
        raise ConfigurationError(problems)
    return values


@transaction.atomic
def create_activity(data: Mapping[str, Any], *, actor: Actor | User) -> ActivityType:
    code = _new_item_code(data)
    values = _activity_values({"family": "", "evidence_required": True, **data})
    return _create_item(
        ActivityType,
        code,
        values,
        ACTIVITY_FIELDS,
        action="configuration.activity.create",
        taken=_("An activity with the code “%(code)s” already exists."),
        actor=actor,
    )


@transaction.atomic
def update_activity(
    activity: ActivityType, data: Mapping[str, Any], *, actor: Actor | User
) -> ActivityType:
    activity = ActivityType.objects.select_for_update().get(pk=activity.pk)
    return _update_item(activity, _activity_values(data), data, ACTIVITY_FIELDS, actor=actor)


def _indicator_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {f: data[f] for f in INDICATOR_FIELDS if f in data}
    problems = []
    if "name" in values and len(str(values["name"]).strip()) < 3:
        problems.append(_("The name needs at least 3 characters."))
    if "unit" in values and not str(values["unit"]).strip():
        problems.append(_("Give the unit, e.g. “%” or “dokumen”."))
    if "direction" in values and values["direction"] not in ("higher", "lower"):
        problems.append(_("Direction is “higher” or “lower” is better."))
    if "measurement" in values and values["measurement"] not in (
        "quantity",
        "quality",
        "time",
        "cost",
    ):
        problems.append(_("Measurement is quantity, quality, time or cost."))
    if problems:
        raise ConfigurationError(problems)
    return values


@transaction.atomic
def create_indicator(data: Mapping[str, Any], *, actor: Actor | User) -> Indicator:
    code = _new_item_code(data)
    values = _indicator_values({"family": "", **data})
    missing = [f for f in ("name", "unit", "direction", "measurement") if f not in values]
    if missing:
        raise ConfigurationError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    return _create_item(
        Indicator,
        code,
        values,
        INDICATOR_FIELDS,
        action="configuration.indicator.create",
        taken=_("An indicator with the code “%(code)s” already exists."),
        actor=actor,
    )


def _new_item_code(data: Mapping[str, Any]) -> str:
    code = str(data.get("code", "")).strip().upper()
    if not code or len(code) > 30:
        raise ConfigurationError(_("Give a code of at most 30 characters."))
    return code


def _create_item(
    model: type[_Item],
    code: str,
    values: dict[str, Any],
    item_fields: Iterable[str],
    *,
    action: str,
    taken: str,
    actor: Actor | User,
) -> _Item:
    """Create a catalogue item under a code not yet used, audited."""
    if model.objects.filter(code=code).exists():
        raise ConfigurationError(taken % {"code": code})
    item = model.objects.create(code=code, **values)
    record_event(
        actor=actor,
        action=action,
        target=item,
        after=_row_snapshot(item, ("code", *item_fields, "is_active")),
    )
    return item


@transaction.atomic
def update_indicator(
    indicator: Indicator, data: Mapping[str, Any], *, actor: Actor | User
) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    return _update_item(indicator, _indicator_values(data), data, INDICATOR_FIELDS, actor=actor)


def _update_item(
    item, values: dict[str, Any], data: Mapping[str, Any], item_fields, *, actor: Actor | User
):
    """Apply validated `values` (and `is_active`) to a locked catalogue item, audited."""
    fields = (*item_fields, "is_active")
    if "is_active" in data:
        values["is_active"] = bool(data["is_active"])
    before = _row_snapshot(item, fields)
    for field, value in values.items():
        setattr(item, field, value)
    after = _row_snapshot(item, fields)
    if after == before:
        return item
    kind = "activity" if isinstance(item, ActivityType) else "indicator"
    save_audited(
        item,
        values,
        actor=actor,
        action=f"configuration.{kind}.update",
        before=before,
        after=after,
    )
    return item
