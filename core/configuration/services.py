"""Writes to a city's configuration: adoption, edits, and taking template items.

Every function is one unit of work in one transaction and writes an audit event.
Template content arrives as plain data (the catalogue lives in the public schema and
is read by the caller); nothing here reads the catalogue.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor, as_actor
from core.audit.services import record_event
from core.configuration import rules
from core.configuration.context import forget_branding
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
from core.configuration.policy import first_open_month, is_closed_month, policy_version_for

if TYPE_CHECKING:
    from core.accounts.models import User


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


# ---------------------------------------------------------------- state
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


# ---------------------------------------------------------------- adoption
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
    if "activities" in items:
        _upsert(
            ActivityType,
            "code",
            {
                code: {
                    **{f: rules.comparable("activities", v)[f] for f in ACTIVITY_FIELDS},
                    "is_active": True,
                    "source_template": slug,
                    "source_version": version,
                }
                for code, v in items["activities"].items()
            },
        )
    if "indicators" in items:
        _upsert(
            Indicator,
            "code",
            {
                code: {
                    **{f: rules.comparable("indicators", v)[f] for f in INDICATOR_FIELDS},
                    "is_active": True,
                    "source_template": slug,
                    "source_version": version,
                }
                for code, v in items["indicators"].items()
            },
        )
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
    policy_items = {s: items[s] for s in rules.POLICY_SECTIONS if s in items}
    if policy_items:
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
    _record_origins(items, slug=slug, version=version)


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


def _save_policy(data: Mapping[str, Any], *, changed_by: str, note: str = "") -> PolicyVersion:
    """Store `data` as the policy from the first open month (a new version, or the
    not-yet-used version already starting that month)."""
    year, month = first_open_month()
    version, _created = PolicyVersion.objects.update_or_create(
        effective_from=date(year, month, 1),
        defaults={"data": dict(data), "changed_by": changed_by, "note": note[:300]},
    )
    return version


# ---------------------------------------------------------------- taking template items
@transaction.atomic
def take_items(
    content: Mapping[str, Any],
    *,
    slug: str,
    version: int,
    keys: Iterable[tuple[str, str]] | None,
    actor: User,
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
        wanted = list(dict.fromkeys(tuple(k) for k in keys))
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
            model.objects.filter(**{f"{key_field}__in": keys}).update(is_active=False)
    for change in removed:
        ItemOrigin.objects.filter(section=change.section, key=change.key).delete()


def _refresh_same_origins(changes: list[rules.ItemChange], *, slug: str, version: int) -> None:
    """Items already equal to the new version now count as coming from it."""
    same = {}
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


# ---------------------------------------------------------------- export (publish back)
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
    plain = copy.deepcopy(rules.comparable(section, value))
    if section == "policy":
        plain = {"value": plain["value"]}
    if section == "attendance_cuts":
        plain["percent"] = rules._json_number(plain["percent"])
    if section == "distribution_rules":
        plain["bounds"] = [
            {**b, **({"percent": rules._json_number(b["percent"])} if "percent" in b else {})}
            for b in plain["bounds"]
        ]
    if section == "organisation":
        if not plain.get("parent"):
            plain.pop("parent", None)
        if not plain.get("pattern"):
            plain.pop("pattern", None)
    if section in ("activities", "indicators") and not plain.get("family"):
        plain.pop("family", None)
    if section == "attendance_cuts":
        plain = {k: v for k, v in plain.items() if v is not None or k == "max_minutes"}
        if plain.get("kind") != "late_or_early":
            plain.pop("max_minutes", None)
    if origin is not None and rules.comparable(section, origin[1]) == rules.comparable(
        section, value
    ):
        upstream = origin[1] or {}
        plain.update({k: upstream[k] for k in rules.ANNOTATIONS if k in upstream})
    else:
        plain["default"] = True
        plain["note"] = f"set by {meta.get('source_city', '')}".strip()
    return plain


# ---------------------------------------------------------------- city admin edits
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


def _row_snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


@transaction.atomic
def create_activity(data: Mapping[str, Any], *, actor: User) -> ActivityType:
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
    activity: ActivityType, data: Mapping[str, Any], *, actor: User
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
def create_indicator(data: Mapping[str, Any], *, actor: User) -> Indicator:
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
    model: type[ActivityType | Indicator],
    code: str,
    values: dict[str, Any],
    item_fields: Iterable[str],
    *,
    action: str,
    taken: str,
    actor: User,
) -> ActivityType | Indicator:
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
def update_indicator(indicator: Indicator, data: Mapping[str, Any], *, actor: User) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    return _update_item(indicator, _indicator_values(data), data, INDICATOR_FIELDS, actor=actor)


def _update_item(
    item, values: dict[str, Any], data: Mapping[str, Any], item_fields, *, actor: User
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
    item.save(update_fields=list(values))
    kind = "activity" if isinstance(item, ActivityType) else "indicator"
    record_event(
        actor=actor,
        action=f"configuration.{kind}.update",
        target=item,
        before=before,
        after=after,
    )
    return item


@transaction.atomic
def update_policy(changes: Mapping[str, Any], *, actor: User, note: str = "") -> PolicyVersion:
    """Change policy settings from the first open month on; closed months keep theirs.

    `changes` holds any of the policy keys, `tpp_base` ({kelas: amount}, merged),
    `attendance_cuts` ({code: percent}, merged) or `distribution_rules` (replaced per OPD
    predicate).
    """
    unknown = (
        set(changes)
        - set(rules.POLICY_KEYS)
        - {"tpp_base", "attendance_cuts", "distribution_rules"}
    )
    if unknown:
        raise ConfigurationError(
            _("Unknown settings: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    list(PolicyVersion.objects.select_for_update().values_list("id", flat=True))
    base = current_policy_version()
    before = copy.deepcopy(base.data)
    data = copy.deepcopy(base.data)
    for key, value in changes.items():
        if key == "tpp_base":
            data["tpp_base"].update({str(int(k)): int(v) for k, v in value.items()})
        elif key == "attendance_cuts":
            percents = {str(k): v for k, v in value.items()}
            for cut in data["attendance_cuts"]:
                if cut["code"] in percents:
                    cut["percent"] = str(percents.pop(cut["code"]))
            if percents:
                raise ConfigurationError(
                    _("Unknown attendance bands: %(codes)s.")
                    % {"codes": ", ".join(sorted(percents))}
                )
        elif key == "distribution_rules":
            data["distribution_rules"].update(value)
        else:
            data[key] = value
    problems = rules.policy_problems(data)
    if problems:
        raise ConfigurationError(problems)
    if data == before:
        return base
    version = _save_policy(data, changed_by=as_actor(actor).label, note=note)
    record_event(
        actor=actor,
        action="configuration.policy.update",
        target=version,
        before={k: before.get(k) for k in changes},
        after={k: data.get(k) for k in changes},
        reason=note or f"effective from {version.effective_from:%Y-%m}",
    )
    return version


def _check_open(day: date) -> None:
    if is_closed_month(day.year, day.month):
        raise ConfigurationError(
            _("%(month)s is closed: its calendar can no longer change.") % {"month": f"{day:%Y-%m}"}
        )


@transaction.atomic
def add_holiday(day: date, name: str, kind: str, *, actor: User) -> Holiday:
    _check_open(day)
    if len(name.strip()) < 3:
        raise ConfigurationError(_("Give the holiday a name."))
    if kind not in ("national", "collective_leave", "local"):
        raise ConfigurationError(_("Unknown kind of holiday."))
    existing = Holiday.objects.filter(date=day).first()
    before = _row_snapshot(existing, ("name", "kind", "is_active")) if existing else None
    holiday, _created = Holiday.objects.update_or_create(
        date=day, defaults={"name": name.strip(), "kind": kind, "is_active": True}
    )
    record_event(
        actor=actor,
        action="configuration.holiday.set",
        target=holiday,
        before=before,
        after=_row_snapshot(holiday, ("name", "kind", "is_active")),
    )
    return holiday


@transaction.atomic
def deactivate_holiday(holiday: Holiday, *, actor: User) -> Holiday:
    _check_open(holiday.date)
    if not holiday.is_active:
        return holiday
    holiday.is_active = False
    holiday.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        action="configuration.holiday.deactivate",
        target=holiday,
        before={"is_active": True},
        after={"is_active": False},
    )
    return holiday


@transaction.atomic
def update_branding(data: Mapping[str, Any], *, actor: User, logo=None) -> Branding:
    import re

    branding, _created = Branding.objects.select_for_update().get_or_create(pk=1)
    fields = ("display_name", "tagline", "primary_colour", "secondary_colour")
    problems = []
    for key in ("primary_colour", "secondary_colour"):
        if key in data and not re.fullmatch(r"#[0-9a-fA-F]{6}", str(data[key])):
            problems.append(_("Colours are written like #0b5cab."))
    if logo is not None and getattr(logo, "size", 0) > 1024 * 1024:
        problems.append(_("The logo must be at most 1 MB."))
    if problems:
        raise ConfigurationError(problems)
    before = {**_row_snapshot(branding, fields), "logo": branding.logo.name}
    for key in fields:
        if key in data:
            setattr(branding, key, str(data[key]).strip())
    if logo is not None:
        branding.logo.save(logo.name, logo, save=False)
    branding.save()
    after = {**_row_snapshot(branding, fields), "logo": branding.logo.name}
    if after != before:
        record_event(
            actor=actor,
            action="configuration.branding.update",
            target=branding,
            before=before,
            after=after,
        )
    forget_branding()
    transaction.on_commit(forget_branding)  # and again, in case a reader cached the old row
    return branding


@transaction.atomic
def set_term(key: str, value: str, *, actor: User) -> Term:
    key, value = key.strip(), value.strip()
    if not key or not value:
        raise ConfigurationError(_("Give both the word and what it stands for."))
    existing = Term.objects.filter(key=key).first()
    before = existing.value if existing else None
    term, _created = Term.objects.update_or_create(key=key, defaults={"value": value})
    if before != value:
        record_event(
            actor=actor,
            action="configuration.term.set",
            target=term,
            before={"value": before},
            after={"value": value},
        )
    return term
