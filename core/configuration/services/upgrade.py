"""Taking items of a newer template version: the three-way comparison and its writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor, as_actor
from core.audit.services import record_event
from core.configuration import rules
from core.configuration.models import (
    ActivityType,
    Adoption,
    Holiday,
    Indicator,
    ItemOrigin,
    SkeletonUnit,
)
from core.configuration.services.adoption import _record_origins, _write_items
from core.configuration.services.common import ConfigurationError
from core.configuration.services.state import active_flags, adoption_state, city_items, origins

if TYPE_CHECKING:
    from core.accounts.models import User


@transaction.atomic
def take_items(
    content: Mapping[str, Any],
    *,
    slug: str,
    version: int,
    keys: Iterable[tuple[str, str]] | None,
    actor: Actor | User,
) -> list[rules.ItemChange]:
    """Take items of a template into the city's configuration.

    `keys=None` takes every clean (non-conflicting) upstream change; otherwise exactly
    the listed (section, key) items, conflicts and removals included, which a person
    chose one by one. A removal deactivates the item (never deletes it). Returns the
    changes applied.
    """
    changes = compare(content, slug=slug)
    by_key = {(c.section, c.key): c for c in changes}
    if keys is None:
        chosen = [c for c in changes if c.clean]
    else:
        wanted = list(dict.fromkeys((k[0], k[1]) for k in keys))
        unknown = [k for k in wanted if k not in by_key or not by_key[k].takeable]
        if unknown:
            raise ConfigurationError(
                _("Nothing to take for: %(items)s.")
                % {"items": ", ".join(":".join(k) for k in unknown)}
            )
        chosen = [by_key[k] for k in wanted]
    if not chosen:
        return []
    taken: dict[str, dict[str, Any]] = {}
    removed: list[rules.ItemChange] = []
    for change in chosen:
        if change.kind is rules.ChangeKind.UPSTREAM_REMOVED:
            removed.append(change)
        else:
            taken.setdefault(change.section, {})[change.key] = change.new
    if taken:
        _write_items(taken, slug=slug, version=version, full=False)
    _apply_removals(removed)
    if keys is None:
        _refresh_same_origins(changes, slug=slug, version=version)
    Adoption.objects.create(
        source_template=slug,
        source_version=version,
        kind="take",
        items=len(chosen),
        actor_label=as_actor(actor).label,
    )
    record_event(
        actor=actor,
        action="configuration.take",
        object_type="configuration.template",
        object_id=f"{slug}@{version}",
        before={f"{c.section}:{c.key}": c.current for c in chosen},
        after={
            f"{c.section}:{c.key}": (None if c.kind is rules.ChangeKind.UPSTREAM_REMOVED else c.new)
            for c in chosen
        },
        reason=f"{len(chosen)} item(s) taken from {slug}@{version}",
    )
    return chosen


def _apply_removals(removed: list[rules.ItemChange]) -> None:
    """An upstream removal deactivates the item; its origin is dropped (it is the city's now)."""
    models_by_section = {
        "activities": (ActivityType, "code"),
        "indicators": (Indicator, "code"),
        "organisation": (SkeletonUnit, "code"),
        "holidays": (Holiday, "date"),
    }
    for section, (model, key_field) in models_by_section.items():
        keys = [c.key for c in removed if c.section == section]
        if keys:
            model._default_manager.filter(**{f"{key_field}__in": keys}).update(is_active=False)
    for change in removed:
        ItemOrigin.objects.filter(section=change.section, key=change.key).delete()


def _refresh_same_origins(changes: list[rules.ItemChange], *, slug: str, version: int) -> None:
    """Items already equal to the new version now count as coming from it."""
    same: dict[str, dict[str, Any]] = {}
    for change in changes:
        if change.kind is rules.ChangeKind.SAME and change.new is not None:
            same.setdefault(change.section, {})[change.key] = change.new
    _record_origins(same, slug=slug, version=version)
    codes = {s: list(v) for s, v in same.items()}
    for section, model in (("activities", ActivityType), ("indicators", Indicator)):
        if codes.get(section):
            model.objects.filter(code__in=codes[section]).update(
                source_template=slug, source_version=version
            )


def compare(content: Mapping[str, Any], *, slug: str) -> list[rules.ItemChange]:
    """Three-way comparison of this city's configuration with a template's content."""
    state = adoption_state()
    return rules.three_way(
        current=city_items(),
        new=rules.items_from_content(content),
        origins=origins(),
        new_slug=slug,
        adopted_slug=state.source_template if state else "",
        active=active_flags(),
    )
