"""Onboarding API: the same services as the pages (applications, metrics, checklist)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.accounts.access import HasRole
from core.accounts.roles import Role
from core.actors import Actor
from onboarding.access import get_city_for_staff
from onboarding.api.serializers import (
    ApplicationSerializer,
    ChecklistItemSerializer,
    CityMetricsSerializer,
    ReasonSerializer,
)
from onboarding.models import CityApplication, CityMetrics
from onboarding.services import applications, metrics
from onboarding.services.templates import template_adopter


class ApplicationViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """City applications: anyone may file one; operators list and decide them."""

    serializer_class = ApplicationSerializer
    queryset = CityApplication.objects.order_by("-created_at")
    filterset_fields = ["status"]

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return [HasRole(Role.OPERATOR)()]

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items()}
        serializer.instance = applications.submit_application(applications.ApplicationData(**data))

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        application = self.get_object()
        actor = Actor.of(request.user)
        approval = applications.approve_application(
            application,
            actor=actor,
            scheme=request.scheme,
            after_build=template_adopter(application.template_code, actor=actor),
        )
        body = ApplicationSerializer(approval.application).data
        body["invitation_link"] = approval.invitation.link
        return Response(body)

    @extend_schema(request=ReasonSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        application = self.get_object()
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        application = applications.reject_application(
            application, actor=Actor.of(request.user), reason=reason.validated_data["reason"]
        )
        return Response(ApplicationSerializer(application).data)


class MetricsViewSet(viewsets.ReadOnlyModelViewSet):
    """Each city's latest implementation metrics (the console's table), for operators."""

    serializer_class = CityMetricsSerializer
    permission_classes = [HasRole(Role.OPERATOR)]
    pagination_class = None
    queryset = (
        CityMetrics.objects.select_related("city")
        .order_by("city_id", "-taken_on")
        .distinct("city_id")
    )


class ChecklistView(APIView):
    """One city's go-live checklist, measured now."""

    permission_classes = [HasRole(Role.OPERATOR, Role.TRAINER)]

    @extend_schema(responses={200: ChecklistItemSerializer(many=True)})
    def get(self, request, slug: str):
        city = get_city_for_staff(request.user, slug)
        checklist = metrics.checklist_for(city)
        return Response(
            {
                "progress": checklist["progress"],
                "items": ChecklistItemSerializer(checklist["items"], many=True).data,
            },
            status=status.HTTP_200_OK,
        )
