"""Revenue-fed indicators: writing revenue results into people's monthly indicators.

An indicator linked to a revenue source (or to total PAD) gets, on every
IndicatorTarget of an open month that carries it, the realisation % of that source
for the month (realisation / phased monthly target x 100) as its realisation, the
achievement % by core.performance's own rule (`indicator_achievement_pct`) and the
status "confirmed" -- the figure comes from the revenue books, not from the person,
so the supervisor has nothing to confirm. The monthly result of core.performance
averages confirmed achievements into IKI, so it uses these without manual entry.

Months whose performance period is closing or closed, and people whose month was
frozen by an OPD close, are left alone: core.performance's corrections change those.
Months or sources with no realisation recorded yet are skipped (not reported is not 0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from core.actors import Actor
from core.audit.services import record_event
from core.performance.models import IndicatorTarget, MonthlyResult, PeriodStatus
from core.performance.policy import current_policy
from core.performance.rules import indicator_achievement_pct
from core.revenue import rules
from core.revenue.models import MonthlyTarget, Realisation, RevenueIndicator

if TYPE_CHECKING:
    from core.accounts.models import User


Key = tuple[int | None, int]  # (source id or None for the total, month)


def month_rates(year: int, months: Iterable[int]) -> dict[Key, Decimal]:
    """Realisation % against the phased target per (source, month) and (None, month)."""
    months = sorted(set(months))
    targets: dict[Key, int] = {}
    actual: dict[Key, int] = {}
    for source_id, month, amount in MonthlyTarget.objects.filter(
        year=year, month__in=months, source__is_active=True
    ).values_list("source_id", "month", "amount"):
        targets[(source_id, month)] = amount
        targets[(None, month)] = targets.get((None, month), 0) + amount
    for source_id, month, amount in Realisation.objects.filter(
        year=year, month__in=months, source__is_active=True
    ).values_list("source_id", "month", "amount"):
        actual[(source_id, month)] = amount
        actual[(None, month)] = actual.get((None, month), 0) + amount
    rates = {}
    for key, amount in actual.items():
        rate = rules.pct(amount, targets.get(key))
        if rate is not None:
            rates[key] = rate
    return rates


@dataclass(frozen=True)
class FeedResult:
    updated: int
    skipped_closed: int


def feed_indicators(year: int, months: Iterable[int], *, actor: Actor | User) -> FeedResult:
    """Refresh the revenue-fed indicator targets of `months` of `year`. Set-based."""

    months = sorted(set(months))
    links = dict(RevenueIndicator.objects.values_list("indicator_id", "source_id"))
    if not links or not months:
        return FeedResult(0, 0)
    frozen = MonthlyResult.objects.filter(period=OuterRef("period"), employee=OuterRef("employee"))
    items = list(
        IndicatorTarget.objects.filter(
            period__year=year, period__month__in=months, indicator_id__in=list(links)
        )
        .annotate(frozen=Exists(frozen))
        .select_related("period")
    )
    if not items:
        return FeedResult(0, 0)
    rates = month_rates(year, months)
    policies = {m: current_policy(year, m) for m in {i.period.month for i in items}}
    changed, skipped = [], 0
    for item in items:
        if item.period.status != PeriodStatus.OPEN or item.frozen:
            skipped += 1
            continue
        rate = rates.get((links[item.indicator_id], item.period.month))
        if rate is None:
            continue
        achievement = indicator_achievement_pct(
            item.target, rate, lower_is_better=False, policy=policies[item.period.month]
        )
        if (item.realisation, item.achievement_pct, item.status) == (
            rate,
            achievement,
            "confirmed",
        ):
            continue
        item.realisation, item.achievement_pct, item.status = rate, achievement, "confirmed"
        item.note = "PAD"
        changed.append(item)
    if changed:
        IndicatorTarget.objects.bulk_update(
            changed, ["realisation", "achievement_pct", "status", "note"]
        )
        record_event(
            actor=actor,
            action="revenue.indicators.feed",
            object_type="performance.indicatortarget",
            after={
                "year": year,
                "months": months,
                "targets": {
                    str(i.pk): {"realisation": i.realisation, "achievement_pct": i.achievement_pct}
                    for i in changed
                },
            },
        )
    return FeedResult(len(changed), skipped)
