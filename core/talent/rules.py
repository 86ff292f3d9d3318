"""Regulation rules for SKP assessment, the distribution curve, credit points and the 9-box.

Pure functions over plain values: no models, no database. The tables are docs/domain.md
sections 3.1 and 3.2 written as data so they can be read next to the regulation:
- PermenPANRB 6/2022 (SKP, periodic and annual assessment; the predicate matrix lives in
  `core.performance.rules` and is imported, never copied);
- SE MenPANRB 03/2023 (organisation predicate bounds the staff predicate distribution);
- PermenPANRB 1/2023 (credit points of functional positions);
- PermenPANRB 3/2020 (talent management, the 9-box).

Percentages are computed with exact fractions: "at most 70%" of 10 people allows exactly
7, and 7 of 10 is never 70.00000001% by accident.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import cast

from core.performance.rules import Level, Predicate, predicate

__all__ = [
    "BERAKHLAK",
    "DEFAULT_DISTRIBUTION_RULES",
    "DEFAULT_POTENTIAL_RANGES",
    "Box",
    "Bound",
    "DistributionRule",
    "Level",
    "OrgPredicate",
    "Potential",
    "PotentialRanges",
    "Predicate",
    "Violation",
    "assessment_periods",
    "box_for",
    "box_number",
    "check_distribution",
    "credit_points",
    "indicator_achievement",
    "is_key_position",
    "median_level",
    "months_in_force",
    "performance_level",
    "potential_level",
    "predicate",
    "propose_results_rating",
    "rules_from_data",
    "rules_to_data",
]

# BerAKHLAK core values, in the official order (code, Indonesian name).
BERAKHLAK: tuple[tuple[str, str], ...] = (
    ("berorientasi_pelayanan", "Berorientasi Pelayanan"),
    ("akuntabel", "Akuntabel"),
    ("kompeten", "Kompeten"),
    ("harmonis", "Harmonis"),
    ("loyal", "Loyal"),
    ("adaptif", "Adaptif"),
    ("kolaboratif", "Kolaboratif"),
)

_LEVEL_RANK = {Level.BELOW: 0, Level.MEETS: 1, Level.ABOVE: 2}


# ---------------------------------------------------------------- assessment
@dataclass(frozen=True)
class RatingProposal:
    """A proposed results rating: the score it came from and the level."""

    score: Decimal | None
    level: Level


def level_for_score(score: Decimal, above_from: Decimal, meets_from: Decimal) -> Level:
    """docs/domain.md §4: >= above threshold 'di atas', >= meets threshold 'sesuai', else below."""
    if score >= above_from:
        return Level.ABOVE
    if score >= meets_from:
        return Level.MEETS
    return Level.BELOW


# An achievement above this is treated as this much: one indicator exceeded tenfold
# must not hide every other one missed (and a cost of zero is not an infinite success).
ACHIEVEMENT_CAP = Decimal(150)


def indicator_achievement(target: Decimal, realised: Decimal, *, lower_is_better: bool) -> Decimal:
    """Achievement % of one IKI: realised/target, or target/realised where lower is better
    (time, cost). Capped at ACHIEVEMENT_CAP."""
    target, realised = Decimal(target), Decimal(realised)
    if target <= 0:
        raise ValueError("an indicator target must be positive")
    if lower_is_better:
        value = ACHIEVEMENT_CAP if realised <= 0 else target / realised * 100
    else:
        value = realised / target * 100
    return min(value, ACHIEVEMENT_CAP).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def propose_results_rating(
    monthly_scores: Sequence[Decimal],
    indicator_achievements: Sequence[Decimal],
    *,
    above_from: Decimal = Decimal(110),
    meets_from: Decimal = Decimal(80),
    indicator_weight: Fraction = Fraction(1, 2),
) -> RatingProposal | None:
    """Propose the results rating of a period from its monthly result scores and the IKI
    achievement %s (PermenPANRB 6/2022: the assessment rests on the monthly record and the
    realisation of the SKP indicators). Both present: weighted mean (default 50/50); one
    present: that one alone; neither: no proposal (the supervisor must rate)."""
    parts: list[tuple[Fraction, Decimal]] = []
    if monthly_scores:
        parts.append((1 - indicator_weight, _mean([Decimal(s) for s in monthly_scores])))
    if indicator_achievements:
        parts.append((indicator_weight, _mean([Decimal(a) for a in indicator_achievements])))
    if not parts:
        return None
    total_weight = sum(weight for weight, _ in parts)
    score = sum(
        (value * weight.numerator / weight.denominator for weight, value in parts), Decimal(0)
    ) / (Decimal(total_weight.numerator) / total_weight.denominator)
    score = score.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return RatingProposal(score, level_for_score(score, above_from, meets_from))


def median_level(levels: Iterable[Level]) -> Level | None:
    """The median of behaviour ratings; with an even count, the lower of the two middle
    ones (a tie is not resolved in the person's favour without the supervisor's say)."""
    ordered = sorted((Level(level) for level in levels), key=_LEVEL_RANK.__getitem__)
    if not ordered:
        return None
    return ordered[(len(ordered) - 1) // 2]


def assessment_periods(periodicity: str) -> list[tuple[int, int, int]]:
    """(period number, first month, last month) of a year's periodic assessments."""
    if periodicity == "monthly":
        return [(m, m, m) for m in range(1, 13)]
    if periodicity == "quarterly":
        return [(q, 3 * q - 2, 3 * q) for q in range(1, 5)]
    raise ValueError(f"unknown periodicity {periodicity!r}")


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def months_in_force(year: int, starts_on: date, ends_on: date | None) -> list[int]:
    """Months of `year` an SKP counts for: those whose last day it is in force on.

    Two SKPs split by a mid-year position change therefore share the year without gap or
    overlap, whatever day of the month the change happens on."""
    months = []
    for month in range(1, 13):
        last = _month_end(year, month)
        if starts_on <= last and (ends_on is None or ends_on >= last):
            months.append(month)
    return months


