"""Pure rules of the command centre: usual curves, paces, projections, alert tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

HOURS = range(6, 19)  # the hours the day chart shows (06:00-18:00 WIB)


def cumulative(by_hour: dict[int, int], hours: Sequence[int] = HOURS) -> list[int]:
    """Running totals at the end of each hour in `hours` (earlier hours included)."""
    out, running = [], sum(v for h, v in by_hour.items() if h < hours[0])
    for hour in hours:
        running += by_hour.get(hour, 0)
        out.append(running)
    return out


def same_weekdays(day: date, weeks: int = 4) -> list[date]:
    """The same weekday of the `weeks` weeks before `day`, most recent first."""
    return [day - timedelta(weeks=n) for n in range(1, weeks + 1)]


def median_curve(curves: Sequence[Sequence[int]]) -> list[float] | None:
    """Hour by hour median of several cumulative curves; None without any curve."""
    if not curves:
        return None
    return [float(median(values)) for values in zip(*curves, strict=True)]


def pct(part: float, whole: float) -> float:
    """part / whole in percent, two decimals; 0 for an empty whole."""
    return round(part * 100 / whole, 2) if whole else 0.0


def year_projection(paid_closed: int, closed_months: int, this_month: int) -> int:
    """The year's TPP at the current pace: what the closed months paid, and this month's
    estimate for each of the others (this one, those to come, and earlier ones not closed
    yet or paid before the city worked on the platform, which have no results here)."""
    return paid_closed + this_month * (12 - closed_months)


@dataclass(frozen=True)
class RateCheck:
    opd_id: int
    logged: int
    people: int
    rate: float
    city_rate: float

    @property
    def gap(self) -> float:
        return round(self.city_rate - self.rate, 2)


def below_city_rate(
    rows: Sequence[tuple[int, int, int]], gap_points: float
) -> tuple[float, list[RateCheck]]:
    """(city rate, OPDs whose share of people who logged is `gap_points` or more below
    the city's), from (opd id, people who logged, people) rows; largest gap first."""
    logged = sum(r[1] for r in rows)
    people = sum(r[2] for r in rows)
    city_rate = pct(logged, people)
    checks = [RateCheck(o, n, p, pct(n, p), city_rate) for o, n, p in rows if p]
    below = [c for c in checks if c.gap >= gap_points and c.gap > 0]
    return city_rate, sorted(below, key=lambda c: (-c.gap, c.opd_id))


def over_budget(projection: int, budget: int | None, margin_pct: int) -> bool:
    """True when a projection exceeds a budget by more than `margin_pct` percent."""
    if not budget:
        return False
    return projection * 100 > budget * (100 + margin_pct)


def silent_window(working_days: Sequence[date], today: date, n: int) -> list[date]:
    """The last `n` working days before `today` (fewer at the start of the calendar)."""
    return [d for d in sorted(working_days) if d < today][-n:] if n else []
