"""Periods: blockers, closing, attendance import, corrections, payroll export."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.params import is_ascii_id
from core.accounts.access import role_required
from core.accounts.roles import Role
from core.formats import number
from core.organisation.models import OrgUnit
from core.people.access import DutyRefused
from core.performance.access import closing_scope, get_employee_for_viewer
from core.performance.close_preview import close_preview, frozen_summary
from core.performance.dashboards import predicate_label
from core.performance.exports import payroll_csv, payroll_xlsx
from core.performance.forms import CorrectionForm, ImportForm
from core.performance.models import (
    ActivityEntry,
    Correction,
    CorrectionStatus,
    Period,
    UnitClosure,
)
from core.performance.periods import find_period, month_bounds
from core.performance.services.attendance import import_attendance_upload
from core.performance.services.closing import CloseBlocked, close_period
from core.performance.services.corrections import correct_activity, correct_attendance
from core.performance.services.periods import open_period
from core.performance.views.common import messages_of
from core.typing import CityRequest

ADMINS = (Role.CITY_ADMIN, Role.OPD_ADMIN)


def _period(year: int, month: int) -> Period:
    """The month's period as it is (unsaved and open if nobody has opened it): read only."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return find_period(year, month)


@role_required(*ADMINS)
@require_safe
def period_list(request: CityRequest) -> HttpResponse:
    today = timezone.localdate()
    periods = list(Period.objects.order_by("-year", "-month")[:24])
    if not any((p.year, p.month) == (today.year, today.month) for p in periods):
        periods.insert(0, find_period(today.year, today.month))  # open, not written
    return render(request, "core/performance/periods.html", {"periods": periods})


ZERO_REASONS = {
    "full_cut": gettext_lazy("result score below the minimum: the whole allowance is cut"),
    "cuts": gettext_lazy("attendance and discipline cuts take the whole allowance"),
    "no_base": gettext_lazy("no TPP base for the position's kelas jabatan"),
}


def _labelled(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(predicate_label(code), n) for code, n in counts.items()]


@role_required(*ADMINS)
@require_safe
def period_detail(request: CityRequest, year: int, month: int) -> HttpResponse:
    """The month: the close preview (what would be frozen, Rp0 and why, the distribution
    check, blockers by name) and the confirmation form; once closed, what was frozen."""
    period = _period(year, month)
    opd_id = closing_scope(request.user)
    opd = OrgUnit.objects.filter(pk=opd_id).first() if opd_id else None
    preview = close_preview(period, opd_id=opd_id)
    opds = OrgUnit.objects.filter(parent__isnull=True).order_by("name") if opd_id is None else [opd]
    frozen = frozen_summary(period, opd_id=opd_id) if preview.closed else None
    return render(
        request,
        "core/performance/period.html",
        {
            "period": period,
            "first_day": date(year, month, 1),
            "last_day": month_bounds(year, month)[1],
            "opd": opd,
            "opds": opds,
            "closed_here": preview.closed,
            "preview": preview,
            "predicates": _labelled(preview.predicates),
            "frozen": frozen,
            "frozen_predicates": _labelled(frozen["predicates"]) if frozen else [],
            "zero_reasons": ZERO_REASONS,
            "confirm_value": f"{year}-{month:02d}",
            "corrections": Correction.objects.filter(period_id=period.pk).select_related(
                "employee", "actor"
            )[:50],
        },
    )


