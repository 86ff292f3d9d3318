"""Implementation monitoring across all cities (operators, root domain).

Reads only the public schema: the latest `CityMetrics` row of each city, the last 30
days of rows for the trend lines, and one aggregate for go-live dates. A fixed
number of queries, however many cities there are.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import cast

from django.db.models import Min
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from core.typing import CityRequest
from onboarding.models import CityMetrics
from onboarding.rules import benchmark, sparkline
from onboarding.services.metrics import alerts_for
from tenants.models import City, CityStatusChange
from tenants.rules import CityStatus

TREND_DAYS = 30

BENCHMARKS = [
    ("activated", _("Accounts activated"), lambda r: r.activated_share, True),
    ("active", _("ASN who logged work in the last 7 days"), lambda r: r.active_share, True),
    (
        "median_hours",
        _("Median verification delay (hours)"),
        lambda r: r.median_verification_hours,
        False,
    ),
    ("months_closed", _("Months closed"), lambda r: float(r.months_closed), False),
]


def console_rows(today) -> tuple[list[dict], list[CityMetrics]]:
    cities = list(City.objects.exclude(status=CityStatus.APPLIED).select_related("billing__plan"))
    latest = {
        m.city_id: m
        for m in CityMetrics.objects.order_by("city_id", "-taken_on").distinct("city_id")
    }
    trend: dict[int, list[CityMetrics]] = defaultdict(list)
    for row in CityMetrics.objects.filter(
        taken_on__gte=today - timedelta(days=TREND_DAYS)
    ).order_by("taken_on"):
        trend[row.city_id].append(row)
    live = dict(
        CityStatusChange.objects.filter(to_status__in=[CityStatus.ACTIVE, CityStatus.PILOT])
        .values_list("city_id")
        .annotate(first=Min("created_at"))
        .values_list("city_id", "first")
    )
    rows = []
    for city in cities:
        metrics = latest.get(city.pk)
        since = timezone.localdate(live[city.pk]) if city.pk in live else None
        serving = city.status in (CityStatus.ACTIVE, CityStatus.PILOT)
        rows.append(
            {
                "city": city,
                "plan": getattr(getattr(city, "billing", None), "plan", None),
                "m": metrics,
                "alerts": alerts_for(metrics, live=since, today=today)
                if metrics and serving
                else [],
                "trend": sparkline(
                    [r.activated_share for r in trend[city.pk]], width=120, height=30, top=1.0
                ),
            }
        )
    rows.sort(key=lambda r: (-len(cast(list, r["alerts"])), cast(City, r["city"]).name))
    real = [
        latest[c.pk]
        for c in cities
        if not c.is_pilot and c.status == CityStatus.ACTIVE and c.pk in latest
    ]
    return rows, real


@require_safe
@role_required(Role.OPERATOR)
def monitor(request: CityRequest) -> HttpResponse:
    today = timezone.localdate()
    rows, real = console_rows(today)
    benchmarks = [
        {"key": key, "label": label, "value": benchmark([get(r) for r in real]), "share": share}
        for key, label, get, share in BENCHMARKS
    ]
    return render(
        request,
        "onboarding/monitor.html",
        {
            "rows": rows,
            "benchmarks": benchmarks,
            "stalled": sum(1 for r in rows if r["alerts"]),
            "taken_at": max((r["m"].taken_at for r in rows if r["m"]), default=None),
        },
    )
