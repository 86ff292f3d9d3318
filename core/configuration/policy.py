"""The read API other areas use: the policy in force for a month, and working days.

`policy_for(year, month)` returns a frozen `CityPolicy`. Policies are effective-dated:
a change made by the city admin applies from the first month not yet closed
(`first_open_month()`), and a closed month keeps the version it was closed with.
The performance area still stores its own snapshot on each closed result.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from core.configuration.models import Holiday, PolicyVersion, SkeletonUnit, Term
from core.configuration.rules import OPD_PREDICATES


@dataclass(frozen=True)
class ResultWeights:
    """Weights of the monthly result score (docs/domain.md §4; template default 50/50)."""

    workload: int
    iki: int


@dataclass(frozen=True)
class RatingThresholds:
    """Result score bounds of the results rating: >= above "di atas", >= meets "sesuai"."""

    above: Decimal
    meets: Decimal


@dataclass(frozen=True)
class PerformanceFactorWeights:
    """TPP performance factor = result% x result score + attendance% x attendance %."""

    result: int
    attendance: int


@dataclass(frozen=True)
class AttendanceCutBand:
    """One attendance or discipline deduction, in percent of the TPP base.

    kind "late_or_early" applies to minutes late (or left early) within
    [min_minutes, max_minutes] (max None = no upper bound), per occurrence; "no_record"
    per missing record; "absent" per day absent.
    """

    code: str
    kind: str
    percent: Decimal
    per: str
    min_minutes: int | None = None
    max_minutes: int | None = None

    def covers(self, minutes: int) -> bool:
        if self.kind != "late_or_early" or self.min_minutes is None:
            return False
        return minutes >= self.min_minutes and (
            self.max_minutes is None or minutes <= self.max_minutes
        )


@dataclass(frozen=True)
class CityPolicy:
    """Everything scoring, TPP and workflows need for one month, as configured by the city."""

    effective_from: date
    effective_minutes_per_day: int
    result_weights: ResultWeights
    rating_thresholds: RatingThresholds
    behaviour_method: str
    performance_factor_weights: PerformanceFactorWeights
    full_cut_min_score: Decimal
    attendance_cuts: tuple[AttendanceCutBand, ...]  # late/early minute bands, ascending
    no_record_cut_pct: Decimal  # per missing attendance record
    absent_cut_pct: Decimal  # per day absent without leave
    tpp_base: MappingProxyType  # kelas jabatan (1-17) -> integer rupiah
    max_backdate_days: int
    allow_non_working_days: bool
    daily_max_minutes: int
    verification_escalation_days: int
    objection_window_days: int
    assessment_periodicity: str
    performance_contract_review_months: int
    potential_ranges: MappingProxyType  # "rendah"/"menengah"/"tinggi" -> (min incl., max excl.)
    working_weekdays: frozenset[int]  # ISO weekdays, 1 = Monday
    # In the model-template form, read-only: ({"opd_predicate": "baik", "bounds":
    # ({"predicates": ("baik",), "op": "at_most", "percent": Decimal(70)}, ...)}, ...)
    distribution_rules: tuple[MappingProxyType, ...] = field(default_factory=tuple)
    # A correction moving someone's TPP by more than this needs a second approver.
    correction_approval_rupiah: int = 250_000

    def tpp_base_for(self, kelas: int) -> int:
        return int(self.tpp_base.get(int(kelas), 0))

    def cut_for_minutes(self, minutes: int) -> Decimal:
        """Deduction percent for one late arrival / early departure of `minutes`."""
        if minutes <= 0:
            return Decimal(0)
        for band in self.attendance_cuts:
            if band.covers(minutes):
                return band.percent
        return Decimal(0)

    def bounds_for(self, opd_predicate: str) -> tuple[MappingProxyType, ...]:
        """The distribution bounds for an OPD predicate (empty when none are set)."""
        for rule in self.distribution_rules:
            if rule["opd_predicate"] == opd_predicate:
                return rule["bounds"]
        return ()

    def potential_level(self, score: float | Decimal) -> str:
        """ "rendah" | "menengah" | "tinggi" for an assessment score 0-100."""
        value = float(score)
        for level in ("tinggi", "menengah", "rendah"):
            low, _high = self.potential_ranges[level]
            if value >= low:
                return level
        return "rendah"

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe snapshot (e.g. to store with a closed period)."""
        return policy_snapshot(self)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def build_policy(effective_from: date, data: dict[str, Any]) -> CityPolicy:
    """A CityPolicy from a PolicyVersion's data."""
    weights = data["result_weights"]
    thresholds = data["rating_thresholds"]
    factor = data["performance_factor_weights"]
    cuts = data["attendance_cuts"]
    return CityPolicy(
        effective_from=effective_from,
        effective_minutes_per_day=int(data["effective_minutes_per_day"]),
        result_weights=ResultWeights(int(weights["workload"]), int(weights["iki"])),
        rating_thresholds=RatingThresholds(
            _decimal(thresholds["above"]), _decimal(thresholds["meets"])
        ),
        behaviour_method=data["behaviour_method"],
        performance_factor_weights=PerformanceFactorWeights(
            int(factor["result"]), int(factor["attendance"])
        ),
        full_cut_min_score=_decimal(data["full_cut_min_score"]),
        attendance_cuts=tuple(
            AttendanceCutBand(
                code=cut["code"],
                kind=cut["kind"],
                percent=_decimal(cut["percent"]),
                per=cut["per"],
                min_minutes=cut.get("min_minutes"),
                max_minutes=cut.get("max_minutes"),
            )
            for cut in sorted(cuts, key=lambda c: (c.get("min_minutes") or 0, c["code"]))
            if cut["kind"] == "late_or_early"
        ),
        no_record_cut_pct=_kind_percent(cuts, "no_record"),
        absent_cut_pct=_kind_percent(cuts, "absent"),
        tpp_base=MappingProxyType({int(k): int(v) for k, v in data["tpp_base"].items()}),
        max_backdate_days=int(data["max_backdate_days"]),
        allow_non_working_days=bool(data["allow_non_working_days"]),
        daily_max_minutes=int(data["daily_max_minutes"]),
        verification_escalation_days=int(data["verification_escalation_days"]),
        objection_window_days=int(data["objection_window_days"]),
        assessment_periodicity=data["assessment_periodicity"],
        performance_contract_review_months=int(data.get("performance_contract_review_months", 6)),
        potential_ranges=MappingProxyType(
            {k: (float(v[0]), float(v[1])) for k, v in data["potential_ranges"].items()}
        ),
        working_weekdays=frozenset(int(d) for d in data["working_weekdays"]),
        correction_approval_rupiah=int(data.get("correction_approval_rupiah", 250_000)),
        distribution_rules=tuple(
            MappingProxyType(
                {
                    "opd_predicate": opd,
                    "bounds": tuple(
                        MappingProxyType(
                            {
                                "predicates": tuple(b["predicates"]),
                                "op": b["op"],
                                **(
                                    {"percent": _decimal(b["percent"])}
                                    if "percent" in b
                                    else {"count": int(b["count"])}
                                ),
                            }
                        )
                        for b in data["distribution_rules"][opd]
                    ),
                }
            )
            for opd in OPD_PREDICATES
            if opd in data["distribution_rules"]
        ),
    )


