"""The city's configuration as the plain values core.talent.rules take.

core.configuration owns the city's effective-dated policy (`policy_for(year, month)`);
this module is the one place that maps it to a `TalentPolicy`. A setting the city has not
configured falls back to the template default written in the rules (docs/domain.md §3.1/§3.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from core.talent.rules import (
    DEFAULT_DISTRIBUTION_RULES,
    DEFAULT_POTENTIAL_RANGES,
    DistributionRule,
    OrgPredicate,
    PotentialRanges,
    parse_distribution_rules,
    parse_potential_ranges,
    rules_to_data,
)

PERIODICITIES = ("monthly", "quarterly")


@dataclass(frozen=True)
class TalentPolicy:
    distribution_rules: dict[OrgPredicate, tuple[DistributionRule, ...]]
    potential_ranges: PotentialRanges = DEFAULT_POTENTIAL_RANGES
    objection_window_days: int = 14
    periodicity: str = "monthly"
    above_from: Decimal = Decimal(110)
    meets_from: Decimal = Decimal(80)
    indicator_weight: Fraction = Fraction(1, 2)

    def rules_data(self) -> dict[str, list[dict]]:
        return rules_to_data(self.distribution_rules)


def _get(source: Any, name: str) -> Any:
    if source is None:
        return None
    if isinstance(source, dict):
        return source.get(name)
    return getattr(source, name, None)


def _city_policy(year: int, month: int) -> Any:
    try:
        from core.configuration.policy import policy_for
    except ModuleNotFoundError:
        return None
    try:
        return policy_for(year, month)
    except LookupError:
        return None  # the city has no policy version yet: template defaults


def _weight(value: Any) -> Fraction | None:
    """The IKI share of the result weights, `{"workload": 50, "iki": 50}` or a pair."""
    if value is None:
        return None
    iki = _get(value, "iki")
    workload = _get(value, "workload")
    if iki is None and isinstance(value, (tuple, list)) and len(value) == 2:
        workload, iki = value
    if iki is None:
        return None
    iki, total = Fraction(str(iki)), Fraction(str(iki)) + Fraction(str(workload or 0))
    return iki / total if total else None


def talent_policy(year: int, month: int = 12) -> TalentPolicy:
    """The talent settings in force in `year`/`month`."""
    source = _city_policy(year, month)
    rules = _get(source, "distribution_rules")
    ranges = _get(source, "potential_ranges")
    thresholds = _get(source, "rating_thresholds")
    above = _get(thresholds, "above") or _get(source, "above_threshold")
    meets = _get(thresholds, "meets") or _get(source, "meets_threshold")
    periodicity = _get(source, "assessment_periodicity") or "monthly"
    if periodicity not in PERIODICITIES:
        raise ValueError(f"unknown assessment periodicity {periodicity!r}")
    window = _get(source, "objection_window_days")
    return TalentPolicy(
        distribution_rules=parse_distribution_rules(rules) if rules else DEFAULT_DISTRIBUTION_RULES,
        potential_ranges=parse_potential_ranges(ranges) if ranges else DEFAULT_POTENTIAL_RANGES,
        objection_window_days=int(window) if window is not None else 14,
        periodicity=str(periodicity),
        above_from=Decimal(str(above)) if above is not None else Decimal(110),
        meets_from=Decimal(str(meets)) if meets is not None else Decimal(80),
        indicator_weight=_weight(_get(source, "result_weights")) or Fraction(1, 2),
    )
