"""The APEKSI view on the root domain: realisation rates per source across cities.

Figures come from the platform's metrics table (onboarding.revenue_comparison).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.accounts.access import HasRole, role_required
from core.accounts.roles import Role
from core.revenue import rules
from core.typing import CityRequest
from onboarding import revenue_comparison as comparison


def _period(params) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(params.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, rules.FIRST_YEAR), rules.LAST_YEAR)
    default = 12 if year < today.year else max(today.month - 1, 1)
    try:
        through = int(params.get("through") or default)
    except ValueError:
        through = default
    return year, min(max(through, 1), 12)


@require_safe
@role_required(Role.OPERATOR)
def comparison_page(request: CityRequest) -> HttpResponse:
    year, through = _period(request.GET)
    return render(
        request,
        "onboarding/revenue_comparison.html",
        {
            "year": year,
            "through": through,
            "rows": comparison.compare(year, through),
            "minimum": rules.MIN_CONTRIBUTING_CITIES,
            "months": rules.MONTHS,
        },
    )


class ComparisonAPIView(APIView):
    """GET: per source code, contributing cities and (from 5 cities) median and quartiles."""

    permission_classes = [HasRole(Role.OPERATOR)]

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("through", int)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        year, through = _period(request.query_params)
        return Response(
            {
                "year": year,
                "through_month": through,
                "minimum_cities": rules.MIN_CONTRIBUTING_CITIES,
                "sources": [
                    {
                        "code": row.code,
                        "name": row.name,
                        "cities": row.comparison.cities,
                        "shown": row.comparison.shown,
                        "median_pct": row.comparison.median,
                        "lower_quartile_pct": row.comparison.lower_quartile,
                        "upper_quartile_pct": row.comparison.upper_quartile,
                    }
                    for row in comparison.compare(year, through)
                ],
            }
        )
