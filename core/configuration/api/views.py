"""The configuration API: the same services as the pages, JSON in and out."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from config.params import query_int
from core.configuration import access, services
from core.configuration.api.serializers import (
    ActivityTypeSerializer,
    HolidaySerializer,
    IndicatorSerializer,
    PolicyChangeSerializer,
)
from core.configuration.models import ActivityType, Holiday, Indicator
from core.configuration.policy import PolicyMissing, policy_for, working_days


class _CatalogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Everyone in the city reads the catalogue (ASN log against it); the admin changes it."""

    lookup_field = "code"
    filterset_fields = ["is_active", "family"]

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            access.require_editor(request.user)

    def perform_create(self, serializer):
        serializer.instance = self.create_service(
            serializer.validated_data, actor=self.request.user
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "code"}
        serializer.instance = self.update_service(
            serializer.instance, data, actor=self.request.user
        )


class ActivityViewSet(_CatalogueViewSet):
    serializer_class = ActivityTypeSerializer
    queryset = ActivityType.objects.order_by("code")
    create_service = staticmethod(services.create_activity)
    update_service = staticmethod(services.update_activity)


class IndicatorViewSet(_CatalogueViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.order_by("code")
    create_service = staticmethod(services.create_indicator)
    update_service = staticmethod(services.update_indicator)


class HolidayViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = HolidaySerializer
    queryset = Holiday.objects.order_by("date")
    filterset_fields = ["kind", "is_active"]

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            access.require_editor(request.user)

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.add_holiday(
            d["date"], d["name"], d["kind"], actor=self.request.user
        )


class PolicyView(APIView):
    """The policy in force for a month (default: the first open month), and changes to it."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("month", int)],
        responses={200: dict},
    )
    def get(self, request):
        today = timezone.localdate()
        year = query_int(request, "year", today.year, 2000, 2100)
        month = query_int(request, "month", today.month, 1, 12)
        try:
            policy = policy_for(year, month)
        except PolicyMissing as exc:
            raise exceptions.NotFound(str(exc)) from exc
        return Response(
            {**policy.as_dict(), "working_days": [d.isoformat() for d in working_days(year, month)]}
        )

    @extend_schema(request=PolicyChangeSerializer, responses={200: dict})
    def patch(self, request):
        access.require_editor(request.user)
        serializer = PolicyChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.update_policy(
            serializer.validated_data["changes"],
            actor=request.user,
            note=serializer.validated_data.get("note", ""),
        )
        return Response(
            {"effective_from": version.effective_from.isoformat(), "data": version.data}
        )
