"""The daily-work API: the same services as the pages, JSON in and out."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.params import is_ascii_id, query_int
from core.accounts.access import HasRole
from core.accounts.roles import CITY_WIDE_READERS, Role
from core.labels import label
from core.people.access import admin_opd_id, visible_employees
from core.performance import dashboards
from core.performance.access import closing_scope, get_employee_for_viewer
from core.performance.api import serializers as s
from core.performance.close_preview import close_preview
from core.performance.exports import payroll_csv, payroll_xlsx
from core.performance.models import (
    ActivityEntry,
    IndicatorTarget,
    MonthlyResult,
    UnitClosure,
)
from core.performance.periods import find_period
from core.performance.services import activities, corrections, monthly, verification
from core.performance.services.attendance import import_attendance_upload
from core.performance.services.closing import CloseBlocked, close_period, month_preview
from core.performance.services.common import employee_of
from core.performance.services.periods import open_period
from core.performance.statement import explained
from core.performance.views.verify import queue_for
from core.typing import api_user

PARSERS = [JSONParser, MultiPartParser, FormParser]
ADMINS = HasRole(Role.CITY_ADMIN, Role.OPD_ADMIN)


def service_errors(view: Callable) -> Callable:
    """A refused close becomes a 400 with the blockers' counts (a service's
    ValidationError is a 400 everywhere: config.api.json_exception_handler)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except CloseBlocked as blocked:
            raise ValidationError(
                {
                    "non_field_errors": ["The month cannot be closed yet."],
                    "blockers": blocked.blockers.counts(),
                }
            ) from None

    return wrapped


def _day_param(request: Request):

    try:
        return date.fromisoformat(request.query_params["day"])
    except ValueError:
        raise ValidationError({"day": ["Give a date as YYYY-MM-DD."]}) from None


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ------------------------------------------------------------------ activities
@extend_schema(
    methods=["GET"],
    operation_id="v1_work_activities_list",
    responses=s.ActivitySerializer(many=True),
)
@extend_schema(methods=["POST"], request=s.LogSerializer, responses=s.ActivitySerializer)
@api_view(["GET", "POST"])
@parser_classes(PARSERS)
@service_errors
def activities_view(request: Request) -> Response:
    """GET: one's own entries (?day= or ?year=&month=). POST: log one (Idempotency-Key header)."""
    employee = employee_of(api_user(request))
    if request.method == "GET":
        entries = ActivityEntry.objects.filter(employee=employee).select_related("activity_type")
        if request.query_params.get("day"):
            entries = entries.filter(day=_day_param(request))
        else:
            today = timezone.localdate()
            entries = entries.filter(
                day__year=query_int(request, "year", today.year, 2000, 2100),
                day__month=query_int(request, "month", today.month, 1, 12),
            )
        return Response(s.ActivitySerializer(entries.order_by("-day", "-id")[:500], many=True).data)
    data = _valid(s.LogSerializer, request.data)
    result = activities.log_activity(
        actor=api_user(request),
        activity_type_id=data["activity_type"],
        volume=data["volume"],
        day=data["day"],
        starts_at=data.get("starts_at"),
        ends_at=data.get("ends_at"),
        note=data.get("note", ""),
        evidence=data.get("evidence"),
        idempotency_key=request.headers.get("Idempotency-Key", "")
        or data.get("idempotency_key", ""),
        device_time=data.get("device_time"),
    )
    return Response(
        s.ActivitySerializer(result.entry).data,
        status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
    )


