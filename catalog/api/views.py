"""The catalogue API on the public site (platform staff): list templates, fetch content,
import a file as a draft."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import services
from catalog.models import TemplateVersion
from core.accounts.access import HasRole
from core.accounts.roles import Role


class VersionSummarySerializer(serializers.Serializer):
    ref = serializers.CharField()
    slug = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    source_city = serializers.CharField()
    status = serializers.CharField()
    attribution = serializers.CharField()
    changelog = serializers.CharField()


class ImportedSerializer(serializers.Serializer):
    ref = serializers.CharField()
    status = serializers.CharField()


class TemplateListView(APIView):
    permission_classes = [HasRole(Role.OPERATOR, Role.TRAINER)]

    @extend_schema(
        operation_id="catalog_templates_list", responses={200: VersionSummarySerializer(many=True)}
    )
    def get(self, request):
        versions = TemplateVersion.objects.select_related("template").order_by(
            "template__slug", "version"
        )
        return Response(
            [
                {
                    "ref": v.ref,
                    "slug": v.template.slug,
                    "version": v.version,
                    "title": v.template.title,
                    "source_city": v.template.source_city,
                    "status": v.status,
                    "attribution": v.attribution,
                    "changelog": v.changelog,
                }
                for v in versions
            ]
        )

    @extend_schema(
        operation_id="catalog_templates_import",
        request=OpenApiTypes.OBJECT,
        responses={201: ImportedSerializer},
    )
    def post(self, request):
        """Import template content (the JSON body) as a draft version."""
        if not request.user.has_role(Role.OPERATOR):
            raise exceptions.PermissionDenied()
        try:
            version = services.create_version(request.data, actor=request.user)
        except services.TemplateError as exc:
            raise exceptions.ValidationError(
                {"non_field_errors": [f"{p}: {r}" for p, r in exc.problems] or exc.messages}
            ) from exc
        return Response(
            {"ref": version.ref, "status": version.status}, status=status.HTTP_201_CREATED
        )


class TemplateVersionView(APIView):
    permission_classes = [HasRole(Role.OPERATOR, Role.TRAINER)]

    @extend_schema(
        operation_id="catalog_template_version_content", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request, slug: str, number: int):
        try:
            version = services.get_version(f"{slug}@{number}", published_only=False)
        except services.TemplateError as exc:
            raise exceptions.NotFound(" ".join(exc.messages)) from exc
        return Response(services.version_content(version))
