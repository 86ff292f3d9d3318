"""Pure rules of a city's configuration: template content as items, policy checks, and
the three-way comparison. No models, no database.

Template content (see catalog/schema/model-template.v1.json) is viewed as *items*:
`{section: {key: value}}`. A value keeps its annotations (`default`, `ref`, `note`) so
it can be written back to a file, but comparisons use `comparable(section, value)`,
which drops them and fills optional fields, so "equal" means "configures the same thing".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "sinergi.model-template"
ANNOTATIONS = ("default", "ref", "note")

ROW_SECTIONS = ("activities", "indicators", "holidays", "organisation")
POLICY_SECTIONS = ("policy", "tpp_base", "attendance_cuts", "distribution_rules")
SECTIONS = (*ROW_SECTIONS, *POLICY_SECTIONS, "branding", "terminology")

# Sections whose rows can be deactivated (an upstream removal is applied that way).
DEACTIVATABLE = frozenset(ROW_SECTIONS)

POLICY_KEYS = (
    "effective_minutes_per_day",
    "result_weights",
    "rating_thresholds",
    "behaviour_method",
    "performance_factor_weights",
    "full_cut_min_score",
    "max_backdate_days",
    "allow_non_working_days",
    "daily_max_minutes",
    "verification_escalation_days",
    "objection_window_days",
    "assessment_periodicity",
    "performance_contract_review_months",
    "potential_ranges",
    "working_weekdays",
    "correction_approval_rupiah",
)
BRANDING_KEYS = ("primary_colour", "secondary_colour", "tagline")
OPD_PREDICATES = ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
POTENTIAL_LEVELS = ("rendah", "menengah", "tinggi")

_OPTIONAL_DEFAULTS: dict[str, dict[str, Any]] = {
    "activities": {"family": ""},
    "indicators": {"family": ""},
    "organisation": {"parent": "", "pattern": False},
    "attendance_cuts": {"min_minutes": None, "max_minutes": None},
}


# ---------------------------------------------------------------- content <-> items
def _strip(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if k not in ANNOTATIONS}
    return value


def comparable(section: str, value: Any) -> Any:
    """The part of an item that configures something (annotations dropped, optionals filled)."""
    if value is None:
        return None
    plain = _strip(value)
    if isinstance(plain, dict):
        plain = {**_OPTIONAL_DEFAULTS.get(section, {}), **plain}
        if section == "activities":
            plain["position_types"] = sorted(plain.get("position_types", []))
        if section in ("attendance_cuts",) and "percent" in plain:
            plain["percent"] = str(Decimal(str(plain["percent"])).normalize())
        if section == "distribution_rules":
            plain["bounds"] = [
                {
                    **b,
                    **(
                        {"percent": str(Decimal(str(b["percent"])).normalize())}
                        if "percent" in b
                        else {}
                    ),
                }
                for b in plain.get("bounds", [])
            ]
        if section == "policy" and isinstance(plain.get("value"), dict):
            plain["value"] = {
                k: [float(x) for x in v] if isinstance(v, list) else v
                for k, v in plain["value"].items()
            }
    return plain


def _code(row: Mapping[str, Any]) -> str:
    return row["code"]


def _rows(key: Callable[[Mapping[str, Any]], str]) -> Callable[[Any], dict[str, Any]]:
    """A section that is a list of rows, keyed by `key` of each row."""
    return lambda rows: {key(row): dict(row) for row in rows}


def _settings(value: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """A section that is a mapping of settings, each turned into an item by `value`."""
    return lambda mapping: {k: value(v) for k, v in mapping.items()}


# section -> (where it sits in template content, how its items are keyed), in the order
# sections are listed everywhere else.
_CONTENT_SECTIONS: tuple[tuple[str, tuple[str, ...], Callable[[Any], dict[str, Any]]], ...] = (
    ("activities", ("activities",), _rows(_code)),
    ("indicators", ("indicators",), _rows(_code)),
    ("holidays", ("calendar", "holidays"), _rows(lambda h: h["date"])),
    ("organisation", ("organisation",), _rows(_code)),
    ("policy", ("policy",), _settings(dict)),
    ("tpp_base", ("tpp", "base_by_kelas"), _rows(lambda row: str(row["kelas"]))),
    ("attendance_cuts", ("tpp", "attendance_cuts"), _rows(_code)),
    ("distribution_rules", ("distribution_rules",), _rows(lambda r: r["opd_predicate"])),
    ("branding", ("branding",), _settings(lambda v: {"value": v})),
    ("terminology", ("terminology",), _settings(lambda v: {"value": v})),
)

_ABSENT = object()


def _at(content: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = content
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return _ABSENT
        node = node[part]
    return node


def items_from_content(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Template content -> {section: {key: item}}; only sections the content carries."""
    items: dict[str, dict[str, Any]] = {}
    for section, path, to_items in _CONTENT_SECTIONS:
        found = _at(content, path)
        if found is not _ABSENT:
            items[section] = to_items(found)
    return items


