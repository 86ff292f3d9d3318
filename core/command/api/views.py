"""The command centre's panels as JSON, for a city's own war-room display.

Each endpoint calls the same panel function as the screen (core.command.panels) and
answers with the same ETag as the screen's fragment, so a display polling every 30 s gets
304 while nothing changed. City-wide readers only (city admin, executive, inspector).
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.views.decorators.http import condition
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from core.accounts.access import HasRole
from core.accounts.roles import CITY_WIDE_READERS
from core.command import panels
from core.command.views import _period, screen_etag

PERIOD = [
    OpenApiParameter("year", int, description="year (default: this year)"),
    OpenApiParameter("month", int, description="month 1-12 (default: this month)"),
]


def _plain(data) -> object:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _etag(request, *args, **kwargs) -> str:
    return screen_etag(request)


def _panel(name: str, description: str):
    def decorate(func):
        func = condition(etag_func=_etag)(func)  # inside DRF: after authentication
        func = permission_classes([HasRole(*CITY_WIDE_READERS)])(func)
        func = api_view(["GET"])(func)
        return extend_schema(
            operation_id=f"command_{name}",
            description=description,
            parameters=PERIOD,
            responses={200: serializers.DictField()},
        )(func)

    return decorate


@_panel("today", "Today: who logged by hour vs the usual curve, entries, minutes, backlog.")
def today_view(request: Request) -> Response:
    now = timezone.localtime()
    return Response(
        _plain(
            {
                "as_of": now.isoformat(),
                "today": panels.today_panel(now),
                "backlog": panels.backlog(now.date()),
            }
        )
    )


@_panel("month", "This month per OPD (month_rows figures) with the daily verified minutes.")
def month_view(request: Request) -> Response:
    year, month, _live = _period(request)
    return Response(_plain(panels.month_panel(year, month)))


@_panel("money", "TPP to be paid against the TPP budget, and PAD against its target.")
def money_view(request: Request) -> Response:
    year, month, _live = _period(request)
    totals = panels.month_figures(year, month)["totals"]
    return Response(
        _plain({"tpp": panels.tpp_panel(year, month, totals), "pad": panels.revenue_panel(year)})
    )


@_panel("alerts", "Alerts that fire now, each with who to call.")
def alerts_view(request: Request) -> Response:
    now = timezone.localtime()
    return Response(_plain({"as_of": now.isoformat(), "alerts": panels.alerts(now)}))
