"""The talent API under /api/v1/talent/. Same access functions and services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.organisation.models import OrgUnit, Position
from core.people.access import visible_employees
from core.people.models import Employee
from core.talent import access, queries, services
from core.talent.api import serializers as s
from core.talent.labels import describe_violation
from core.talent.models import (
    CalibrationSession,
    Iki,
    PotentialAssessment,
    Rhk,
    SuccessionPlan,
)
from core.typing import api_user


def call(service: Callable[[], Any]) -> Any:
    """Run a service; its Django ValidationError becomes a 400 with the same messages."""
    try:
        return service()
    except services.DistributionRefused as exc:
        raise exceptions.ValidationError(
            {"violations": [describe_violation(v) for v in exc.violations]}
        ) from exc
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise exceptions.ValidationError(detail) from exc


def valid(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value or 0)
    except ValueError as exc:
        raise exceptions.ValidationError({name: "must be a number"}) from exc


# ---------------------------------------------------------------- SKP
class SkpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SkpSerializer

    def get_queryset(self):
        qs = access.visible_skps(api_user(self.request)).select_related("employee")
        year = _int_param(self.request, "year")
        return (
            (qs.filter(year=year) if year else qs)
            .prefetch_related("rhks__indicators", "expectations", "approvals__decided_by")
            .order_by("-year", "id")
        )

    def get_object(self):
        return access.get_skp_for_viewer(api_user(self.request), self.kwargs["pk"])

    @extend_schema(request=s.SkpCreateInput, responses={201: s.SkpSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.SkpCreateInput, request)
        own = access.own_employee(api_user(request))
        if own is None:
            raise exceptions.PermissionDenied("Your account is not linked to an employee record.")
        skp = call(lambda: services.create_skp(own, data["year"], actor=api_user(request)))
        return Response(s.SkpSerializer(skp).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.SkpSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        skp = access.get_skp_for_viewer(api_user(request), pk)
        if getattr(access.own_employee(api_user(request)), "pk", None) != skp.employee_id:
            raise exceptions.PermissionDenied("Only the person can submit their SKP.")
        skp = call(lambda: services.submit_skp(skp, actor=api_user(request)))
        return Response(s.SkpSerializer(skp).data)

    @extend_schema(request=s.DecisionInput, responses=s.SkpSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: int) -> Response:
        skp = access.get_skp_for_supervisor(api_user(request), pk)
        data = valid(s.DecisionInput, request)
        skp = call(lambda: services.decide_skp(skp, actor=api_user(request), **data))
        return Response(s.SkpSerializer(skp).data)

    @extend_schema(request=s.RhkInput, responses={201: s.RhkSerializer})
    @action(detail=True, methods=["post"])
    def rhks(self, request: Request, pk: int) -> Response:
        skp = access.get_skp_for_owner(api_user(request), pk)
        data = valid(s.RhkInput, request)
        parent = None
        if data["parent"] is not None:
            parent = Rhk.objects.filter(pk=data["parent"]).first()
            if parent is None:
                raise exceptions.ValidationError({"parent": "unknown result"})
        rhk = call(
            lambda: services.add_rhk(skp, data["text"], actor=api_user(request), parent=parent)
        )
        return Response(s.RhkSerializer(rhk).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ExpectationInput, responses=s.ExpectationSerializer)
    @action(detail=True, methods=["post"])
    def expectations(self, request: Request, pk: int) -> Response:
        skp = access.get_skp_for_owner(api_user(request), pk)
        data = valid(s.ExpectationInput, request)
        item = call(
            lambda: services.set_expectation(
                skp, data["value"], data["expectation"], actor=api_user(request)
            )
        )
        return Response(s.ExpectationSerializer(item).data)


class IndicatorViewSet(viewsets.GenericViewSet):
    serializer_class = s.IkiSerializer

    def get_queryset(self):
        return Iki.objects.none()

    @extend_schema(request=s.IndicatorInput, responses={201: s.IkiSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.IndicatorInput, request)
        rhk = Rhk.objects.filter(pk=data.pop("rhk")).first()
        if rhk is None:
            raise Http404
        access.get_skp_for_owner(api_user(request), rhk.skp_id)
        iki = call(lambda: services.add_indicator(rhk, actor=api_user(request), **data))
        return Response(s.IkiSerializer(iki).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RealisationInput, responses=s.IkiSerializer)
    @action(detail=True, methods=["post"])
    def realisation(self, request: Request, pk: int) -> Response:
        iki = Iki.objects.select_related("rhk").filter(pk=pk).first()
        if iki is None:
            raise Http404
        access.get_skp_for_owner(api_user(request), iki.rhk.skp_id)
        data = valid(s.RealisationInput, request)
        iki = call(
            lambda: services.record_realisation(iki, data["realised"], actor=api_user(request))
        )
        return Response(s.IkiSerializer(iki).data)


# ---------------------------------------------------------------- assessment
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.RoundSerializer

    def get_queryset(self):
        return access.visible_rounds(api_user(self.request)).order_by(
            "-year", "kind", "period_no", "id"
        )

    def get_object(self):
        return access.get_round_for_viewer(api_user(self.request), self.kwargs["pk"])

    @extend_schema(request=s.RoundInput, responses={201: s.RoundSerializer})
    def create(self, request: Request) -> Response:
        access.require_manager(api_user(request))
        data = valid(s.RoundInput, request)
        opd = OrgUnit.objects.filter(pk=data["opd"], parent__isnull=True).first()
        if opd is None:
            raise exceptions.ValidationError({"opd": "unknown OPD"})
        round_ = call(
            lambda: services.open_round(
                opd,
                data["year"],
                kind=data["kind"],
                period_no=data["period_no"],
                actor=api_user(request),
            )
        )
        return Response(s.RoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OrgPredicateInput, responses=s.RoundSerializer)
    @action(detail=True, methods=["post"], url_path="org-predicate")
    def org_predicate(self, request: Request, pk: int) -> Response:
        round_ = access.get_round_for_manager(api_user(request), pk)
        data = valid(s.OrgPredicateInput, request)
        round_ = call(
            lambda: services.set_org_predicate(
                round_, data["org_predicate"], actor=api_user(request)
            )
        )
        return Response(s.RoundSerializer(round_).data)

    @extend_schema(request=None, responses=s.RoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        round_ = access.get_round_for_manager(api_user(request), pk)
        round_ = call(lambda: services.close_round(round_, actor=api_user(request)))
        return Response(s.RoundSerializer(round_).data)

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["get"])
    def distribution(self, request: Request, pk: int) -> Response:
        chart = queries.distribution(self.get_object())
        return Response(
            {
                "total": chart["total"],
                "bars": [bar.__dict__ for bar in chart["bars"]],
                "rules": chart["rules"],
                "violations": [describe_violation(v) for v in chart["violations"]],
            }
        )


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.AssessmentSerializer

    def get_queryset(self):
        qs = access.visible_assessments(api_user(self.request)).select_related("employee")
        round_id = _int_param(self.request, "round")
        return (qs.filter(round_id=round_id) if round_id else qs).order_by("-id")

    def get_object(self):
        return access.get_assessment_for_viewer(api_user(self.request), self.kwargs["pk"])

    @extend_schema(request=s.RateInput, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: int) -> Response:
        assessment = access.get_assessment_for_assessor(api_user(request), pk)
        data = valid(s.RateInput, request)
        assessment = call(
            lambda: services.rate_assessment(assessment, actor=api_user(request), **data)
        )
        return Response(s.AssessmentSerializer(assessment).data)

    @extend_schema(request=s.ObjectionInput, responses={201: s.ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def objection(self, request: Request, pk: int) -> Response:
        assessment = access.get_assessment_for_subject(api_user(request), pk)
        data = valid(s.ObjectionInput, request)
        objection = call(
            lambda: services.file_objection(assessment, data["reasons"], actor=api_user(request))
        )
        return Response(s.ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ObjectionSerializer

    def get_queryset(self):
        return access.visible_objections(api_user(self.request)).order_by("-filed_at")

    def get_object(self):
        return access.get_objection_for_viewer(api_user(self.request), self.kwargs["pk"])

    @extend_schema(request=s.ObjectionDecisionInput, responses=s.ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: int) -> Response:
        objection = access.get_objection_for_decider(api_user(request), pk)
        data = valid(s.ObjectionDecisionInput, request)
        objection = call(
            lambda: services.decide_objection(objection, actor=api_user(request), **data)
        )
        return Response(s.ObjectionSerializer(objection).data)


# ---------------------------------------------------------------- talent
class PotentialViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.PotentialSerializer

    def get_queryset(self):
        user = api_user(self.request)
        qs = PotentialAssessment.objects.all()
        if not access.is_reader(user):
            qs = qs.filter(employee_id=getattr(access.own_employee(user), "pk", None))
        return qs.order_by("-id")

    @extend_schema(request=s.PotentialInput, responses={201: s.PotentialSerializer})
    def create(self, request: Request) -> Response:
        access.require_manager(api_user(request))
        data = valid(s.PotentialInput, request)
        employee = Employee.objects.filter(pk=data.pop("employee")).first()
        if employee is None:
            raise exceptions.ValidationError({"employee": "unknown employee"})
        item = call(lambda: services.record_potential(employee, actor=api_user(request), **data))
        return Response(s.PotentialSerializer(item).data, status=status.HTTP_201_CREATED)


class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """9-box placements: an ASN gets only their own; readers get everyone's."""

    serializer_class = s.PlacementSerializer

    def get_queryset(self):
        qs = access.visible_placements(api_user(self.request)).select_related("employee")
        filters = Q()
        for name in ("year", "opd", "box"):
            value = _int_param(self.request, name)
            if value is not None:
                filters &= Q(**{name if name != "opd" else "opd_id": value})
        return qs.filter(filters).order_by("-year", "-box", "id")

    def get_object(self):
        return access.get_placement_for_viewer(api_user(self.request), self.kwargs["pk"])

    @extend_schema(request=None, responses=dict)
    @action(detail=False, methods=["get"])
    def grid(self, request: Request) -> Response:
        if not access.can_see_grid(api_user(request)):
            raise exceptions.PermissionDenied()
        rows = queries.grid(self.get_queryset())
        return Response({"rows": [[cell.__dict__ for cell in row] for row in rows]})

    @extend_schema(request=None, responses=dict)
    @action(detail=False, methods=["get"])
    def pools(self, request: Request) -> Response:
        if not access.can_see_grid(api_user(request)):
            raise exceptions.PermissionDenied()
        return Response(
            {
                level: s.PlacementSerializer(members, many=True).data
                for level, members in queries.pools(self.get_queryset())
            }
        )

    @extend_schema(request=s.PlaceInput, responses=dict)
    @action(detail=False, methods=["post"])
    def place(self, request: Request) -> Response:
        access.require_manager(api_user(request))
        data = valid(s.PlaceInput, request)
        return Response(call(lambda: services.place_talent(data["year"], actor=api_user(request))))


class HistoryRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    predicate = serializers.CharField()
    predicate_label = serializers.CharField()
    credit_points = serializers.DecimalField(max_digits=9, decimal_places=3, allow_null=True)
    potential = serializers.CharField()
    box = serializers.IntegerField(allow_null=True)
    calibrated = serializers.BooleanField()
    action = serializers.CharField()


class HistoryView(APIView):
    @extend_schema(responses=HistoryRowSerializer(many=True))
    def get(self, request: Request, employee_id: int) -> Response:
        employee = access.get_employee_history_for_viewer(api_user(request), employee_id)
        rows = queries.history(employee.pk)
        return Response(
            [
                {
                    **row,
                    "predicate_label": str(row["predicate_label"]),
                    "potential": str(row["potential"]),
                    "action": str(row["action"]),
                }
                for row in rows
            ]
        )


class CalibrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SessionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CalibrationSession.objects.none()
        access.require_manager(api_user(self.request))
        return CalibrationSession.objects.prefetch_related("moves").order_by("-id")

    @extend_schema(request=s.SessionInput, responses={201: s.SessionSerializer})
    def create(self, request: Request) -> Response:
        access.require_manager(api_user(request))
        data = valid(s.SessionInput, request)
        opd_id = data.pop("opd")
        opd = OrgUnit.objects.filter(pk=opd_id).first() if opd_id else None
        session = call(lambda: services.open_calibration(actor=api_user(request), opd=opd, **data))
        return Response(s.SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MoveInput, responses={201: s.MoveSerializer})
    @action(detail=True, methods=["post"])
    def moves(self, request: Request, pk: int) -> Response:
        session = access.get_session_for_manager(api_user(request), pk)
        data = valid(s.MoveInput, request)
        placement = access.get_placement_for_manager(api_user(request), data["placement"])
        move = call(
            lambda: services.move_placement(
                session,
                placement,
                to_box=data["to_box"],
                reason=data["reason"],
                actor=api_user(request),
            )
        )
        return Response(s.MoveSerializer(move).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.SessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        session = access.get_session_for_manager(api_user(request), pk)
        session = call(lambda: services.close_calibration(session, actor=api_user(request)))
        return Response(s.SessionSerializer(session).data)


class SuccessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SuccessionPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SuccessionPlan.objects.none()
        if not access.is_reader(api_user(self.request)):
            raise exceptions.PermissionDenied()
        return SuccessionPlan.objects.prefetch_related("candidates").order_by("id")

    @extend_schema(request=s.SuccessionInput, responses=s.SuccessionPlanSerializer)
    def create(self, request: Request) -> Response:
        access.require_manager(api_user(request))
        data = valid(s.SuccessionInput, request)
        position = Position.objects.filter(pk=data["position"]).first()
        if position is None:
            raise exceptions.ValidationError({"position": "unknown position"})
        ids = [c["employee"] for c in data["candidates"]]
        employees = visible_employees(api_user(request)).in_bulk(ids)
        if len(employees) != len(set(ids)):
            raise exceptions.ValidationError({"candidates": "unknown employee"})
        candidates = [
            (employees[c["employee"]], c["readiness"], c["note"]) for c in data["candidates"]
        ]
        plan = call(
            lambda: services.save_succession_plan(
                position, candidates, actor=api_user(request), note=data["note"]
            )
        )
        return Response(s.SuccessionPlanSerializer(plan).data)
