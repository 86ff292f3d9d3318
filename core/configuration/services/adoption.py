"""Adopting a whole template into a new city's configuration tables."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor, as_actor
from core.audit.services import record_event
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
from core.configuration.services.common import (
    ACTIVITY_FIELDS,
    ADOPTED_POLICY_FROM,
    INDICATOR_FIELDS,
    ConfigurationError,
    _save_policy,
)
from core.configuration.services.state import current_policy_version, is_adopted

if TYPE_CHECKING:
    from core.accounts.models import User


@transaction.atomic
def adopt_template(
    content: Mapping[str, Any], *, slug: str, version: int, actor: Actor | User
) -> Adoption:
    """Copy a whole template into this (new) city's configuration tables.

    Refused when the city already has a configuration: later versions are taken
    through the comparison (`take_items`), which never overwrites silently.
    """
    if is_adopted():
        raise ConfigurationError(_("This city has already adopted a model template."))
    items = rules.items_from_content(content)
    _write_items(items, slug=slug, version=version, full=True)
    adoption = Adoption.objects.create(
        source_template=slug,
        source_version=version,
        kind="adopt",
        items=sum(len(v) for v in items.values()),
        actor_label=as_actor(actor).label,
    )
    record_event(
        actor=actor,
        action="configuration.adopt",
        target=adoption,
        after={
            "template": f"{slug}@{version}",
            "items": {section: len(values) for section, values in items.items()},
        },
    )
    return adoption


def _write_items(
    items: Mapping[str, Mapping[str, Any]], *, slug: str, version: int, full: bool
) -> None:
    """Insert or update rows for `items` and record their origin. Set-based."""
    _write_catalogue(items, slug=slug, version=version)
    _write_city_rows(items)
    _write_policy(items, slug=slug, version=version, full=full)
    _record_origins(items, slug=slug, version=version)


def _write_catalogue(items: Mapping[str, Mapping[str, Any]], *, slug: str, version: int) -> None:
    """Activities and indicators, each remembering the template version it came from."""
    for section, model, fields in (
        ("activities", ActivityType, ACTIVITY_FIELDS),
        ("indicators", Indicator, INDICATOR_FIELDS),
    ):
        if section not in items:
            continue
        _upsert(
            model,
            "code",
            {
                code: {
                    **{f: rules.comparable(section, v)[f] for f in fields},
                    "is_active": True,
                    "source_template": slug,
                    "source_version": version,
                }
                for code, v in items[section].items()
            },
        )


def _write_city_rows(items: Mapping[str, Mapping[str, Any]]) -> None:
    """Holidays, the organisation skeleton, terms and branding."""
    if "holidays" in items:
        _upsert(
            Holiday,
            "date",
            {
                date.fromisoformat(k): {"name": v["name"], "kind": v["kind"], "is_active": True}
                for k, v in items["holidays"].items()
            },
        )
    if "organisation" in items:
        _upsert(
            SkeletonUnit,
            "code",
            {
                code: {
                    "name": v["name"],
                    "kind": v["kind"],
                    "parent_code": v.get("parent", ""),
                    "is_pattern": bool(v.get("pattern", False)),
                    "note": v.get("note", "")[:300],
                    "is_active": True,
                }
                for code, v in items["organisation"].items()
            },
        )
    if "terminology" in items:
        _upsert(Term, "key", {k: {"value": v["value"]} for k, v in items["terminology"].items()})
    if "branding" in items:
        values = {k: v["value"] for k, v in items["branding"].items()}
        Branding.objects.update_or_create(pk=1, defaults=values)


def _write_policy(
    items: Mapping[str, Mapping[str, Any]], *, slug: str, version: int, full: bool
) -> None:
    """The policy sections: a whole adoption sets the adopted policy; taking items lays
    them over the current policy from the first open month on."""
    policy_items = {s: items[s] for s in rules.POLICY_SECTIONS if s in items}
    if not policy_items:
        return
    if full:
        data = rules.policy_data_from_items(policy_items)
    else:
        current = rules.items_from_policy_data(current_policy_version().data)
        for section, values in policy_items.items():
            current.setdefault(section, {}).update(values)
        data = rules.policy_data_from_items(current)
    problems = rules.policy_problems(data)
    if problems:
        raise ConfigurationError(problems)
    if full:
        PolicyVersion.objects.update_or_create(
            effective_from=ADOPTED_POLICY_FROM,
            defaults={
                "data": data,
                "changed_by": f"{slug}@{version}",
                "note": f"adopted from {slug}@{version}",
            },
        )
    else:
        _save_policy(data, changed_by=f"{slug}@{version}")


def _upsert(model, key_field: str, rows: Mapping[Any, Mapping[str, Any]]) -> None:
    if not rows:
        return
    fields = list(next(iter(rows.values())).keys())
    model.objects.bulk_create(
        [model(**{key_field: key, **values}) for key, values in rows.items()],
        update_conflicts=True,
        unique_fields=[key_field],
        update_fields=fields,
    )


def _record_origins(items: Mapping[str, Mapping[str, Any]], *, slug: str, version: int) -> None:
    rows = [
        ItemOrigin(
            section=section, key=key, source_template=slug, source_version=version, upstream=value
        )
        for section, values in items.items()
        for key, value in values.items()
    ]
    ItemOrigin.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["section", "key"],
        update_fields=["source_template", "source_version", "upstream", "taken_at"],
    )