@role_required(*ADMINS)
@require_POST
def close(request: CityRequest, year: int, month: int) -> HttpResponse:
    """Freeze the month, only with the confirmation naming it and the preview's digest:
    a close freezes what the administrator saw, and a repeated submit changes nothing."""
    period = _period(year, month)
    opd_id = closing_scope(request.user)
    back = redirect("performance:period", year=year, month=month)
    if request.POST.get("confirm") != f"{year}-{month:02d}":
        messages.error(
            request, _("Tick the confirmation that names the month, then close it again.")
        )
        return back
    preview = close_preview(period, opd_id=opd_id)
    if preview.closed:
        messages.info(request, _("This month is already closed; nothing was changed."))
        return back
    if request.POST.get("seen") != preview.fingerprint:
        messages.error(
            request,
            _(
                "The figures changed since you opened the preview. Check the preview below "
                "again before closing."
            ),
        )
        return back
    try:
        period = open_period(year, month, actor=request.user)
        count = close_period(period.pk, actor=request.user, opd_id=opd_id)
        messages.success(
            request, _("Month closed: %(count)s results frozen.") % {"count": number(count)}
        )
    except CloseBlocked:
        messages.error(request, _("The month cannot be closed yet: clear the blockers below."))
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
    return back


@role_required(*ADMINS)
@require_safe
def payroll(request: CityRequest, year: int, month: int, fmt: str) -> HttpResponse:
    period = _period(year, month)
    scope = closing_scope(request.user)
    opd_param = request.GET.get("opd", "")
    opd_id = scope if scope is not None else (int(opd_param) if is_ascii_id(opd_param) else None)
    if not (
        period.is_closed
        or (opd_id and UnitClosure.objects.filter(period_id=period.pk, opd_id=opd_id).exists())
    ):
        raise Http404
    name = f"tpp-{year}-{month:02d}" + (f"-opd{opd_id}" if opd_id else "")
    if fmt == "xlsx":
        response = HttpResponse(
            payroll_xlsx(period, opd_id),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(payroll_csv(period, opd_id), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@role_required(Role.CITY_ADMIN)
@require_http_methods(["GET", "POST"])
def attendance(request: CityRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_attendance_upload(upload, actor=request.user)
        if report.ok:
            messages.success(
                request,
                _("%(count)s attendance rows imported.") % {"count": number(report.imported)},
            )
            return redirect("performance:attendance")
        status = 400
    return render(
        request, "core/performance/attendance.html", {"form": form, "report": report}, status=status
    )


@role_required(*ADMINS)
@require_http_methods(["GET", "POST"])
def correct(request: CityRequest, year: int, month: int, employee_id: int) -> HttpResponse:
    period = _period(year, month)
    employee = get_employee_for_viewer(request.user, employee_id)
    if request.user.role not in ADMINS:
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["kind"] == "attendance":
                    if not data["day"] or not data["attendance_status"]:
                        raise ValidationError(_("Give the date and the attendance status."))
                    correction = correct_attendance(
                        employee.pk,
                        data["day"],
                        actor=request.user,
                        reason=data["reason"],
                        status=data["attendance_status"],
                        late_minutes=data["late_minutes"] or 0,
                        early_minutes=data["early_minutes"] or 0,
                    )
                else:
                    entry = ActivityEntry.objects.filter(
                        pk=data["entry"] or 0, employee=employee
                    ).first()
                    if entry is None or not data["entry_status"]:
                        raise ValidationError(
                            _("Choose one of this person's activities and a decision.")
                        )
                    correction = correct_activity(
                        entry.pk,
                        actor=request.user,
                        reason=data["reason"],
                        status=data["entry_status"],
                    )
                if correction.status == CorrectionStatus.PENDING:
                    messages.info(
                        request,
                        _(
                            "This correction changes the TPP by more than the city's threshold: "
                            "it takes effect when a second administrator approves it."
                        ),
                    )
                else:
                    messages.success(request, _("Correction recorded; the result was recomputed."))
                return redirect("performance:period", year=year, month=month)
            except ValidationError as error:
                for message in messages_of(error):
                    form.add_error(None, message)
            except DutyRefused as refusal:
                form.add_error(None, refusal.message)
                status = 403
    entries = ActivityEntry.objects.filter(
        employee=employee, day__year=year, day__month=month
    ).select_related("activity_type")[:200]
    return render(
        request,
        "core/performance/correct.html",
        {"form": form, "employee": employee, "period": period, "entries": entries},
        status=status,
    )