def content_from_items(items: Mapping[str, Mapping[str, Any]], meta: Mapping[str, Any]) -> dict:
    """{section: {key: item}} -> template content (the reverse of `items_from_content`)."""
    content: dict[str, Any] = {"format": FORMAT, "schema_version": 1, "template": dict(meta)}

    def rows(section: str, order=None) -> list:
        return [dict(items[section][k]) for k in sorted(items[section], key=order)]

    if "activities" in items:
        content["activities"] = rows("activities")
    if "indicators" in items:
        content["indicators"] = rows("indicators")
    if "policy" in items:
        content["policy"] = {
            k: dict(items["policy"][k]) for k in POLICY_KEYS if k in items["policy"]
        }
    if "tpp_base" in items or "attendance_cuts" in items:
        content["tpp"] = {}
        if "tpp_base" in items:
            content["tpp"]["base_by_kelas"] = rows("tpp_base", order=int)
        if "attendance_cuts" in items:
            content["tpp"]["attendance_cuts"] = rows("attendance_cuts")
    if "distribution_rules" in items:
        content["distribution_rules"] = rows("distribution_rules", order=OPD_PREDICATES.index)
    if "holidays" in items:
        years = {k[:4] for k in items["holidays"]}
        content["calendar"] = {"holidays": rows("holidays")}
        if len(years) == 1:
            content["calendar"]["year"] = int(years.pop())
    if "organisation" in items:
        content["organisation"] = rows("organisation")
    if "branding" in items:
        content["branding"] = {k: v["value"] for k, v in sorted(items["branding"].items())}
    if "terminology" in items:
        content["terminology"] = {k: v["value"] for k, v in sorted(items["terminology"].items())}
    return content


