"""The revenue dashboard: target vs realisation vs last year, per source and in total.

Read-only; a fixed number of queries whatever the number of sources (sources, annual
targets, monthly targets, four years of realisation), then the pure rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from core.revenue import rules
from core.revenue.models import AnnualTarget, MonthlyTarget, Realisation, RevenueSource


@dataclass
class Line:
    """One source (or the total) over the year, through `through` months."""

    code: str
    name: str
    group: str
    apbd: int = 0
    apbd_p: int | None = None
    effective: int = 0
    phasing: str = ""
    targets: list[int] = field(default_factory=lambda: [0] * 12)
    actual: list[int | None] = field(default_factory=lambda: [None] * 12)
    last_year: list[int | None] = field(default_factory=lambda: [None] * 12)
    ytd_target: int = 0
    ytd_actual: int = 0
    ytd_last_year: int = 0
    projection: int | None = None
    method: str = rules.ProjectionMethod.NONE

    @property
    def ytd_pct(self) -> Decimal | None:
        return rules.pct(self.ytd_actual, self.ytd_target)

    @property
    def annual_pct(self) -> Decimal | None:
        return rules.pct(self.ytd_actual, self.effective)

    @property
    def growth_pct(self) -> Decimal | None:
        """Year-to-date realisation against the same months of last year, minus 100."""
        base = rules.pct(self.ytd_actual, self.ytd_last_year)
        return None if base is None else base - 100

    @property
    def gap(self) -> int:
        return self.ytd_target - self.ytd_actual

    @property
    def ahead(self) -> int:
        return -self.gap

    @property
    def projection_pct(self) -> Decimal | None:
        return rules.pct(self.projection, self.effective)

    def months(self) -> list[dict]:
        return [
            {
                "month": m,
                "target": self.targets[m - 1],
                "actual": self.actual[m - 1],
                "last_year": self.last_year[m - 1],
                "pct": rules.pct(self.actual[m - 1], self.targets[m - 1]),
            }
            for m in rules.MONTHS
        ]


@dataclass
class Dashboard:
    year: int
    through: int
    lines: list[Line]
    total: Line
    ranking: list[Line]
    methods: list[str]


def default_through(year: int) -> int:
    """Months reported by default: up to last month in the current year."""
    today = timezone.localdate()
    if year < today.year:
        return 12
    return today.month - 1 if year == today.year else 0


def build(year: int, through: int, sources: QuerySet[RevenueSource] | Iterable) -> Dashboard:
    sources = list(sources.filter(is_active=True)) if isinstance(sources, QuerySet) else sources
    ids = [s.pk for s in sources]
    lines = {s.pk: Line(s.code, s.name, s.group) for s in sources}
    for t in AnnualTarget.objects.filter(year=year, source_id__in=ids):
        line = lines[t.source_id]
        line.apbd, line.apbd_p, line.effective, line.phasing = (
            t.apbd,
            t.apbd_p,
            t.effective,
            t.phasing,
        )
    for source_id, month, amount in MonthlyTarget.objects.filter(
        year=year, source_id__in=ids
    ).values_list("source_id", "month", "amount"):
        lines[source_id].targets[month - 1] = amount
    history: dict[int, dict[int, dict[int, int]]] = {}
    for source_id, y, month, amount in Realisation.objects.filter(
        source_id__in=ids, year__gte=year - rules.HISTORY_YEARS, year__lte=year
    ).values_list("source_id", "year", "month", "amount"):
        if y == year:
            lines[source_id].actual[month - 1] = amount
        else:
            history.setdefault(source_id, {}).setdefault(y, {})[month] = amount
            if y == year - 1:
                lines[source_id].last_year[month - 1] = amount
    total = Line("TOTAL", "", "")
    methods: set[str] = set()
    for source_id, line in lines.items():
        line.ytd_target = sum(line.targets[:through])
        line.ytd_actual = sum(a or 0 for a in line.actual[:through])
        line.ytd_last_year = sum(a or 0 for a in line.last_year[:through])
        weights, _years = rules.seasonal_weights(history.get(source_id, {}), before_year=year)
        if any(a is not None for a in line.actual[:through]):
            projection = rules.project_year_end(line.ytd_actual, through, weights)
            line.projection, line.method = projection.amount, projection.method
            methods.add(projection.method)
        _add(total, line)
    gaps = rules.rank_by_gap(
        rules.Gap(ln.code, ln.ytd_target, ln.ytd_actual) for ln in lines.values()
    )
    by_code = {ln.code: ln for ln in lines.values()}
    return Dashboard(
        year=year,
        through=through,
        lines=list(lines.values()),
        total=total,
        ranking=[by_code[g.code] for g in gaps if g.target],
        methods=sorted(methods),
    )


def _add(total: Line, line: Line) -> None:
    total.apbd += line.apbd
    total.effective += line.effective
    total.apbd_p = (total.apbd_p or 0) + (line.apbd_p if line.apbd_p is not None else line.apbd)
    for i in range(12):
        total.targets[i] += line.targets[i]
        for attr in ("actual", "last_year"):
            value = getattr(line, attr)[i]
            if value is not None:
                mine = getattr(total, attr)
                mine[i] = (mine[i] or 0) + value
    total.ytd_target += line.ytd_target
    total.ytd_actual += line.ytd_actual
    total.ytd_last_year += line.ytd_last_year
    if line.projection is not None:
        total.projection = (total.projection or 0) + line.projection
        total.method = "sum"


CHART_HEIGHT = 180  # px of the tallest bar; the baseline is at y = 200


def chart_bars(line: Line) -> list[dict]:
    """Per month, three bars (target, realisation, last year) in SVG coordinates."""
    top = max([*line.targets, *(a or 0 for a in line.actual), *(a or 0 for a in line.last_year), 1])
    months = []
    for m in rules.MONTHS:
        bars = []
        for offset, kind, value in (
            (6, "target", line.targets[m - 1]),
            (19, "actual", line.actual[m - 1]),
            (32, "last_year", line.last_year[m - 1]),
        ):
            height = (value or 0) * CHART_HEIGHT // top
            bars.append({"x": offset, "y": 200 - height, "h": height, "kind": kind, "value": value})
        months.append({"month": m, "x": (m - 1) * 50, "bars": bars})
    return months
