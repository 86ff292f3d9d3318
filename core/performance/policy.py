"""The city's configuration as the plain values the rules take.

core.configuration owns the city's policy (`policy_for(year, month) -> CityPolicy`) and
calendar (`working_days(year, month)`); this module is the one place that maps them to
`rules.PerformancePolicy`, so the rules never see a model and a closed month can be
recomputed from its snapshot.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from core.configuration.models import Holiday
from core.configuration.policy import PolicyMissing, policy_for, working_days
from core.db import tenant_connection
from core.performance.models import Period, PeriodStatus
from core.performance.rules import CutBand, PerformancePolicy

_DEFAULTS = PerformancePolicy()


def _get(source: Any, *names: str, default: Any = None) -> Any:
    """The first attribute (or key) of `source` among `names` that is present."""
    for name in names:
        value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
        if value is not None:
            return value
    return default


def _pair(value: Any, first: str, second: str) -> tuple[Any, Any] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get(first), value.get(second)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value[0], value[1]
    return getattr(value, first, None), getattr(value, second, None)


def _fraction(value: Any, default: Decimal) -> Decimal:
    """Weights arrive as 0.6 or 60: both mean 60 %."""
    if value is None:
        return default
    value = Decimal(str(value))
    return value / 100 if value > 1 else value


def _bands(value: Any) -> tuple[CutBand, ...] | None:
    if not value:
        return None
    bands = []
    for band in value:
        if isinstance(band, dict):
            up_to = band.get("up_to", band.get("max_minutes", band.get("to")))
            pct = band.get("pct", band.get("percent", band.get("cut_pct")))
        elif isinstance(band, (tuple, list)):
            up_to, pct = band[-2], band[-1]
        else:
            up_to = getattr(band, "up_to", getattr(band, "max_minutes", None))
            pct = getattr(band, "pct", getattr(band, "percent", None))
        limit = None if up_to is None or up_to == "" else int(up_to)
        bands.append(CutBand(limit, Decimal(str(pct))))
    return tuple(bands)


def from_city_policy(city_policy: Any) -> PerformancePolicy:
    """Map core.configuration's CityPolicy (or its JSON data) to a PerformancePolicy."""
    d = _DEFAULTS
    weights = _pair(_get(city_policy, "result_weights"), "workload", "iki")
    factor = _pair(
        _get(city_policy, "performance_factor_weights", "factor_weights"), "result", "attendance"
    )
    thresholds = _get(city_policy, "rating_thresholds")
    above = _get(city_policy, "above_threshold", "rating_above", default=None)
    meets = _get(city_policy, "meets_threshold", "rating_meets", default=None)
    if thresholds is not None:
        above = above or _get(thresholds, "above")
        meets = meets or _get(thresholds, "meets")
    tpp_base = _get(city_policy, "tpp_base", "tpp_base_by_kelas", default={}) or {}
    cuts = _get(city_policy, "attendance_cuts", "attendance_cut_bands", "cut_bands")
    bands = _bands(_get(cuts, "bands") if isinstance(cuts, dict) else cuts)
    no_record = _get(cuts, "no_record", "no_record_pct") if isinstance(cuts, dict) else None
    absent = (
        _get(cuts, "absent", "absent_pct", "absent_per_day") if isinstance(cuts, dict) else None
    )
    return PerformancePolicy(
        minutes_per_day=int(
            _get(city_policy, "effective_minutes_per_day", default=d.minutes_per_day)
        ),
        weight_workload=_fraction(weights and weights[0], d.weight_workload),
        weight_iki=_fraction(weights and weights[1], d.weight_iki),
        above_threshold=Decimal(str(above or d.above_threshold)),
        meets_threshold=Decimal(str(meets or d.meets_threshold)),
        tpp_base={int(k): int(v) for k, v in dict(tpp_base).items()},
        factor_result_weight=_fraction(factor and factor[0], d.factor_result_weight),
        factor_attendance_weight=_fraction(factor and factor[1], d.factor_attendance_weight),
        cut_bands=bands or d.cut_bands,
        no_record_pct=Decimal(
            str(_get(city_policy, "no_record_cut_pct", default=no_record or d.no_record_pct))
        ),
        absent_pct=Decimal(
            str(_get(city_policy, "absent_cut_pct", default=absent or d.absent_pct))
        ),
        full_cut_below_score=Decimal(
            str(
                _get(
                    city_policy,
                    "full_cut_min_score",
                    "full_cut_below_score",
                    default=d.full_cut_below_score,
                )
            )
        ),
        max_backdate_days=int(_get(city_policy, "max_backdate_days", default=d.max_backdate_days)),
        allow_non_working_days=bool(
            _get(city_policy, "allow_non_working_days", default=d.allow_non_working_days)
        ),
        daily_max_minutes=int(_get(city_policy, "daily_max_minutes", default=d.daily_max_minutes)),
        escalation_days=int(
            _get(
                city_policy,
                "verification_escalation_days",
                "escalation_days",
                default=d.escalation_days,
            )
        ),
        correction_approval_rupiah=int(
            _get(city_policy, "correction_approval_rupiah", default=d.correction_approval_rupiah)
        ),
    )


def performance_policy(year: int, month: int) -> PerformancePolicy:
    """The policy in force for a month: the frozen snapshot of a closed month, else the city's."""

    snapshot = (
        Period.objects.filter(year=year, month=month, status=PeriodStatus.CLOSED)
        .values_list("policy_snapshot", flat=True)
        .first()
    )
    if snapshot:
        return PerformancePolicy.from_snapshot(snapshot)
    return current_policy(year, month)


def current_policy(year: int, month: int) -> PerformancePolicy:
    """The city's configured policy for a month (ignores any closed snapshot)."""

    try:
        return from_city_policy(policy_for(year, month))
    except PolicyMissing:  # no template adopted yet: the template defaults
        return _DEFAULTS


def calendar_days(year: int, month: int) -> list[date]:
    """The city's working days in a month (holidays and collective leave removed)."""

    try:
        return sorted(working_days(year, month))
    except PolicyMissing:  # no template adopted yet: Monday-Friday minus holidays
        off = set(
            Holiday.objects.filter(is_active=True, date__year=year, date__month=month).values_list(
                "date", flat=True
            )
        )
        last = calendar.monthrange(year, month)[1]
        days = (date(year, month, d) for d in range(1, last + 1))
        return [d for d in days if d.weekday() < 5 and d not in off]


POLICY_FIELDS = tuple(f.name for f in fields(PerformancePolicy))


# ------------------------------------------------------------------ the logging hot path
# Logging an activity checks the city's rules (days back, working days, daily maximum) on
# every request; at 16:00 the whole city logs at once. The policy and calendar of a month
# are kept per process for a short time (PERFORMANCE_RULES_CACHE_SECONDS, default 60):
# a change of policy or holidays reaches the logging checks within that time. The close,
# corrections and statements always read them fresh.
_RULES_CACHE: dict[tuple[str, int, int], tuple[float, PerformancePolicy, frozenset[date]]] = {}


def logging_rules(year: int, month: int) -> tuple[PerformancePolicy, frozenset[date]]:
    """(policy, working days) of a month for the logging checks, briefly cached."""

    ttl = getattr(settings, "PERFORMANCE_RULES_CACHE_SECONDS", 60)
    key = (tenant_connection().schema_name, year, month)
    now = time.monotonic()
    hit = _RULES_CACHE.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1], hit[2]
    value = (current_policy(year, month), frozenset(calendar_days(year, month)))
    if ttl > 0:
        _RULES_CACHE[key] = (now, *value)
    return value