# ---------------------------------------------------------------- organisation predicate
class OrgPredicate(StrEnum):
    """Predikat kinerja organisasi of an OPD (SE MenPANRB 03/2023)."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


class Bound(StrEnum):
    AT_MOST_PCT = "at_most_pct"
    AT_LEAST_PCT = "at_least_pct"
    AT_LEAST_COUNT = "at_least_count"  # "at least one ..."
    AT_MOST_COUNT = "at_most_count"  # "no ...": at most 0


@dataclass(frozen=True)
class DistributionRule:
    """A bound on how many staff of an OPD may or must hold a predicate in `predicates`."""

    predicates: frozenset[Predicate]
    bound: Bound
    value: int  # percent for *_PCT, a head count for *_COUNT


PREDICATE_RANK = {p: i for i, p in enumerate(Predicate)}


def _rule(bound: Bound, value: int, *predicates: Predicate) -> DistributionRule:
    return DistributionRule(frozenset(predicates), bound, value)


P = Predicate
# docs/domain.md §3.1 "kurva distribusi", the template default; a city may change it.
DEFAULT_DISTRIBUTION_RULES: dict[OrgPredicate, tuple[DistributionRule, ...]] = {
    OrgPredicate.ISTIMEWA: (_rule(Bound.AT_MOST_PCT, 70, P.SANGAT_BAIK),),
    OrgPredicate.BAIK: (
        _rule(Bound.AT_MOST_PCT, 70, P.BAIK),
        _rule(Bound.AT_LEAST_COUNT, 1, P.BUTUH_PERBAIKAN, P.KURANG),
    ),
    OrgPredicate.BUTUH_PERBAIKAN: (
        _rule(Bound.AT_LEAST_PCT, 60, P.BUTUH_PERBAIKAN),
        _rule(Bound.AT_MOST_PCT, 10, P.SANGAT_BAIK),
    ),
    OrgPredicate.KURANG: (
        _rule(Bound.AT_LEAST_PCT, 60, P.KURANG),
        _rule(Bound.AT_LEAST_PCT, 10, P.BUTUH_PERBAIKAN),
        _rule(Bound.AT_MOST_PCT, 10, P.SANGAT_BAIK),
    ),
    OrgPredicate.SANGAT_KURANG: (
        _rule(Bound.AT_LEAST_PCT, 60, P.SANGAT_KURANG),
        _rule(Bound.AT_LEAST_PCT, 10, P.KURANG, P.BUTUH_PERBAIKAN),
        _rule(Bound.AT_MOST_COUNT, 0, P.SANGAT_BAIK),
    ),
}
del P


@dataclass(frozen=True)
class Violation:
    """One broken bound: what the rule allows and how far off the OPD is.

    `people` is how many staff would have to change predicate to satisfy the rule;
    `share` and `limit` are exact fractions of the OPD's assessed staff (0..1)."""

    rule: DistributionRule
    count: int
    total: int
    share: Fraction
    limit: Fraction
    people: int

    @property
    def share_pct(self) -> Decimal:
        return _pct(self.share)

    @property
    def limit_pct(self) -> Decimal:
        return _pct(self.limit)

    @property
    def off_by_pct(self) -> Decimal:
        """Percentage points beyond the bound (always positive)."""
        return _pct(abs(self.share - self.limit))


