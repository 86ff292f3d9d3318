"""A city's revenue figures per source and month, read in the active city schema.

The platform copies these into its metrics tables (onboarding.services.metrics) so that
APEKSI's comparison across cities reads one public table instead of every city's schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum

from core.revenue.models import MonthlyTarget, Realisation, RevenueSource


@dataclass(frozen=True)
class MonthFigure:
    code: str
    name: str
    year: int
    month: int
    target: int
    realisation: int


def monthly_figures() -> list[MonthFigure]:
    """Phased target and realisation of every active source, per month that has either.

    Two aggregate queries and one for the sources, whatever the city's size.
    """
    sources = dict(RevenueSource.objects.filter(is_active=True).values_list("pk", "code"))
    names = dict(RevenueSource.objects.filter(is_active=True).values_list("code", "name"))
    cells: dict[tuple[str, int, int], list[int]] = {}
    tables: tuple[QuerySet[Any], ...] = (MonthlyTarget.objects.all(), Realisation.objects.all())
    for index, table in enumerate(tables):
        rows = (
            table.filter(source_id__in=sources)
            .values_list("source_id", "year", "month")
            .annotate(total=Sum("amount"))
        )
        for source_id, year, month, total in rows:
            cells.setdefault((sources[source_id], year, month), [0, 0])[index] = total or 0
    return [
        MonthFigure(code, names[code], year, month, target, realisation)
        for (code, year, month), (target, realisation) in sorted(cells.items())
    ]
