"""Dashboards: Me, OPD (ranking, distribution), City (every OPD, drill-down), statements."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from config.params import is_ascii_id
from core.accounts.roles import CITY_WIDE_READERS, Role
from core.organisation.models import OrgUnit
from core.people.access import admin_opd_id
from core.performance import dashboards
from core.performance.access import get_employee_for_viewer
from core.performance.grace import month_grace
from core.performance.services.common import employee_of
from core.performance.statement import explained
from core.performance.views.common import month_arg
from core.typing import CityRequest


def me_context(employee) -> dict:
    today = timezone.localdate()
    return {"me": dashboards.me(employee, today), "today": today, "employee": employee}


@login_required
@require_safe
def me(request: CityRequest) -> HttpResponse:
    employee = employee_of(request.user)
    return render(request, "core/performance/me.html", me_context(employee))


@login_required
@require_safe
def statement(request: CityRequest, year: int, month: int) -> HttpResponse:
    """The TPP statement of a month, line by line (own, or a visible person's)."""
    if not 1 <= month <= 12:
        raise Http404
    employee_id = request.GET.get("employee")
    if employee_id and is_ascii_id(employee_id):
        employee = get_employee_for_viewer(request.user, int(employee_id))
    else:
        employee = employee_of(request.user)
    result = dashboards.person_month(employee, year, month, timezone.localdate())
    lines = explained(result["tpp_lines"], estimate=not result["frozen"]) if result else []
    return render(
        request,
        "core/performance/statement.html",
        {
            "employee": employee,
            "result": result,
            "lines": lines,
            "year": year,
            "month": month,
            "first_day": date(year, month, 1),
            "grace": month_grace(year, month),
        },
    )


def _opd_for(request: CityRequest) -> OrgUnit:
    user = request.user
    opd_id: str | int | None
    if user.role in CITY_WIDE_READERS:
        opd_id = request.GET.get("opd", "")
        if not is_ascii_id(opd_id):
            raise Http404
    elif user.role == Role.OPD_ADMIN:
        opd_id = admin_opd_id(user)
        if opd_id is None:
            raise PermissionDenied
    else:
        raise PermissionDenied
    opd = OrgUnit.objects.filter(pk=opd_id, parent__isnull=True).first()
    if opd is None:
        raise Http404
    return opd


@login_required
@require_safe
def opd_board(request: CityRequest) -> HttpResponse:
    opd = _opd_for(request)
    year, month = month_arg(request)
    today = timezone.localdate()
    cached = dashboards.opd_month_cached(opd.pk, year, month, today)
    rows = cached.value
    return render(
        request,
        "core/performance/opd.html",
        {
            "opd": opd,
            "rows": rows,
            "summary": dashboards.opd_summary(rows),
            "basis": dashboards.month_basis(year, month, today)[0],
            "distribution": [
                (dashboards.predicate_label(p), count, pct)
                for p, count, pct in dashboards.distribution(rows)
            ],
            "live": any(not r["frozen"] for r in rows),
            "year": year,
            "month": month,
            "first_day": date(year, month, 1),
            "computed_at": cached.computed_at,
        },
    )
