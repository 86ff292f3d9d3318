"""Reading the city's configuration state: adoption, item origins, the current policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.configuration import rules
from core.configuration.models import (
    ActivityType,
    Adoption,
    Branding,
    Holiday,
    Indicator,
    ItemOrigin,
    PolicyVersion,
    SkeletonUnit,
    Term,
)
from core.configuration.policy import first_open_month, policy_version_for
from core.configuration.services.common import ACTIVITY_FIELDS, INDICATOR_FIELDS


def adoption_state() -> Adoption | None:
    """The whole-template adoption this city started from (None before adoption)."""
    return Adoption.objects.filter(kind="adopt").order_by("-at", "-id").first()


def is_adopted() -> bool:
    return Adoption.objects.filter(kind="adopt").exists()


def origins() -> dict[tuple[str, str], tuple[str, Any]]:
    return {(o.section, o.key): (o.source_template, o.upstream) for o in ItemOrigin.objects.all()}


def origin_versions() -> dict[tuple[str, str], str]:
    return {
        (section, key): f"{slug}@{version}"
        for section, key, slug, version in ItemOrigin.objects.values_list(
            "section", "key", "source_template", "source_version"
        )
    }


def current_policy_version() -> PolicyVersion:
    year, month = first_open_month()
    return policy_version_for(year, month)


def city_items() -> dict[str, dict[str, Any]]:
    """The city's configuration now, as template items (for comparison and export)."""
    items: dict[str, dict[str, Any]] = {
        "activities": {a["code"]: a for a in ActivityType.objects.values("code", *ACTIVITY_FIELDS)},
        "indicators": {i["code"]: i for i in Indicator.objects.values("code", *INDICATOR_FIELDS)},
        "holidays": {
            d.isoformat(): {"date": d.isoformat(), "name": name, "kind": kind}
            for d, name, kind in Holiday.objects.values_list("date", "name", "kind")
        },
        "organisation": {
            code: {"code": code, "name": name, "kind": kind, "parent": parent, "pattern": pattern}
            for code, name, kind, parent, pattern in SkeletonUnit.objects.values_list(
                "code", "name", "kind", "parent_code", "is_pattern"
            )
        },
        "terminology": {k: {"value": v} for k, v in Term.objects.values_list("key", "value")},
    }
    branding = Branding.objects.filter(pk=1).values(*rules.BRANDING_KEYS).first()
    items["branding"] = {k: {"value": v} for k, v in (branding or {}).items()}
    if PolicyVersion.objects.exists():
        items.update(rules.items_from_policy_data(current_policy_version().data))
    return items


def active_flags() -> dict[tuple[str, str], bool]:
    flags: dict[tuple[str, str], bool] = {}
    for section, model, key_field in (
        ("activities", ActivityType, "code"),
        ("indicators", Indicator, "code"),
        ("organisation", SkeletonUnit, "code"),
        ("holidays", Holiday, "date"),
    ):
        for key, active in model.objects.values_list(key_field, "is_active"):
            flags[(section, key.isoformat() if isinstance(key, date) else key)] = active
    return flags