@extend_schema(request=s.ResubmitSerializer, responses=s.ActivitySerializer)
@api_view(["GET", "PATCH", "DELETE"])
@parser_classes(PARSERS)
@service_errors
def activity_view(request: Request, entry_id: int) -> Response:
    """GET one's own entry; PATCH corrects and resubmits it; DELETE withdraws it."""
    employee = employee_of(api_user(request))
    entry = get_object_or_404(ActivityEntry, pk=entry_id, employee=employee)
    if request.method == "GET":
        return Response(s.ActivitySerializer(entry).data)
    if request.method == "DELETE":
        activities.withdraw_activity(entry.pk, actor=api_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
    data = _valid(s.ResubmitSerializer, request.data)
    entry = activities.resubmit_activity(
        entry.pk,
        actor=api_user(request),
        volume=data.get("volume"),
        activity_type_id=data.get("activity_type"),
        note=data.get("note"),
        evidence=data.get("evidence"),
    )
    return Response(s.ActivitySerializer(entry).data)


@extend_schema(request=s.RepeatSerializer, responses=s.ActivitySerializer(many=True))
@api_view(["POST"])
@service_errors
def repeat_view(request: Request) -> Response:
    data = _valid(s.RepeatSerializer, request.data)
    created = activities.repeat_day(
        actor=api_user(request), day=data["day"], idempotency_key=data["idempotency_key"]
    )
    return Response(s.ActivitySerializer(created, many=True).data, status=status.HTTP_201_CREATED)


# ------------------------------------------------------------------ verification
@extend_schema(responses=s.ActivitySerializer(many=True))
@api_view(["GET"])
def queue_view(request: Request) -> Response:
    """Entries waiting for the signed-in supervisor, escalated ones included."""
    verifier = employee_of(api_user(request))
    entries = [entry for group in queue_for(verifier) for entry in group["entries"]]
    return Response(s.ActivitySerializer(entries, many=True).data)


@extend_schema(request=s.DecisionSerializer, responses=s.ActivitySerializer)
@api_view(["POST"])
@service_errors
def decide_view(request: Request, entry_id: int) -> Response:
    data = _valid(s.DecisionSerializer, request.data)
    entry = verification.verify_activity(
        entry_id, actor=api_user(request), approve=data["approve"], reason=data["reason"]
    )
    return Response(s.ActivitySerializer(entry).data)


@extend_schema(request=s.BulkSerializer, responses={200: serializers.DictField()})
@api_view(["POST"])
@service_errors
def bulk_view(request: Request) -> Response:
    data = _valid(s.BulkSerializer, request.data)
    return Response({"approved": verification.bulk_approve(data["ids"], actor=api_user(request))})


# ------------------------------------------------------------------ indicators and behaviour
@extend_schema(request=s.AssignTargetSerializer, responses=s.TargetSerializer(many=True))
@api_view(["GET", "POST"])
@service_errors
def targets_view(request: Request) -> Response:
    """GET: one's own targets and those one assigned this month. POST: assign a target."""
    if request.method == "GET":
        employee = employee_of(api_user(request))
        today = timezone.localdate()
        year = query_int(request, "year", today.year, 2000, 2100)
        month = query_int(request, "month", today.month, 1, 12)
        from django.db.models import Q

        items = IndicatorTarget.objects.filter(
            Q(employee=employee) | Q(assigned_by=employee), period__year=year, period__month=month
        ).select_related("indicator", "period")
        return Response(s.TargetSerializer(items, many=True).data)
    data = _valid(s.AssignTargetSerializer, request.data)
    item = monthly.assign_target(
        actor=api_user(request),
        employee_id=data["employee"],
        year=data["year"],
        month=data["month"],
        indicator_id=data["indicator"],
        target=data["target"],
    )
    return Response(s.TargetSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(request=s.RealisationSerializer, responses=s.TargetSerializer)
@api_view(["POST"])
@parser_classes(PARSERS)
@service_errors
def report_view(request: Request, target_id: int) -> Response:
    data = _valid(s.RealisationSerializer, request.data)
    item = monthly.report_realisation(
        target_id,
        actor=api_user(request),
        realisation=data["realisation"],
        note=data["note"],
        evidence=data.get("evidence"),
    )
    return Response(s.TargetSerializer(item).data)


@extend_schema(request=None, responses=s.TargetSerializer)
@api_view(["POST"])
@service_errors
def confirm_view(request: Request, target_id: int) -> Response:
    return Response(
        s.TargetSerializer(monthly.confirm_target(target_id, actor=api_user(request))).data
    )


@extend_schema(request=s.BehaviourSerializer, responses={201: serializers.DictField()})
@api_view(["POST"])
@service_errors
def behaviour_view(request: Request) -> Response:
    data = _valid(s.BehaviourSerializer, request.data)
    rating = monthly.rate_behaviour(
        actor=api_user(request),
        employee_id=data["employee"],
        year=data["year"],
        month=data["month"],
        levels={k: v for k, v in data.items() if k not in ("employee", "year", "month")},
    )
    return Response(
        {"employee": rating.employee_id, "rating": rating.rating}, status=status.HTTP_201_CREATED
    )


# ---------------------------------------------------------- attendance, periods, corrections
@extend_schema(
    request={
        "multipart/form-data": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
        }
    }
)
@api_view(["POST"])
@permission_classes([HasRole(Role.CITY_ADMIN)])
@parser_classes([MultiPartParser])
def attendance_view(request: Request) -> Response:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": ["Upload a file."]})
    report = import_attendance_upload(upload, actor=api_user(request))
    body = {
        "rows": report.rows,
        "imported": report.imported,
        "problems": [
            {"row": p.row, "column": p.column, "message": str(p.message)} for p in report.problems
        ],
    }
    return Response(
        body, status=status.HTTP_201_CREATED if report.ok else status.HTTP_400_BAD_REQUEST
    )


def _month(year: int, month: int):
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return find_period(year, month)


@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
@permission_classes([ADMINS])
def period_view(request: Request, year: int, month: int) -> Response:
    """A month's status and, while open, what blocks its close (in the admin's scope)."""
    period = _month(year, month)
    opd_id = closing_scope(api_user(request))
    body = {
        "year": year,
        "month": month,
        "status": period.status,
        "status_label": label("period_status", period.status),
    }
    closed_here = period.is_closed or (
        opd_id is not None
        and UnitClosure.objects.filter(period_id=period.pk, opd_id=opd_id).exists()
    )
    if not closed_here:
        people, blockers = month_preview(period, opd_id=opd_id)
        body.update(
            people=len(people),
            unverified_entries=blockers.unverified_entries,
            blockers=blockers.counts(),
        )
    return Response(body)


@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
@permission_classes([ADMINS])
def preview_view(request: Request, year: int, month: int) -> Response:
    """What closing the month would freeze (in the admin's scope), computed without writing:
    people per predicate, TPP total, people at Rp0 and why, the distribution check and the
    blockers by name. `fingerprint` may be sent back with the close."""
    period = _month(year, month)
    preview = close_preview(period, opd_id=closing_scope(api_user(request)))
    return Response(_plain(preview.as_dict()))


@extend_schema(request=None, responses={200: serializers.DictField()})
@api_view(["POST"])
@permission_classes([ADMINS])
@service_errors
def close_view(request: Request, year: int, month: int) -> Response:
    period = _month(year, month)
    opd_id = closing_scope(api_user(request))
    seen = request.data.get("fingerprint") if hasattr(request.data, "get") else None
    if seen and seen != close_preview(period, opd_id=opd_id).fingerprint:
        return Response(
            {"detail": "The figures changed since the preview; fetch the preview again."},
            status=status.HTTP_409_CONFLICT,
        )
    period = open_period(year, month, actor=api_user(request))
    count = close_period(period.pk, actor=api_user(request), opd_id=opd_id)
    closed_status = period.__class__.objects.get(pk=period.pk).status
    return Response(
        {
            "closed": count,
            "status": closed_status,
            "status_label": label("period_status", closed_status),
        }
    )


@extend_schema(responses=s.ResultSerializer(many=True))
@api_view(["GET"])
def results_view(request: Request, year: int, month: int) -> Response:
    """Frozen results of a month the user may see (own; reports; OPD; city)."""
    period = _month(year, month)
    visible = dashboards_visible(api_user(request))
    results = MonthlyResult.objects.filter(period_id=period.pk, employee__in=visible).order_by(
        "employee_id"
    )[:5000]
    return Response(s.ResultSerializer(results, many=True).data)


def dashboards_visible(user):

    return visible_employees(user).values("pk")


@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
def statement_view(request: Request, year: int, month: int) -> Response:
    """The TPP statement, line by line with explanations (own, or ?employee= a visible one)."""
    _month(year, month)
    employee_id = request.query_params.get("employee")
    if employee_id and is_ascii_id(employee_id):
        employee = get_employee_for_viewer(api_user(request), int(employee_id))
    else:
        employee = employee_of(api_user(request))
    result = dashboards.person_month(employee, year, month, timezone.localdate())
    if result is None:
        raise Http404
    body = {k: v for k, v in result.items() if k != "tpp_lines"}
    body["lines"] = explained(result["tpp_lines"], estimate=not result["frozen"])
    return Response(_plain(body))


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if hasattr(o, "as_dict"):  # dashboards.Basis
            return o.as_dict()
        return super().default(o)


def _plain(value):
    return json.loads(json.dumps(value, cls=_Encoder))


@extend_schema(request=s.CorrectionSerializer, responses={201: s.CorrectionOutSerializer})
@api_view(["POST"])
@permission_classes([ADMINS])
@service_errors
def correction_view(request: Request) -> Response:
    data = _valid(s.CorrectionSerializer, request.data)
    kind = data["kind"]
    if kind == "activity":
        if "entry" not in data:
            raise ValidationError({"entry": ["Required."]})
        correction = corrections.correct_activity(
            data["entry"],
            actor=api_user(request),
            reason=data["reason"],
            status=data.get("status"),
            volume=data.get("volume"),
        )
    elif kind == "attendance":
        if "employee" not in data or "day" not in data or "attendance_status" not in data:
            raise ValidationError(
                {"non_field_errors": ["employee, day and attendance_status are required."]}
            )
        correction = corrections.correct_attendance(
            data["employee"],
            data["day"],
            actor=api_user(request),
            reason=data["reason"],
            status=data["attendance_status"],
            late_minutes=data.get("late_minutes") or 0,
            early_minutes=data.get("early_minutes") or 0,
        )
    else:
        if not all(k in data for k in ("employee", "year", "month", "levels")):
            raise ValidationError(
                {"non_field_errors": ["employee, year, month and levels are required."]}
            )
        _month(data["year"], data["month"])  # 404 outside the calendar
        period = open_period(data["year"], data["month"], actor=api_user(request))
        correction = corrections.correct_behaviour(
            data["employee"],
            period.pk,
            actor=api_user(request),
            reason=data["reason"],
            levels=data["levels"],
        )
    return Response(_correction_json(correction), status=status.HTTP_201_CREATED)


def _correction_json(correction) -> dict:
    """A correction as JSON; `status` "pending" means it waits for a second approver and
    has not changed anything yet (`result_after` is then what it would give)."""
    return {
        "id": correction.pk,
        "kind": correction.kind,
        "kind_label": label("correction_kind", correction.kind),
        "status": correction.status,
        "status_label": label("correction_status", correction.status),
        "employee": correction.employee_id,
        "reason": correction.reason,
        "requested_by": correction.actor_id,
        "change_before": correction.change_before,
        "change_after": correction.change_after,
        "result_before": correction.result_before,
        "result_after": correction.result_after,
        "approver": correction.approver_id,
        "decision_note": correction.decision_note,
    }


@extend_schema(responses={200: s.CorrectionOutSerializer(many=True)})
@api_view(["GET"])
@permission_classes([ADMINS])
def pending_corrections_view(request: Request) -> Response:
    """Corrections waiting for the caller's approval (never the caller's own)."""
    pending = corrections.pending_corrections(api_user(request))[:200]
    return Response([_correction_json(c) for c in pending])


@extend_schema(request=s.CorrectionDecisionSerializer, responses={200: s.CorrectionOutSerializer})
@api_view(["POST"])
@permission_classes([ADMINS])
@service_errors
def correction_decision_view(request: Request, correction_id: int) -> Response:
    """The second approver: `{approve: true}` applies it, `{approve: false, note}` rejects."""
    data = _valid(s.CorrectionDecisionSerializer, request.data)
    correction = corrections.decide_correction(
        correction_id, actor=api_user(request), approve=data["approve"], note=data["note"]
    )
    return Response(_correction_json(correction))


@extend_schema(responses={(200, "text/csv"): bytes})
@api_view(["GET"])
@permission_classes([ADMINS])
def payroll_view(request: Request, year: int, month: int) -> HttpResponse:
    """Payroll of a closed month per OPD: ?format=csv (default) or xlsx, ?opd= for city admins."""
    period = _month(year, month)
    scope = closing_scope(api_user(request))
    opd_param = request.query_params.get("opd", "")
    opd_id = scope if scope is not None else (int(opd_param) if is_ascii_id(opd_param) else None)
    if not (
        period.is_closed
        or (opd_id and UnitClosure.objects.filter(period_id=period.pk, opd_id=opd_id).exists())
    ):
        raise Http404
    if request.query_params.get("format") == "xlsx":
        return HttpResponse(
            payroll_xlsx(period, opd_id),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return HttpResponse(payroll_csv(period, opd_id), content_type="text/csv; charset=utf-8")


# ------------------------------------------------------------------ dashboards
@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
def me_view(request: Request) -> Response:
    employee = employee_of(api_user(request))
    data = dashboards.me(employee, timezone.localdate())
    data["today"] = s.ActivitySerializer(data["today"], many=True).data
    if data["month"]:
        data["month"] = {k: v for k, v in data["month"].items() if k != "tpp_lines"}
    return Response(_plain(data))


@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
def team_view(request: Request) -> Response:
    supervisor = employee_of(api_user(request))
    rows = dashboards.team(supervisor, timezone.localdate())
    return Response(
        [
            {
                "employee": r.employee.pk,
                "name": r.employee.display_name,
                "logged_today": r.logged_today,
                "waiting": r.waiting,
            }
            for r in rows
        ]
    )


@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
@permission_classes([HasRole(Role.OPD_ADMIN, *CITY_WIDE_READERS)])
def opd_view(request: Request, opd_id: int) -> Response:
    if api_user(request).role == Role.OPD_ADMIN and admin_opd_id(api_user(request)) != opd_id:
        raise Http404
    today = timezone.localdate()
    year = query_int(request, "year", today.year, 2000, 2100)
    month = query_int(request, "month", today.month, 1, 12)
    cached = dashboards.opd_month_cached(opd_id, year, month, today)
    rows = cached.value
    ranking = [{k: v for k, v in row.items() if k != "tpp_lines"} for row in rows]
    distribution = [
        {"predicate": p, "predicate_label": label("predicate", p), "count": c, "pct": pct}
        for p, c, pct in dashboards.distribution(rows)
    ]
    return Response(
        _plain(
            {
                "as_of": timezone.localtime(cached.computed_at).isoformat(),
                "ranking": ranking,
                "distribution": distribution,
            }
        )
    )


@extend_schema(responses={200: serializers.DictField()})
@api_view(["GET"])
@permission_classes([HasRole(*CITY_WIDE_READERS)])
def city_view(request: Request) -> Response:
    today = timezone.localdate()
    cached = dashboards.city_overview_cached(today)
    as_of = timezone.localtime(cached.computed_at).isoformat()
    return Response(_plain({"as_of": as_of, **cached.value}))
