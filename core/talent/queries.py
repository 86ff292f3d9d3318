"""Read-side helpers for pages and the API: grid counts, pools, distribution, history.

Each takes an already access-filtered queryset and runs a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, QuerySet

from core.talent.labels import ACTION_LABELS, POTENTIAL_LABELS, PREDICATE_LABELS, describe_rule
from core.talent.models import Assessment, AssessmentKind, AssessmentRound, TalentPlacement
from core.talent.policy import talent_policy
from core.talent.rules import (
    GRID_ROWS,
    Bound,
    DistributionRule,
    OrgPredicate,
    Potential,
    Predicate,
    box_number,
    check_distribution,
)

POSITION_LEVEL_ORDER = [
    "JPT_UTAMA",
    "JPT_MADYA",
    "JPT_PRATAMA",
    "ADMINISTRATOR",
    "PENGAWAS",
    "FUNGSIONAL",
    "PELAKSANA",
]


@dataclass(frozen=True)
class Cell:
    number: int
    count: int
    action: str
    performance: str
    potential: str
    succession: bool


def grid(placements: QuerySet[TalentPlacement]) -> list[list[Cell]]:
    """The 9-box as drawn (potential high to low, performance below to above) with counts."""
    counts = dict(placements.values_list("box").annotate(n=Count("id")).values_list("box", "n"))
    rows = []
    for row in GRID_ROWS:
        cells = []
        for number in row:
            box = box_number(number)
            cells.append(
                Cell(
                    number=number,
                    count=counts.get(number, 0),
                    action=str(ACTION_LABELS[box.action]),
                    performance=box.performance.value,
                    potential=str(POTENTIAL_LABELS[box.potential]),
                    succession=box.in_succession_group,
                )
            )
        rows.append(cells)
    return rows


def pools(placements: QuerySet[TalentPlacement]) -> list[tuple[str, list[TalentPlacement]]]:
    """Boxes 7-9 grouped by current position level (JPT, Administrator, ...), best first."""
    members = placements.filter(box__gte=7).select_related("employee", "position", "opd")
    grouped: dict[str, list[TalentPlacement]] = {}
    for placement in members.order_by("-box", "-potential_score", "employee__name"):
        grouped.setdefault(placement.position_type, []).append(placement)
    order = {level: i for i, level in enumerate(POSITION_LEVEL_ORDER)}
    return sorted(grouped.items(), key=lambda item: order.get(item[0], 99))


@dataclass(frozen=True)
class Bar:
    predicate: str
    label: str
    count: int
    pct: float
    limit_pct: float | None  # the bound on this predicate alone, for the curve marker
    limit_kind: str  # "max", "min" or ""


def distribution(round_: AssessmentRound) -> dict:
    """Counts and shares per predicate against the bounds of the OPD's predicate."""
    predicates = list(round_.assessments.exclude(predicate="").values_list("predicate", flat=True))
    counts = Counter(predicates)
    total = len(predicates)
    rules: Sequence[DistributionRule] = ()
    if round_.org_predicate:
        if round_.rules_snapshot:
            from core.talent.rules import rules_from_data

            rule_sets = rules_from_data(round_.rules_snapshot)
        else:
            rule_sets = talent_policy(round_.year, round_.last_month).distribution_rules
        rules = rule_sets.get(OrgPredicate(round_.org_predicate), ())
    bars = []
    for p in Predicate:
        limit, kind = None, ""
        for rule in rules:
            if rule.predicates == frozenset({p}) and rule.bound in (
                Bound.AT_MOST_PCT,
                Bound.AT_LEAST_PCT,
            ):
                limit = float(rule.value)
                kind = "max" if rule.bound is Bound.AT_MOST_PCT else "min"
        share = float(Fraction(counts[p], total) * 100) if total else 0.0
        bars.append(Bar(p.value, str(PREDICATE_LABELS[p]), counts[p], share, limit, kind))
    violations = check_distribution(predicates, rules)
    return {
        "bars": bars,
        "total": total,
        "rules": [describe_rule(rule) for rule in rules],
        "violations": violations,
        "violation_rows": [
            {
                "rule": describe_rule(v.rule),
                "count": v.count,
                "total": v.total,
                "share_pct": v.share_pct,
            }
            for v in violations
        ],
    }


def history(employee_id: int) -> list[dict]:
    """Per year: the annual predicate, potential and box of a person (latest year first)."""
    placements = {p.year: p for p in TalentPlacement.objects.filter(employee_id=employee_id)}
    annual = {
        a.round.year: a
        for a in Assessment.objects.filter(
            employee_id=employee_id, round__kind=AssessmentKind.ANNUAL
        ).select_related("round")
    }
    rows = []
    for year in sorted(set(placements) | set(annual), reverse=True):
        placement, assessment = placements.get(year), annual.get(year)
        box = box_number(placement.box) if placement else None
        rows.append(
            {
                "year": year,
                "predicate": assessment.predicate if assessment else "",
                "predicate_label": PREDICATE_LABELS.get(Predicate(assessment.predicate))
                if assessment and assessment.predicate
                else "",
                "credit_points": assessment.credit_points if assessment else None,
                "potential": POTENTIAL_LABELS[Potential(placement.potential)] if placement else "",
                "box": placement.box if placement else None,
                "calibrated": bool(placement and placement.box != placement.computed_box),
                "action": ACTION_LABELS[box.action] if box else "",
            }
        )
    return rows


def predicate_counts(rounds: list[AssessmentRound]) -> dict[int, list[int]]:
    """round id -> staff count per predicate (best first), in one query."""
    counts: dict[int, list[int]] = {r.pk: [0] * len(Predicate) for r in rounds}
    order = {p.value: i for i, p in enumerate(Predicate)}
    rows = (
        Assessment.objects.filter(round_id__in=list(counts))
        .exclude(predicate="")
        .values_list("round_id", "predicate")
        .annotate(n=Count("id"))
    )
    for round_id, value, n in rows:
        counts[round_id][order[value]] = n
    return counts
