"""The revenue API (/api/v1/revenue/...): the same access functions and services as the pages."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.people.tabular import UnreadableFile, read_table
from core.revenue import access, dashboard, rules, services
from core.revenue.api.serializers import (
    AmountInSerializer,
    CorrectionInSerializer,
    CorrectionSerializer,
    ImportInSerializer,
    IndicatorLinkInSerializer,
    RowSerializer,
    SourceSerializer,
    TargetInSerializer,
)
from core.revenue.models import (
    AnnualTarget,
    ClosedMonth,
    Correction,
    MonthlyTarget,
    Realisation,
    RevenueIndicator,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
YEAR = OpenApiParameter("year", int, description="default: this year")
THROUGH = OpenApiParameter("through", int, description="months to date, 0-12")
MONTH = OpenApiParameter("month", int, description="1-12; all months when absent")
ROWS = RowSerializer(many=True)


def _param(request, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high], else a 400."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise exceptions.ValidationError({name: [f"Give a number from {low} to {high}."]})
    return value


def _year(request) -> int:
    return _param(request, "year", timezone.localdate().year, rules.FIRST_YEAR, rules.LAST_YEAR)


class SourceListView(APIView):
    @extend_schema(responses=SourceSerializer(many=True))
    def get(self, request):
        sources = access.require_reader(request.user).select_related("opd", "unit")
        return Response(SourceSerializer(sources, many=True).data)


def _line(line: dashboard.Line) -> dict:
    return {
        "code": line.code,
        "name": line.name,
        "apbd": line.apbd,
        "apbd_p": line.apbd_p,
        "target": line.effective,
        "ytd_target": line.ytd_target,
        "ytd_realisation": line.ytd_actual,
        "ytd_pct": line.ytd_pct,
        "ytd_last_year": line.ytd_last_year,
        "growth_pct": line.growth_pct,
        "projection": line.projection,
        "projection_method": line.method,
        "gap": line.gap,
        "months": line.months(),
    }


class DashboardView(APIView):
    """Target vs realisation vs last year per source and in total, with the projection."""

    @extend_schema(parameters=[YEAR, THROUGH], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        sources = access.require_reader(request.user)
        year = _year(request)
        through = _param(request, "through", dashboard.default_through(year), 0, 12)
        data = dashboard.build(year, through, sources)
        return Response(
            {
                "year": data.year,
                "through_month": data.through,
                "projection_methods": {m: str(rules.PROJECTION_TEXT[m]) for m in data.methods},
                "total": _line(data.total),
                "sources": [_line(line) for line in data.lines],
                "ranked_by_gap": [line.code for line in data.ranking],
            }
        )


class TargetListView(APIView):
    @extend_schema(parameters=[YEAR], responses=ROWS)
    def get(self, request):
        sources = access.require_reader(request.user)
        year = _year(request)
        months: dict[int, list[int]] = {}
        for source_id, month, amount in MonthlyTarget.objects.filter(
            year=year, source__in=sources
        ).values_list("source_id", "month", "amount"):
            months.setdefault(source_id, [0] * 12)[month - 1] = amount
        rows = AnnualTarget.objects.filter(year=year, source__in=sources).select_related("source")
        return Response(
            [
                {
                    "source": t.source.code,
                    "year": t.year,
                    "apbd": t.apbd,
                    "apbd_p": t.apbd_p,
                    "target": t.effective,
                    "phasing": t.phasing,
                    "history_years": t.history_years,
                    "months": months.get(t.source_id, []),
                }
                for t in rows
            ]
        )


class TargetView(APIView):
    @extend_schema(request=TargetInSerializer, responses=OpenApiTypes.OBJECT)
    def put(self, request, year: int, code: str):
        access.require_configurer(request.user)
        source = access.get_source_for_reader(request.user, code)
        body = TargetInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = services.set_target(
            source,
            year,
            actor=request.user,
            apbd=body.validated_data["apbd"],
            apbd_p=body.validated_data.get("apbd_p") or None,
        )
        months = list(
            MonthlyTarget.objects.filter(source=source, year=year)
            .order_by("month")
            .values_list("amount", flat=True)
        )
        return Response(
            {
                "source": source.code,
                "year": year,
                "apbd": target.apbd,
                "apbd_p": target.apbd_p,
                "target": target.effective,
                "phasing": target.phasing,
                "months": months,
            }
        )


class RealisationListView(APIView):
    @extend_schema(parameters=[YEAR, MONTH], responses=ROWS)
    def get(self, request):
        sources = access.require_reader(request.user)
        rows = Realisation.objects.filter(year=_year(request), source__in=sources)
        month = _param(request, "month", 0, 0, 12)
        if month:
            rows = rows.filter(month=month)
        return Response(
            [
                {"source": code, "year": y, "month": m, "amount": amount, "origin": origin}
                for code, y, m, amount, origin in rows.values_list(
                    "source__code", "year", "month", "amount", "origin"
                )
            ]
        )


class RealisationView(APIView):
    @extend_schema(request=AmountInSerializer, responses=OpenApiTypes.OBJECT)
    def put(self, request, year: int, month: int, code: str):
        source = access.get_source_for_writer(request.user, code)
        body = AmountInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.record_realisation(
            source, year, month, body.validated_data["amount"], actor=request.user
        )
        return Response({"source": code, "year": year, "month": month, "amount": row.amount})


class ImportView(APIView):
    """All or nothing: 200 with the counts, or 400 with every wrong row (nothing written)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportInSerializer}, responses=OpenApiTypes.OBJECT
    )
    def post(self, request):
        access.require_writer(request.user)
        body = ImportInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise exceptions.ValidationError({"file": ["The file is larger than 5 MB."]})
        try:
            table = read_table(upload.read(), upload.name)
        except UnreadableFile as exc:
            raise exceptions.ValidationError({"file": [exc.message]}) from None
        report = services.import_realisation(
            table.headers,
            table.rows,
            actor=request.user,
            year=body.validated_data["year"],
            file_name=upload.name,
            dry_run=body.validated_data["dry_run"],
        )
        code = status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        return Response(report.as_dict(), status=code)