def _pct(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / value.denominator * 100).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


def _violation(rule: DistributionRule, count: int, total: int) -> Violation | None:
    share = Fraction(count, total)
    if rule.bound is Bound.AT_MOST_PCT:
        limit = Fraction(rule.value, 100)
        allowed = math.floor(limit * total)
        excess = count - allowed
        return Violation(rule, count, total, share, limit, excess) if excess > 0 else None
    if rule.bound is Bound.AT_LEAST_PCT:
        limit = Fraction(rule.value, 100)
        required = math.ceil(limit * total)
        missing = required - count
        return Violation(rule, count, total, share, limit, missing) if missing > 0 else None
    limit = Fraction(rule.value, total)
    if rule.bound is Bound.AT_LEAST_COUNT:
        missing = rule.value - count
        return Violation(rule, count, total, share, limit, missing) if missing > 0 else None
    excess = count - rule.value
    return Violation(rule, count, total, share, limit, excess) if excess > 0 else None


def check_distribution(
    predicates: Iterable[str], rules: Sequence[DistributionRule]
) -> list[Violation]:
    """Every rule the staff predicates of one OPD break, in rule order (empty: all good).

    An OPD with nobody assessed breaks nothing: there is no distribution to bound."""
    counts = Counter(Predicate(p) for p in predicates)
    total = sum(counts.values())
    if total == 0:
        return []
    violations = []
    for rule in rules:
        count = sum(counts[p] for p in rule.predicates)
        found = _violation(rule, count, total)
        if found is not None:
            violations.append(found)
    return violations


def rules_to_data(
    rules: Mapping[OrgPredicate, Sequence[DistributionRule]],
) -> dict[str, list[dict]]:
    """JSON-safe form of a rule set (how a city's configuration stores it)."""
    return {
        str(org): [
            {
                "predicates": sorted(p.value for p in rule.predicates),
                "bound": rule.bound.value,
                "value": rule.value,
            }
            for rule in org_rules
        ]
        for org, org_rules in rules.items()
    }


def rules_from_data(data: Mapping[str, Sequence[Mapping]]) -> dict[OrgPredicate, tuple]:
    """Parse `rules_to_data` output; raises ValueError on an unknown predicate or bound."""
    parsed: dict[OrgPredicate, tuple] = {}
    for org, org_rules in data.items():
        items = []
        for item in org_rules:
            value = int(item["value"])
            bound = Bound(item["bound"])
            if value < 0 or (bound in (Bound.AT_MOST_PCT, Bound.AT_LEAST_PCT) and value > 100):
                raise ValueError(f"bound value out of range: {value}")
            items.append(
                DistributionRule(frozenset(Predicate(p) for p in item["predicates"]), bound, value)
            )
        parsed[OrgPredicate(org)] = tuple(items)
    return parsed


