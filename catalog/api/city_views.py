"""A city's API for the public catalogue: the three-way comparison with a template
version (GET), taking items from it (POST), and proposing the city's model back.

Same paths as before (/api/v1/configuration/comparison/, .../proposals/); the services
are catalog.adoption's, the access rules core.configuration's.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.adoption import comparison_for, propose_from_city, take_from
from catalog.services import TemplateError
from core.configuration import access
from core.configuration.api.serializers import ProposalSerializer, TakeSerializer


class ComparisonView(APIView):
    """Three-way comparison with a template version (GET), and taking items (POST)."""

    @extend_schema(parameters=[OpenApiParameter("ref", str, required=True)], responses={200: dict})
    def get(self, request):
        access.require_reader(request.user)
        try:
            version, _content, changes = comparison_for(request.query_params.get("ref", ""))
        except TemplateError as exc:
            raise exceptions.NotFound(" ".join(exc.messages)) from exc
        return Response(
            {
                "ref": version.ref,
                "changes": [
                    {
                        "item": f"{c.section}:{c.key}",
                        "kind": c.kind.value,
                        "takeable": c.takeable,
                        "clean": c.clean,
                        "in_use": c.in_use,
                        "current": c.current,
                        "new": c.new,
                    }
                    for c in changes
                    if c.kind.value != "same"
                ],
            }
        )

    @extend_schema(request=TakeSerializer, responses={200: dict})
    def post(self, request):
        access.require_editor(request.user)
        serializer = TakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        keys = None if d["all_clean"] else [tuple(i.split(":", 1)) for i in d.get("items", [])]
        if keys is not None and (not keys or any(len(k) != 2 for k in keys)):
            raise exceptions.ValidationError(
                {"items": ["List items as section:key, or set all_clean."]}
            )
        try:
            taken = take_from(d["ref"], keys=keys, actor=request.user)
        except TemplateError as exc:
            raise exceptions.NotFound(" ".join(exc.messages)) from exc
        return Response({"taken": [f"{c.section}:{c.key}" for c in taken]})


class ProposalView(APIView):
    @extend_schema(request=ProposalSerializer, responses={201: dict})
    def post(self, request):
        access.require_editor(request.user)
        serializer = ProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            proposal = propose_from_city(
                request.city,
                actor=request.user,
                target_slug=d["target_slug"],
                title=d["title"],
                changelog=d["changelog"],
                sections=d["sections"],
                keys=d.get("keys"),
                attribution=d.get("attribution", ""),
            )
        except TemplateError as exc:
            raise exceptions.ValidationError(
                {"non_field_errors": [f"{p}: {r}" for p, r in exc.problems] or exc.messages}
            ) from exc
        return Response(
            {"id": proposal.pk, "status": proposal.status, "target_slug": proposal.target_slug},
            status=status.HTTP_201_CREATED,
        )