class MonthListView(APIView):
    @extend_schema(parameters=[YEAR], responses=ROWS)
    def get(self, request):
        access.require_reader(request.user)
        closed = ClosedMonth.objects.filter(year=_year(request)).select_related("closed_by")
        return Response(
            [
                {
                    "year": c.year,
                    "month": c.month,
                    "closed_at": c.closed_at,
                    "closed_by": c.closed_by.username if c.closed_by else None,
                }
                for c in closed
            ]
        )


class MonthCloseView(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, year: int, month: int):
        access.require_closer(request.user)
        services.close_month(year, month, actor=request.user)
        return Response({"year": year, "month": month, "closed": True}, status=201)


class CorrectionView(APIView):
    @extend_schema(responses=CorrectionSerializer(many=True))
    def get(self, request):
        sources = access.require_reader(request.user)
        rows = Correction.objects.filter(source__in=sources).select_related("source", "made_by")
        return Response(CorrectionSerializer(rows, many=True).data)

    @extend_schema(request=CorrectionInSerializer, responses=CorrectionSerializer)
    def post(self, request):
        body = CorrectionInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        source = access.get_source_for_corrector(request.user, data["source"])
        correction = services.correct_realisation(
            source,
            data["year"],
            data["month"],
            data["amount"],
            actor=request.user,
            reason=data["reason"],
        )
        return Response(CorrectionSerializer(correction).data, status=201)


class IndicatorView(APIView):
    @extend_schema(responses=ROWS)
    def get(self, request):
        access.require_reader(request.user)
        links = RevenueIndicator.objects.select_related("indicator", "source")
        return Response(
            [
                {
                    "indicator": link.indicator.code,
                    "name": link.indicator.name,
                    "source": link.source.code if link.source else None,
                }
                for link in links
            ]
        )

    @extend_schema(request=IndicatorLinkInSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        access.require_configurer(request.user)
        body = IndicatorLinkInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = body.validated_data.get("source") or ""
        source = access.get_source_for_reader(request.user, code) if code else None
        link = services.link_indicator(
            actor=request.user, source=source, code=body.validated_data.get("code", "")
        )
        return Response(
            {"indicator": link.indicator.code, "source": source.code if source else None},
            status=201,
        )