def parse_distribution_rules(data: object) -> dict[OrgPredicate, tuple]:
    """A rule set from configuration, in either stored form: `rules_to_data` output, or the
    model-template list `[{"opd_predicate": "baik", "bounds": [{"predicates": [...],
    "op": "at_most" | "at_least", "percent": 70 | "count": 1}]}]`."""
    if isinstance(data, Mapping):
        if data and isinstance(next(iter(data)), OrgPredicate):
            return dict(data)  # already parsed
        return rules_from_data(data)
    converted: dict[str, list[dict]] = {}
    for entry in data:  # type: ignore[attr-defined]  # a list of rule mappings (see above)
        items = []
        for bound in entry["bounds"]:
            op = bound["op"]
            if op not in ("at_most", "at_least"):
                raise ValueError(f"unknown bound {op!r}")
            unit = "pct" if bound.get("percent") is not None else "count"
            value = bound["percent"] if unit == "pct" else bound["count"]
            items.append(
                {"predicates": bound["predicates"], "bound": f"{op}_{unit}", "value": value}
            )
        converted[entry["opd_predicate"]] = items
    return rules_from_data(converted)


# ---------------------------------------------------------------- credit points
# PermenPANRB 1/2023: share of the position's annual coefficient earned per predicate.
CREDIT_SHARE: dict[Predicate, Fraction] = {
    Predicate.SANGAT_BAIK: Fraction(150, 100),
    Predicate.BAIK: Fraction(100, 100),
    Predicate.BUTUH_PERBAIKAN: Fraction(75, 100),
    Predicate.KURANG: Fraction(50, 100),
    Predicate.SANGAT_KURANG: Fraction(25, 100),
}


def credit_points(predicate_: Predicate, annual_coefficient: Decimal, months: int = 12) -> Decimal:
    """Angka kredit earned: share × annual coefficient × months/12, to 3 decimals
    (PermenPANRB 1/2023; a periodic rating earns months/12 of the annual figure)."""
    if not 1 <= months <= 12:
        raise ValueError("months must be 1..12")
    share = CREDIT_SHARE[Predicate(predicate_)] * Fraction(months, 12)
    value = Decimal(annual_coefficient) * share.numerator / share.denominator
    return value.quantize(Decimal("0.001"), ROUND_HALF_UP)


# ---------------------------------------------------------------- potential and the 9-box
class Potential(StrEnum):
    LOW = "rendah"
    MEDIUM = "menengah"
    HIGH = "tinggi"


@dataclass(frozen=True)
class PotentialRanges:
    """Score from which potential is 'menengah' and from which it is 'tinggi'."""

    medium_from: Decimal
    high_from: Decimal

    def __post_init__(self) -> None:
        if not Decimal(self.medium_from) < Decimal(self.high_from):
            raise ValueError("medium_from must be below high_from")


# Template default (Surabaya model) on a 0-100 assessment scale: rendah 0-70,
# menengah 70-85, tinggi 85-100.
DEFAULT_POTENTIAL_RANGES = PotentialRanges(Decimal(70), Decimal(85))


def parse_potential_ranges(data: object) -> PotentialRanges:
    """Ranges from configuration: `{"menengah": [70, 85], "tinggi": [85, 100], ...}`,
    a `(medium_from, high_from)` pair, or PotentialRanges itself."""
    if isinstance(data, PotentialRanges):
        return data
    if isinstance(data, Mapping):
        return PotentialRanges(Decimal(str(data["menengah"][0])), Decimal(str(data["tinggi"][0])))
    medium_from, high_from = cast("tuple[object, object]", data)
    return PotentialRanges(Decimal(str(medium_from)), Decimal(str(high_from)))


def potential_level(
    score: Decimal, ranges: PotentialRanges = DEFAULT_POTENTIAL_RANGES
) -> Potential:
    """Potential for a score: below medium_from 'rendah', below high_from 'menengah',
    else 'tinggi' (each lower bound belongs to the higher level)."""
    score = Decimal(score)
    if score >= Decimal(ranges.high_from):
        return Potential.HIGH
    if score >= Decimal(ranges.medium_from):
        return Potential.MEDIUM
    return Potential.LOW