def _kind_percent(cuts: list[dict[str, Any]], kind: str) -> Decimal:
    return next((_decimal(c["percent"]) for c in cuts if c["kind"] == kind), Decimal(0))


def policy_snapshot(policy: CityPolicy) -> dict[str, Any]:
    return {
        "effective_from": policy.effective_from.isoformat(),
        "effective_minutes_per_day": policy.effective_minutes_per_day,
        "result_weights": {
            "workload": policy.result_weights.workload,
            "iki": policy.result_weights.iki,
        },
        "rating_thresholds": {
            "above": str(policy.rating_thresholds.above),
            "meets": str(policy.rating_thresholds.meets),
        },
        "behaviour_method": policy.behaviour_method,
        "performance_factor_weights": {
            "result": policy.performance_factor_weights.result,
            "attendance": policy.performance_factor_weights.attendance,
        },
        "full_cut_min_score": str(policy.full_cut_min_score),
        "attendance_cuts": [
            {
                "code": b.code,
                "kind": b.kind,
                "percent": str(b.percent),
                "per": b.per,
                "min_minutes": b.min_minutes,
                "max_minutes": b.max_minutes,
            }
            for b in policy.attendance_cuts
        ],
        "no_record_cut_pct": str(policy.no_record_cut_pct),
        "absent_cut_pct": str(policy.absent_cut_pct),
        "tpp_base": {str(k): v for k, v in sorted(policy.tpp_base.items())},
        "max_backdate_days": policy.max_backdate_days,
        "allow_non_working_days": policy.allow_non_working_days,
        "daily_max_minutes": policy.daily_max_minutes,
        "verification_escalation_days": policy.verification_escalation_days,
        "objection_window_days": policy.objection_window_days,
        "assessment_periodicity": policy.assessment_periodicity,
        "performance_contract_review_months": policy.performance_contract_review_months,
        "potential_ranges": {k: list(v) for k, v in policy.potential_ranges.items()},
        "working_weekdays": sorted(policy.working_weekdays),
        "correction_approval_rupiah": policy.correction_approval_rupiah,
        "distribution_rules": [
            {
                "opd_predicate": rule["opd_predicate"],
                "bounds": [
                    {
                        **b,
                        "predicates": list(b["predicates"]),
                        **({"percent": str(b["percent"])} if "percent" in b else {}),
                    }
                    for b in rule["bounds"]
                ],
            }
            for rule in policy.distribution_rules
        ],
    }


