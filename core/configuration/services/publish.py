"""Exporting the city's configuration as template content (publishing back to the catalogue)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.configuration import rules
from core.configuration.services.common import ConfigurationError
from core.configuration.services.state import active_flags, city_items, origins


def export_content(
    sections: Iterable[str],
    *,
    meta: Mapping[str, Any],
    keys: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, Any]:
    """The city's configuration (chosen sections, optionally chosen items) as template
    content. Values still equal to what the city took keep their upstream annotations;
    values the city set itself are marked `note: "set by <city>"` and `default: true`
    (a template default for whoever adopts them)."""
    sections = [s for s in sections if s in rules.SECTIONS]
    if not sections:
        raise ConfigurationError(_("Choose at least one part of the configuration."))
    current = city_items()
    flags = active_flags()
    known = origins()
    items: dict[str, dict[str, Any]] = {}
    for section in sections:
        chosen = set(keys[section]) if keys and section in keys else None
        values = {}
        for key, value in current.get(section, {}).items():
            if chosen is not None and key not in chosen:
                continue
            if not flags.get((section, key), True):
                continue
            values[key] = _annotated(section, value, known.get((section, key)), meta)
        items[section] = values
    return rules.content_from_items(items, meta)


def _annotated(
    section: str, value: Any, origin: tuple[str, Any] | None, meta: Mapping[str, Any]
) -> Any:
    if section in ("branding", "terminology"):
        return value
    shape = _SHAPES.get(section, _without_empty(()))
    plain = shape(copy.deepcopy(rules.comparable(section, value)))
    if origin is not None and rules.comparable(section, origin[1]) == rules.comparable(
        section, value
    ):
        upstream = origin[1] or {}
        plain.update({k: upstream[k] for k in rules.ANNOTATIONS if k in upstream})
    else:
        plain["default"] = True
        plain["note"] = f"set by {meta.get('source_city', '')}".strip()
    return plain


def _without_empty(keys: tuple[str, ...]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Drop the optional `keys` a template leaves out when they are empty."""

    def shape(plain: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in plain.items() if k not in keys or v}

    return shape


def _attendance_cut(plain: dict[str, Any]) -> dict[str, Any]:
    plain = {**plain, "percent": rules._json_number(plain["percent"])}
    plain = {k: v for k, v in plain.items() if v is not None or k == "max_minutes"}
    if plain.get("kind") != "late_or_early":
        plain.pop("max_minutes", None)
    return plain


def _distribution_rule(plain: dict[str, Any]) -> dict[str, Any]:
    bounds = [
        {**b, **({"percent": rules._json_number(b["percent"])} if "percent" in b else {})}
        for b in plain["bounds"]
    ]
    return {**plain, "bounds": bounds}


# How each section's item is written in template content.
_SHAPES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "policy": lambda plain: {"value": plain["value"]},
    "attendance_cuts": _attendance_cut,
    "distribution_rules": _distribution_rule,
    "organisation": _without_empty(("parent", "pattern")),
    "activities": _without_empty(("family",)),
    "indicators": _without_empty(("family",)),
}