def performance_level(annual_predicate: Predicate) -> Level:
    """The 9-box performance axis from the annual predicate (PermenPANRB 3/2020):
    Sangat Baik is above expectations, Baik meets them, anything lower is below."""
    p = Predicate(annual_predicate)
    if p is Predicate.SANGAT_BAIK:
        return Level.ABOVE
    if p is Predicate.BAIK:
        return Level.MEETS
    return Level.BELOW


class Action(StrEnum):
    """Recommended follow-up of a box (docs/domain.md §3.2); labels in core.talent.labels."""

    PROMOTE_RETAIN = "promote_retain"  # 9
    RETAIN_ROTATE = "retain_rotate"  # 8
    RETAIN_DEVELOP = "retain_develop"  # 7
    PLACE_COACH_COUNSEL = "place_coach_counsel"  # 6
    PLACE_COACH_DEVELOP = "place_coach_develop"  # 5
    ROTATE_DEVELOP = "rotate_develop"  # 4
    COACH_COUNSEL_DEVELOP = "coach_counsel_develop"  # 3
    COACH_DEVELOP = "coach_develop"  # 2
    CIVIL_SERVICE_RULES = "civil_service_rules"  # 1


@dataclass(frozen=True)
class Box:
    number: int
    performance: Level
    potential: Potential
    action: Action

    @property
    def in_succession_group(self) -> bool:
        """Boxes 7, 8 and 9 form the succession group for structural vacancies."""
        return self.number >= 7


_L, _Pt = Level, Potential
# PermenPANRB 3/2020, docs/domain.md §3.2: box -> (kinerja, potensi, recommended action).
_BOXES: tuple[Box, ...] = (
    Box(9, _L.ABOVE, _Pt.HIGH, Action.PROMOTE_RETAIN),
    Box(8, _L.MEETS, _Pt.HIGH, Action.RETAIN_ROTATE),
    Box(7, _L.ABOVE, _Pt.MEDIUM, Action.RETAIN_DEVELOP),
    Box(6, _L.BELOW, _Pt.HIGH, Action.PLACE_COACH_COUNSEL),
    Box(5, _L.MEETS, _Pt.MEDIUM, Action.PLACE_COACH_DEVELOP),
    Box(4, _L.ABOVE, _Pt.LOW, Action.ROTATE_DEVELOP),
    Box(3, _L.BELOW, _Pt.MEDIUM, Action.COACH_COUNSEL_DEVELOP),
    Box(2, _L.MEETS, _Pt.LOW, Action.COACH_DEVELOP),
    Box(1, _L.BELOW, _Pt.LOW, Action.CIVIL_SERVICE_RULES),
)
_BY_AXES = {(box.performance, box.potential): box for box in _BOXES}
_BY_NUMBER = {box.number: box for box in _BOXES}


def box_for(performance: Level, potential: Potential) -> Box:
    """The 9-box cell for a performance level and a potential level."""
    return _BY_AXES[(Level(performance), Potential(potential))]


def box_number(number: int) -> Box:
    """The box with this number (1..9); KeyError otherwise."""
    return _BY_NUMBER[int(number)]


SUCCESSION_BOXES = frozenset(n for n in _BY_NUMBER if _BY_NUMBER[n].in_succession_group)
# The grid as drawn: rows potential high -> low, columns performance below -> above.
GRID_ROWS: tuple[tuple[int, ...], ...] = tuple(
    tuple(box_for(perf, pot).number for perf in (_L.BELOW, _L.MEETS, _L.ABOVE))
    for pot in (_Pt.HIGH, _Pt.MEDIUM, _Pt.LOW)
)


# ---------------------------------------------------------------- succession
KEY_POSITION_TYPES = frozenset({"JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR"})


def is_key_position(position_type: str) -> bool:
    """Succession plans are kept for JPT and Administrator positions."""
    return str(position_type) in KEY_POSITION_TYPES
