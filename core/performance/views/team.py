"""My team: who has not logged today, what waits; behaviour ratings and monthly targets."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.params import is_ascii_id
from core.performance import dashboards
from core.performance.access import get_employee_for_supervisor
from core.performance.forms import BERAKHLAK_LABELS, BehaviourForm, RealisationForm, TargetForm
from core.performance.models import BehaviourRating, IndicatorTarget, Period, PeriodStatus
from core.performance.periods import is_writable, month_bounds
from core.performance.rules import BERAKHLAK
from core.performance.services.common import employee_of
from core.performance.services.monthly import (
    assign_target,
    confirm_target,
    rate_behaviour,
    report_realisation,
)
from core.performance.views.common import messages_of, month_arg
from core.typing import CityRequest


def open_rating_months(today: date, back: int = 2) -> list[tuple[int, int]]:
    """The months a supervisor may still rate: this month and up to `back` earlier
    months that are not closed (a month nobody touched is open), latest first."""
    months = []
    year, month = today.year, today.month
    for _step in range(back + 1):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    closed = {
        (p.year, p.month)
        for p in Period.objects.filter(year__in={y for y, _m in months}, status=PeriodStatus.CLOSED)
    }
    return [m for m in months if m not in closed]


@login_required
@require_safe
def team(request: CityRequest) -> HttpResponse:
    supervisor = employee_of(request.user)
    today = timezone.localdate()
    rows = dashboards.team(supervisor, today)
    months = open_rating_months(today)
    rated = set(
        BehaviourRating.objects.filter(
            employee_id__in=[r.employee.pk for r in rows],
            period__year__in={y for y, _m in months},
        ).values_list("employee_id", "period__year", "period__month")
    )
    for row in rows:
        row.ratings = [
            {"year": y, "month": m, "day": date(y, m, 1), "done": (row.employee.pk, y, m) in rated}
            for y, m in months
        ]
    return render(
        request,
        "core/performance/team.html",
        {
            "rows": rows,
            "today": today,
            "months": [date(y, m, 1) for y, m in months],
            "unrated": sum(1 for r in rows for x in r.ratings if not x["done"]),
            "not_logged": sum(1 for r in rows if not r.logged_today),
            "waiting": sum(r.waiting for r in rows),
        },
    )


def _rating_month(request: CityRequest, year: int | None, month: int | None) -> tuple[int, int]:
    """The month to rate: from the path (/<year>/<month>/), `?period=<id>`, or
    `?year=&month=`; this month by default."""
    if year is None and is_ascii_id(request.GET.get("period") or ""):
        period = Period.objects.filter(pk=int(request.GET["period"])).first()
        if period is not None:
            return period.year, period.month
    if year is not None and month is not None:
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return year, month
        raise Http404
    return month_arg(request)


@login_required
@require_http_methods(["GET", "POST"])
def rate(
    request: CityRequest, employee_id: int, year: int | None = None, month: int | None = None
) -> HttpResponse:
    """Rate one report's BerAKHLAK behaviour for any month that is still open for them.
    URL shapes: team/<id>/behaviour/<year>/<month>/ or team/<id>/behaviour/?period=<id>."""
    year, month = _rating_month(request, year, month)
    last_day = month_bounds(year, month)[1]
    employee = get_employee_for_supervisor(request.user, employee_id, last_day)
    existing = BehaviourRating.objects.filter(
        employee=employee, period__year=year, period__month=month
    ).first()
    initial = {name: getattr(existing, name) for name in BERAKHLAK} if existing else None
    form = BehaviourForm(request.POST or None, initial=initial)
    writable = is_writable(employee.pk, last_day)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rate_behaviour(
                    actor=request.user,
                    employee_id=employee.pk,
                    year=year,
                    month=month,
                    levels=form.cleaned_data,
                )
                messages.success(
                    request,
                    _("Behaviour rating for %(month)s saved.")
                    % {"month": date_format(date(year, month, 1), "F Y")},
                )
                return redirect("performance:team")
            except ValidationError as error:
                for message in messages_of(error):
                    form.add_error(None, message)
    return render(
        request,
        "core/performance/rate.html",
        {
            "form": form,
            "employee": employee,
            "year": year,
            "month": month,
            "month_day": date(year, month, 1),
            "writable": writable,
            "existing": existing,
            "labels": BERAKHLAK_LABELS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: CityRequest, employee_id: int) -> HttpResponse:
    year, month = month_arg(request)
    employee = get_employee_for_supervisor(request.user, employee_id, month_bounds(year, month)[1])
    form = TargetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assign_target(
                    actor=request.user,
                    employee_id=employee.pk,
                    year=year,
                    month=month,
                    indicator_id=form.cleaned_data["indicator_choice"].pk,
                    target=form.cleaned_data["target"],
                )
                messages.success(request, _("Target saved."))
                return redirect(f"{request.path}?year={year}&month={month}")
            except ValidationError as error:
                for message in messages_of(error):
                    form.add_error(None, message)
    items = IndicatorTarget.objects.filter(
        employee=employee, period__year=year, period__month=month
    ).select_related("indicator")
    return render(
        request,
        "core/performance/targets.html",
        {"form": form, "employee": employee, "items": items, "year": year, "month": month},
        status=status,
    )


@login_required
@require_POST
def confirm(request: CityRequest, target_id: int) -> HttpResponse:
    try:
        item = confirm_target(target_id, actor=request.user)
        messages.success(request, _("Realisation confirmed."))
        return redirect("performance:targets", employee_id=item.employee_id)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
        return redirect("performance:team")


@login_required
@require_http_methods(["GET", "POST"])
def my_targets(request: CityRequest) -> HttpResponse:
    employee = employee_of(request.user)
    year, month = month_arg(request)
    items = list(
        IndicatorTarget.objects.filter(
            employee=employee, period__year=year, period__month=month
        ).select_related("indicator")
    )
    forms_by_id = {item.pk: RealisationForm(prefix=f"t{item.pk}") for item in items}
    status = 200
    if request.method == "POST":
        target_id = int(request.POST.get("target", 0) or 0)
        form = RealisationForm(request.POST, request.FILES, prefix=f"t{target_id}")
        forms_by_id[target_id] = form
        status = 400
        if form.is_valid():
            try:
                report_realisation(
                    target_id,
                    actor=request.user,
                    realisation=form.cleaned_data["realisation"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data["evidence"],
                )
                messages.success(request, _("Realisation reported."))
                return redirect("performance:my_targets")
            except ValidationError as error:
                for message in messages_of(error):
                    form.add_error(None, message)
    rows = [(item, forms_by_id.get(item.pk)) for item in items]
    return render(
        request,
        "core/performance/my_targets.html",
        {"rows": rows, "year": year, "month": month},
        status=status,
    )
