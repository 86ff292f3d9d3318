"""APEKSI's anonymised comparison of realisation rates across cities (public site).

Read from the platform's metrics table `CityRevenueMonth` (copied from each city's
schema by `refresh_city_metrics`, hourly), never by joining city schemas; then the pure
rule `core.revenue.rules.anonymised_comparison`, which shows a source only where at
least five cities contribute. A city contributes a source when it has a phased target
for it to date; the rate compared is realisation to date against the phased target to
date.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from core.revenue import rules
from onboarding.models import CityRevenueMonth
from tenants.models import City
from tenants.rules import CityStatus


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    comparison: rules.Comparison


def contributing_cities():
    return City.objects.filter(status=CityStatus.ACTIVE, is_pilot=False).order_by("pk")


def city_rates(year: int, through: int) -> tuple[list[dict[str, Decimal]], dict[str, str]]:
    """(one mapping per city: source code -> realisation % to date, code -> a name).

    The cities are not named in the result. One query.
    """
    if through < 1:
        return [], {}
    rows = (
        CityRevenueMonth.objects.filter(
            city__in=contributing_cities(), year=year, month__lte=through
        )
        .values_list("city_id", "source_code", "source_name")
        .annotate(target=Sum("target"), realisation=Sum("realisation"))
        .order_by("city_id", "source_code")
    )
    by_city: dict[int, dict[str, Decimal]] = {}
    names: dict[str, str] = {}
    for city, code, name, target, realisation in rows:
        names.setdefault(code, name)
        rate = rules.pct(realisation, target)
        if rate is not None:
            by_city.setdefault(city, {})[code] = rate
    return list(by_city.values()), names


def compare(year: int, through: int) -> list[Row]:
    """Per source, the anonymised spread (hidden below rules.MIN_CONTRIBUTING_CITIES)."""
    rates, names = city_rates(year, through)
    return [
        Row(c.code, names.get(c.code, c.code), c)
        for c in rules.anonymised_comparison(rates, minimum=rules.MIN_CONTRIBUTING_CITIES)
    ]
