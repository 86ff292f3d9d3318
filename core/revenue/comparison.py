"""APEKSI's anonymised comparison of realisation rates across cities (public site).

One read-only statement over the revenue tables of every active, non-pilot city
(UNION ALL across their schemas; no data is copied out of a city), then the pure rule
`rules.anonymised_comparison`, which shows a source only where at least five cities
contribute. A city contributes a source when it has a phased target for it to date.
The rate compared is realisation to date against the phased target to date.

`core` normally knows nothing of tenancy; this module is the one exception and is
used only by the public site (core.revenue.public_views).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from core.revenue import rules
from core.revenue.models import MonthlyTarget, Realisation, RevenueSource

_PER_CITY = """
SELECT %s AS city, s.code, s.name,
       (SELECT coalesce(sum(t.amount), 0) FROM {schema}.{target} t
         WHERE t.source_id = s.id AND t.year = %s AND t.month <= %s) AS target,
       (SELECT coalesce(sum(r.amount), 0) FROM {schema}.{real} r
         WHERE r.source_id = s.id AND r.year = %s AND r.month <= %s) AS realisation
FROM {schema}.{source} s WHERE s.is_active
"""


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    comparison: rules.Comparison


def contributing_cities():
    from tenants.models import City
    from tenants.rules import CityStatus

    return City.objects.filter(status=CityStatus.ACTIVE, is_pilot=False).order_by("pk")


def city_rates(year: int, through: int) -> tuple[list[dict[str, Decimal]], dict[str, str]]:
    """(one mapping per city: source code -> realisation % to date, code -> a name).

    The cities are not named in the result.
    """
    cities = list(contributing_cities().values_list("pk", "schema_name"))
    if not cities or through < 1:
        return [], {}
    quote = connection.ops.quote_name
    parts, params = [], []
    for pk, schema in cities:
        parts.append(
            _PER_CITY.format(
                schema=quote(schema),
                target=quote(MonthlyTarget._meta.db_table),
                real=quote(Realisation._meta.db_table),
                source=quote(RevenueSource._meta.db_table),
            )
        )
        params += [pk, year, through, year, through]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
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