class PolicyMissing(LookupError):
    """The city has no policy yet (no template adopted)."""


def policy_version_for(year: int, month: int) -> PolicyVersion:
    """The version in force for a month; before the first version, the first one."""
    start = date(year, month, 1)
    version = (
        PolicyVersion.objects.filter(effective_from__lte=start).order_by("-effective_from").first()
    )
    if version is None:
        version = PolicyVersion.objects.order_by("effective_from").first()
    if version is None:
        raise PolicyMissing("This city has not adopted a model template yet.")
    return version


def policy_for(year: int, month: int) -> CityPolicy:
    """The city's policy in force for `year`-`month`."""
    version = policy_version_for(year, month)
    return build_policy(version.effective_from, version.data)


def working_days(year: int, month: int) -> list[date]:
    """The month's working days: the policy's working weekdays minus active holidays."""
    weekdays = policy_for(year, month).working_weekdays
    _, last = calendar.monthrange(year, month)
    off = set(
        Holiday.objects.filter(is_active=True, date__year=year, date__month=month).values_list(
            "date", flat=True
        )
    )
    days = (date(year, month, d) for d in range(1, last + 1))
    return [d for d in days if d.isoweekday() in weekdays and d not in off]


def is_working_day(day: date) -> bool:
    return day in set(working_days(day.year, day.month))


def last_closed_month() -> tuple[int, int] | None:
    """The latest closed period, asked of core.performance if it offers
    `core.performance.periods.last_closed_month()`; None when nothing is closed (or the
    performance area does not expose it)."""
    try:
        from core.performance.periods import last_closed_month as performance_last_closed
    except ImportError:
        return None
    try:
        with transaction.atomic():  # a savepoint: a missing table must not spoil the caller
            return performance_last_closed()
    except DatabaseError:
        return None


def first_open_month(today: date | None = None) -> tuple[int, int]:
    """The first month not yet closed: the month after the last closed one, or, when
    nothing is closed, the current month (Asia/Jakarta)."""
    closed = last_closed_month()
    if closed is not None:
        year, month = closed
        return (year + 1, 1) if month == 12 else (year, month + 1)
    today = today or timezone.localdate()
    return today.year, today.month


def is_closed_month(year: int, month: int) -> bool:
    closed = last_closed_month()
    return closed is not None and (year, month) <= tuple(closed)


def organisation_skeleton() -> list[dict[str, Any]]:
    """The adopted OPD skeleton, parents before children: the registry's starting list.

    Units with `is_pattern` (kecamatan, kelurahan and their sections) are repeated once
    per district by whoever builds the real org units.
    """

    rows = list(
        SkeletonUnit.objects.filter(is_active=True).values(
            "code", "name", "kind", "parent_code", "is_pattern", "note"
        )
    )
    parent = {row["code"]: row["parent_code"] for row in rows}

    def depth(code: str) -> int:
        level = 0
        while parent.get(code) and level < len(rows):
            code, level = parent[code], level + 1
        return level

    return sorted((dict(row) for row in rows), key=lambda row: (depth(row["code"]), row["code"]))


def terms() -> dict[str, str]:
    """The words the city uses for things (e.g. terms()["tpp"])."""

    return dict(Term.objects.values_list("key", "value"))
