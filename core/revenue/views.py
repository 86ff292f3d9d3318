"""Revenue pages (city site, /revenue/): parse, check access, call one service, render."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.spreadsheet import neutralise_row
from core.accounts.roles import Role
from core.people.models import Employee
from core.people.tabular import UnreadableFile, read_table
from core.revenue import access, dashboard, rules, services
from core.revenue.forms import (
    CorrectionForm,
    ImportForm,
    IndicatorLinkForm,
    OfficerForm,
    RealisationForm,
    SourceForm,
    TargetForm,
)
from core.revenue.models import (
    AnnualTarget,
    ClosedMonth,
    Correction,
    ImportBatch,
    MonthlyTarget,
    Officer,
    Realisation,
    RevenueIndicator,
)
from core.typing import CityRequest

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None and value != "" else default
    except ValueError:
        return default
    return min(max(number, low), high)


def _year(request: CityRequest) -> int:
    return _int(
        request.GET.get("year"), timezone.localdate().year, rules.FIRST_YEAR, rules.LAST_YEAR
    )


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# ---------------------------------------------------------------- dashboard
@require_safe
@login_required
def index(request: CityRequest) -> HttpResponse:
    sources = access.require_reader(request.user)
    year = _year(request)
    through = _int(request.GET.get("through"), dashboard.default_through(year), 0, 12)
    data = dashboard.build(year, through, sources)
    chart_code = request.GET.get("source", "")
    chart_line = next((ln for ln in data.lines if ln.code == chart_code), data.total)
    context = {
        "d": data,
        "chart_line": chart_line,
        "bars": dashboard.chart_bars(chart_line),
        "method_texts": [rules.PROJECTION_TEXT[m] for m in data.methods],
        "years": range(year - 3, year + 2),
        "months": rules.MONTHS,
        "can_write": access.writable_sources(request.user).exists(),
        "can_configure": request.user.role == Role.CITY_ADMIN,
    }
    template = "core/revenue/_dashboard.html" if request.htmx else "core/revenue/index.html"
    return render(request, template, context)


# ---------------------------------------------------------------- sources
@require_safe
@login_required
def sources(request: CityRequest) -> HttpResponse:
    readable = access.require_reader(request.user)
    rows = readable.select_related("opd", "unit").prefetch_related("officers__employee")
    return render(
        request,
        "core/revenue/sources.html",
        {"rows": rows, "can_configure": request.user.role == Role.CITY_ADMIN},
    )


@require_POST
@login_required
def link_opds(request: CityRequest) -> HttpResponse:
    access.require_configurer(request.user)
    linked = services.link_opds(actor=request.user)
    messages.success(request, _("%(count)s sources linked to OPDs.") % {"count": linked})
    return redirect("revenue:sources")


@require_http_methods(["GET", "POST"])
@login_required
def source_edit(request: CityRequest, code: str) -> HttpResponse:
    access.require_configurer(request.user)
    source = access.get_source_for_reader(request.user, code)
    form = SourceForm(
        request.POST or None,
        initial={"opd": source.opd_id, "unit": source.unit_id, "is_active": source.is_active},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_source(
                source,
                actor=request.user,
                opd_id=data["opd"].pk if data["opd"] else None,
                unit_id=data["unit"].pk if data["unit"] else None,
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("revenue:source_edit", code=source.code)
    officers = Officer.objects.filter(source=source).select_related("employee")
    return render(
        request,
        "core/revenue/source_edit.html",
        {"source": source, "form": form, "officers": officers, "officer_form": OfficerForm()},
    )


@require_POST
@login_required
def officer_add(request: CityRequest, code: str) -> HttpResponse:
    access.require_configurer(request.user)
    source = access.get_source_for_reader(request.user, code)
    form = OfficerForm(request.POST)
    employee = None
    if form.is_valid():
        employee = Employee.objects.filter(nip=form.cleaned_data["nip"]).first()
    if employee is None:
        messages.error(request, _("No employee with this NIP."))
    else:
        services.assign_officer(source, employee.pk, actor=request.user)
        messages.success(request, _("Officer assigned."))
    return redirect("revenue:source_edit", code=source.code)


@require_POST
@login_required
def officer_remove(request: CityRequest, code: str, employee_id: int) -> HttpResponse:
    access.require_configurer(request.user)
    source = access.get_source_for_reader(request.user, code)
    services.remove_officer(source, employee_id, actor=request.user)
    return redirect("revenue:source_edit", code=source.code)


# ---------------------------------------------------------------- targets
def _target_rows(year: int, sources) -> list[dict]:
    targets = {t.source_id: t for t in AnnualTarget.objects.filter(year=year)}
    months: dict[int, list[int]] = {}
    for source_id, month, amount in MonthlyTarget.objects.filter(year=year).values_list(
        "source_id", "month", "amount"
    ):
        months.setdefault(source_id, [0] * 12)[month - 1] = amount
    return [{"source": s, "target": targets.get(s.pk), "months": months.get(s.pk)} for s in sources]


@require_safe
@login_required
def targets(request: CityRequest) -> HttpResponse:
    readable = access.require_reader(request.user)
    year = _year(request)
    return render(
        request,
        "core/revenue/targets.html",
        {
            "year": year,
            "rows": _target_rows(year, readable.filter(is_active=True)),
            "can_configure": request.user.role == Role.CITY_ADMIN,
            "months": rules.MONTHS,
        },
    )


@require_POST
@login_required
def target_set(request: CityRequest, year: int, code: str) -> HttpResponse:
    access.require_configurer(request.user)
    source = access.get_source_for_reader(request.user, code)
    form = TargetForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.set_target(
                source,
                year,
                actor=request.user,
                apbd=form.cleaned_data["apbd"],
                apbd_p=form.cleaned_data["apbd_p"] or None,
            )
        except ValidationError as exc:
            errors = _errors(exc)
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if not request.htmx:
        for error in errors:
            messages.error(request, error)
        return redirect(f"{reverse('revenue:targets')}?year={year}")
    [row] = _target_rows(year, [source])
    return render(
        request,
        "core/revenue/_target_row.html",
        {"row": row, "year": year, "errors": errors, "can_configure": True},
        status=422 if errors else 200,
    )


# ---------------------------------------------------------------- realisation
@require_safe
@login_required
def realisation(request: CityRequest) -> HttpResponse:
    writable = access.require_writer(request.user)
    year = _year(request)
    last = services.last_reportable_month(year)
    month = _int(request.GET.get("month"), max(last - 1, 1), 1, 12)
    amounts = dict(
        Realisation.objects.filter(year=year, month=month).values_list("source_id", "amount")
    )
    rows = [{"source": s, "amount": amounts.get(s.pk)} for s in writable.filter(is_active=True)]
    return render(
        request,
        "core/revenue/realisation.html",
        {
            "year": year,
            "month": month,
            "rows": rows,
            "closed": services.is_closed(year, month),
            "future": month > last,
            "months": rules.MONTHS,
        },
    )


@require_POST
@login_required
def realisation_set(request: CityRequest, year: int, month: int, code: str) -> HttpResponse:
    source = access.get_source_for_writer(request.user, code)
    form = RealisationForm(request.POST)
    errors: list[str] = []
    amount = None
    if form.is_valid():
        try:
            amount = services.record_realisation(
                source, year, month, form.cleaned_data["amount"], actor=request.user
            ).amount
        except ValidationError as exc:
            errors = _errors(exc)
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if amount is None:
        amount = (
            Realisation.objects.filter(source=source, year=year, month=month)
            .values_list("amount", flat=True)
            .first()
        )
    if not request.htmx:
        for error in errors:
            messages.error(request, error)
        return redirect(f"{reverse('revenue:realisation')}?year={year}&month={month}")
    return render(
        request,
        "core/revenue/_realisation_row.html",
        {
            "row": {"source": source, "amount": amount},
            "year": year,
            "month": month,
            "errors": errors,
            "saved": not errors,
        },
        status=422 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_file(request: CityRequest) -> HttpResponse:
    access.require_writer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                table = read_table(upload.read(), upload.name)
            except UnreadableFile as exc:
                form.add_error("file", exc.message)
            else:
                report = services.import_realisation(
                    table.headers,
                    table.rows,
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    file_name=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                )
    status = 422 if report is not None and not report.ok else 200
    return render(
        request,
        "core/revenue/import.html",
        {"form": form, "report": report, "batches": ImportBatch.objects.all()[:10]},
        status=status,
    )


@require_safe
@login_required
def import_template(request: CityRequest) -> HttpResponse:
    writable = access.require_writer(request.user)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(rules.IMPORT_COLUMNS)
    for code in writable.filter(is_active=True).values_list("code", flat=True):
        writer.writerow(neutralise_row([code, 1, 0]))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="realisasi-pad.csv"'
    return response


# ---------------------------------------------------------------- months and corrections
@require_safe
@login_required
def months(request: CityRequest) -> HttpResponse:
    readable = access.require_reader(request.user)
    year = _year(request)
    closed = {c.month: c for c in ClosedMonth.objects.filter(year=year).select_related("closed_by")}
    today = timezone.localdate()
    rows = [
        {
            "month": m,
            "closed": closed.get(m),
            "ended": (year, m) < (today.year, today.month),
        }
        for m in rules.MONTHS
    ]
    corrections = Correction.objects.filter(year=year, source__in=readable).select_related(
        "source", "made_by"
    )
    return render(
        request,
        "core/revenue/months.html",
        {
            "year": year,
            "rows": rows,
            "corrections": corrections,
            "can_close": access.can_close(request.user),
        },
    )


@require_POST
@login_required
def month_close(request: CityRequest, year: int, month: int) -> HttpResponse:
    access.require_closer(request.user)
    try:
        services.close_month(year, month, actor=request.user)
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    else:
        messages.success(request, _("Month closed."))
    return redirect(f"{reverse('revenue:months')}?year={year}")


@require_http_methods(["GET", "POST"])
@login_required
def correction_new(request: CityRequest) -> HttpResponse:
    access.require_closer(request.user)
    candidates = access.readable_sources(request.user)
    form = CorrectionForm(request.POST or None, sources=candidates, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = access.get_source_for_corrector(request.user, data["source"].code)
            services.correct_realisation(
                source,
                data["year"],
                data["month"],
                data["amount"],
                actor=request.user,
                reason=data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Correction recorded."))
            return redirect(f"{reverse('revenue:months')}?year={data['year']}")
    return render(request, "core/revenue/correction.html", {"form": form})


# ---------------------------------------------------------------- revenue-fed indicators
@require_http_methods(["GET", "POST"])
@login_required
def indicators(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    can_configure = request.user.role == Role.CITY_ADMIN
    form = IndicatorLinkForm(request.POST or None)
    if request.method == "POST":
        access.require_configurer(request.user)
        if form.is_valid():
            try:
                services.link_indicator(
                    actor=request.user,
                    source=form.cleaned_data["source"],
                    code=form.cleaned_data["code"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Indicator added to the library."))
                return redirect("revenue:indicators")
    links = RevenueIndicator.objects.select_related("indicator", "source")
    return render(
        request,
        "core/revenue/indicators.html",
        {"links": links, "form": form, "can_configure": can_configure},
    )