# ---------------------------------------------------------------- policy data
def policy_data_from_items(items: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The plain data a PolicyVersion stores, from the policy-like sections of items."""
    data: dict[str, Any] = {
        key: _strip(value)["value"] for key, value in items.get("policy", {}).items()
    }
    data["tpp_base"] = {
        str(k): int(_strip(v)["amount"]) for k, v in items.get("tpp_base", {}).items()
    }
    data["attendance_cuts"] = [
        comparable("attendance_cuts", v)
        for _, v in sorted(items.get("attendance_cuts", {}).items())
    ]
    data["distribution_rules"] = {
        k: _strip(v)["bounds"] for k, v in items.get("distribution_rules", {}).items()
    }
    return data


def items_from_policy_data(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The reverse of `policy_data_from_items` (annotations are not kept in policy data)."""
    return {
        "policy": {k: {"value": data[k]} for k in POLICY_KEYS if k in data},
        "tpp_base": {
            str(k): {"kelas": int(k), "amount": int(v)} for k, v in data.get("tpp_base", {}).items()
        },
        "attendance_cuts": {
            cut["code"]: {k: _json_number(v) if k == "percent" else v for k, v in cut.items()}
            for cut in data.get("attendance_cuts", [])
        },
        "distribution_rules": {
            k: {"opd_predicate": k, "bounds": v}
            for k, v in data.get("distribution_rules", {}).items()
        },
    }


def _json_number(value: Any) -> int | float:
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


# ---------------------------------------------------------------- policy checks
def policy_problems(data: Mapping[str, Any]) -> list[str]:
    """Every reason a policy is unusable, in the user's language (empty when fine)."""
    try:
        return _policy_problems(data) + _distribution_problems(data.get("distribution_rules"))
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
        return [
            _(
                "Some settings are malformed: check that numbers are numbers and that "
                "every required part is given."
            )
        ]


def _distribution_problems(rules: Any) -> list[str]:
    if rules is None:
        return []
    predicates = {"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}
    problems = []
    for opd, bounds in rules.items():
        if opd not in OPD_PREDICATES:
            problems.append(_("Unknown OPD predicate: %(name)s.") % {"name": opd})
            continue
        for bound in bounds:
            amount = [k for k in ("percent", "count") if bound.get(k) is not None]
            valid = (
                bound.get("op") in ("at_most", "at_least")
                and bound.get("predicates")
                and set(bound["predicates"]) <= predicates
                and len(amount) == 1
                and (
                    0 <= Decimal(str(bound["percent"])) <= 100
                    if amount == ["percent"]
                    else int(bound["count"]) >= 0
                )
            )
            if not valid:
                problems.append(
                    _(
                        "A distribution rule for “%(name)s” is not valid: give "
                        "predicates, at_most or at_least, and a percent (0-100) or "
                        "a count."
                    )
                    % {"name": opd}
                )
    return problems


def _policy_problems(data: Mapping[str, Any]) -> list[str]:
    """Every problem with a policy's settings, one checker per group of settings."""
    return [problem for check in _POLICY_CHECKS for problem in check(data)]


def _minutes_problems(data: Mapping[str, Any]) -> list[str]:
    problems = []
    minutes = data.get("effective_minutes_per_day")
    if minutes is not None and not (60 <= int(minutes) <= 600):
        problems.append(_("Effective minutes per day must be between 60 and 600."))
    daily_max = data.get("daily_max_minutes")
    if daily_max is not None and minutes is not None and int(daily_max) < int(minutes):
        problems.append(_("The daily maximum cannot be below the effective minutes per day."))
    return problems


def _weight_problems(data: Mapping[str, Any]) -> list[str]:
    problems = []
    weights = data.get("result_weights")
    if weights is not None and int(weights["workload"]) + int(weights["iki"]) != 100:
        problems.append(_("The workload and IKI weights must add up to 100."))
    factor = data.get("performance_factor_weights")
    if factor is not None and int(factor["result"]) + int(factor["attendance"]) != 100:
        problems.append(_("The result and attendance weights must add up to 100."))
    return problems


def _threshold_problems(data: Mapping[str, Any]) -> list[str]:
    problems = []
    thresholds = data.get("rating_thresholds")
    if thresholds is not None:
        above, meets = Decimal(str(thresholds["above"])), Decimal(str(thresholds["meets"]))
        if not (0 < meets < above):
            problems.append(
                _(
                    "The “above” threshold must be higher than the “meets” threshold, "
                    "and both above zero."
                )
            )
    full_cut = data.get("full_cut_min_score")
    if full_cut is not None and not (0 <= Decimal(str(full_cut)) <= 100):
        problems.append(_("The minimum score for any TPP must be between 0 and 100."))
    return problems


def _limit_problems(data: Mapping[str, Any]) -> list[str]:
    problems = []
    days = ("max_backdate_days", "verification_escalation_days", "objection_window_days")
    if any(key in data and not (0 <= int(data[key]) <= 365) for key in days):
        problems.append(_("Day counts must be between 0 and 365."))
    approval = data.get("correction_approval_rupiah")
    if approval is not None and not (0 <= int(approval) <= 1_000_000_000):
        problems.append(_("The correction approval threshold must be between Rp0 and Rp1 billion."))
    weekdays = data.get("working_weekdays")
    if weekdays is not None and (not weekdays or any(not 1 <= int(d) <= 7 for d in weekdays)):
        problems.append(_("Choose at least one working day of the week."))
    return problems


def _tpp_problems(data: Mapping[str, Any]) -> list[str]:
    problems = []
    for kelas, amount in data.get("tpp_base", {}).items():
        if not 1 <= int(kelas) <= 17:
            problems.append(_("Kelas jabatan runs from 1 to 17."))
        if int(amount) < 0:
            problems.append(_("TPP amounts cannot be negative."))
    for cut in data.get("attendance_cuts", []):
        low, high = cut.get("min_minutes"), cut.get("max_minutes")
        if low is not None and high is not None and int(high) < int(low):
            problems.append(
                _("An attendance band ends before it starts (%(code)s).") % {"code": cut["code"]}
            )
        if not 0 <= Decimal(str(cut["percent"])) <= 100:
            problems.append(_("An attendance cut must be between 0 and 100 percent."))
    return problems


def _potential_problems(ranges: Mapping[str, Any] | None) -> list[str]:
    if ranges is None:
        return []
    bounds = [ranges[level] for level in POTENTIAL_LEVELS]
    ordered = all(float(lo) < float(hi) for lo, hi in bounds) and all(
        float(bounds[i][1]) == float(bounds[i + 1][0]) for i in range(2)
    )
    if not ordered or float(bounds[0][0]) != 0 or float(bounds[2][1]) != 100:
        return [_("Potential ranges must run from 0 to 100 without gaps: low, middle, high.")]
    return []


_POLICY_CHECKS: tuple[Callable[[Mapping[str, Any]], list[str]], ...] = (
    _minutes_problems,
    _weight_problems,
    _threshold_problems,
    _limit_problems,
    lambda data: _potential_problems(data.get("potential_ranges")),
    _tpp_problems,
)


def content_problems(content: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Checks a JSON Schema cannot express: unique keys, references, sums. (path, reason)."""
    problems: list[tuple[str, str]] = []
    for section, key_field, path in (
        ("activities", "code", "$.activities"),
        ("indicators", "code", "$.indicators"),
        ("organisation", "code", "$.organisation"),
    ):
        problems += _duplicates(content.get(section, []), key_field, path)
    problems += _duplicates(
        content.get("tpp", {}).get("base_by_kelas", []), "kelas", "$.tpp.base_by_kelas"
    )
    problems += _duplicates(
        content.get("tpp", {}).get("attendance_cuts", []), "code", "$.tpp.attendance_cuts"
    )
    problems += _duplicates(
        content.get("distribution_rules", []), "opd_predicate", "$.distribution_rules"
    )
    holidays = content.get("calendar", {}).get("holidays", [])
    problems += _duplicates(holidays, "date", "$.calendar.holidays")
    for index, holiday in enumerate(holidays):
        try:
            _date(holiday["date"])
        except ValueError:
            problems.append(
                (
                    f"$.calendar.holidays[{index}].date",
                    f"'{holiday['date']}' is not a real calendar date",
                )
            )
    codes = {u.get("code") for u in content.get("organisation", [])}
    for index, unit in enumerate(content.get("organisation", [])):
        if unit.get("parent") and unit["parent"] not in codes:
            problems.append(
                (
                    f"$.organisation[{index}].parent",
                    f"parent '{unit['parent']}' is not a unit of this template",
                )
            )
    policy = content.get("policy", {})
    checks = {
        "result_weights": ("workload", "iki"),
        "performance_factor_weights": ("result", "attendance"),
    }
    for key, (a, b) in checks.items():
        if key in policy and policy[key]["value"][a] + policy[key]["value"][b] != 100:
            problems.append((f"$.policy.{key}.value", f"{a} + {b} must be 100"))
    if "rating_thresholds" in policy:
        value = policy["rating_thresholds"]["value"]
        if not value["meets"] < value["above"]:
            problems.append(("$.policy.rating_thresholds.value", "'above' must exceed 'meets'"))
    if "potential_ranges" in policy and _potential_problems(policy["potential_ranges"]["value"]):
        problems.append(
            (
                "$.policy.potential_ranges.value",
                "ranges must run 0-100 without gaps: rendah, menengah, tinggi",
            )
        )
    return problems


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def _duplicates(rows: list, field: str, path: str) -> list[tuple[str, str]]:
    seen: set = set()
    problems = []
    for index, row in enumerate(rows):
        value = row.get(field)
        if value in seen:
            problems.append((f"{path}[{index}].{field}", f"duplicate {field} '{value}'"))
        seen.add(value)
    return problems


# ---------------------------------------------------------------- three-way comparison
class ChangeKind(StrEnum):
    UPSTREAM_ADDED = "upstream_added"
    UPSTREAM_CHANGED = "upstream_changed"
    UPSTREAM_REMOVED = "upstream_removed"
    LOCAL_CHANGED = "local_changed"
    LOCAL_ADDED = "local_added"
    CONFLICT = "conflict"
    SAME = "same"


# What "take all non-conflicting" takes: clean upstream changes only. A removal is flagged
# for a person to decide; a conflict is never resolved without one.
CLEAN_KINDS = frozenset({ChangeKind.UPSTREAM_ADDED, ChangeKind.UPSTREAM_CHANGED})
TAKEABLE_KINDS = frozenset(
    {
        ChangeKind.UPSTREAM_ADDED,
        ChangeKind.UPSTREAM_CHANGED,
        ChangeKind.UPSTREAM_REMOVED,
        ChangeKind.CONFLICT,
    }
)


@dataclass(frozen=True)
class ItemChange:
    section: str
    key: str
    kind: ChangeKind
    base: Any
    current: Any
    new: Any
    in_use: bool = True

    @property
    def takeable(self) -> bool:
        return self.kind in TAKEABLE_KINDS

    @property
    def clean(self) -> bool:
        return self.kind in CLEAN_KINDS


def classify(
    section: str, base: Any, current: Any, new: Any, *, removal_applies: bool
) -> ChangeKind | None:
    """Where an item stands between its base (as last taken), the city, and a template.

    None means there is nothing to show (the item is in neither, or the template does
    not speak about it).
    """
    b, c, n = (comparable(section, v) for v in (base, current, new))
    if c is None and n is None:
        return None
    if c == n:
        return ChangeKind.SAME
    if n is None:
        if not removal_applies:
            return None
        return ChangeKind.LOCAL_ADDED if b is None else ChangeKind.UPSTREAM_REMOVED
    if c is None:
        if b is None:
            return ChangeKind.UPSTREAM_ADDED
        return ChangeKind.LOCAL_CHANGED if b == n else ChangeKind.CONFLICT
    if b == c:
        return ChangeKind.UPSTREAM_CHANGED
    if b == n:
        return ChangeKind.LOCAL_CHANGED
    return ChangeKind.CONFLICT


def three_way(
    *,
    current: Mapping[str, Mapping[str, Any]],
    new: Mapping[str, Mapping[str, Any]],
    origins: Mapping[tuple[str, str], tuple[str, Any]],
    new_slug: str,
    adopted_slug: str,
    active: Mapping[tuple[str, str], bool] | None = None,
) -> list[ItemChange]:
    """Compare the city's items with a template's, item by item, against each item's base.

    `origins[(section, key)] = (template slug, upstream value)` is what the item was taken
    as. An item missing from the template counts as removed upstream only when it came
    from that same template (or the city adopted it and added the item itself); a
    partial template from another city never "removes" anything. Only sections present
    in `new` are compared.
    """
    active = active or {}
    changes: list[ItemChange] = []
    for section in SECTIONS:
        if section not in new:
            continue
        new_items, current_items = new[section], current.get(section, {})
        for key in sorted(set(new_items) | set(current_items)):
            origin_slug, base = origins.get((section, key), (None, None))
            removal_applies = origin_slug == new_slug or (
                origin_slug is None and adopted_slug == new_slug
            )
            kind = classify(
                section,
                base,
                current_items.get(key),
                new_items.get(key),
                removal_applies=removal_applies,
            )
            if kind is None:
                continue
            changes.append(
                ItemChange(
                    section=section,
                    key=key,
                    kind=kind,
                    base=base,
                    current=current_items.get(key),
                    new=new_items.get(key),
                    in_use=active.get((section, key), key in current_items),
                )
            )
    return changes


def summarise(changes: list[ItemChange]) -> dict[str, int]:
    counts = {kind.value: 0 for kind in ChangeKind}
    for change in changes:
        counts[change.kind.value] += 1
    return counts


# ---------------------------------------------------------------- calendar
def month_start(year: int, month: int):
    from datetime import date

    if not 1 <= month <= 12:
        raise ValueError("month must be 1-12")
    return date(year, month, 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
