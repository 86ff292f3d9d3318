"""Partnership API, on every city host (its own partnerships) and on the root domain
(operators). The same access functions and services as the pages."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.accounts.roles import Role
from partnerships import access
from partnerships.api.serializers import (
    ActionItemSerializer,
    CloseActionSerializer,
    ConfirmSerializer,
    MeetingInputSerializer,
    MeetingSerializer,
    MemberInputSerializer,
    MemberSerializer,
    MentorFoundSerializer,
    MilestoneSerializer,
    MonthSerializer,
    OverviewSerializer,
    PartnershipProposalSerializer,
    PartnershipSerializer,
    PracticeSerializer,
    PracticeStatusSerializer,
    ReportSerializer,
    RescheduleSerializer,
    StatusSerializer,
)
from partnerships.models import Member, Milestone, MonthlyReport, Partnership, Practice
from partnerships.services import adoption, agreements, plan, reports
from partnerships.services.common import actor_for
from tenants.models import City


class PartnershipViewSet(viewsets.ViewSet):
    """Partnerships: list, read, propose; accept, end; people; plan; log; learning; reports."""

    permission_classes = [IsAuthenticated]
    serializer_class = PartnershipSerializer

    def _get(self, request, pk) -> Partnership:
        return access.get_partnership(request.user, int(pk))

    def list(self, request):
        if not access.can_see_partnerships(request.user):
            raise PermissionDenied
        city = access.current_city()
        qs = (
            access.partnerships_of(city)
            if city
            else Partnership.objects.select_related("city_a", "city_b")
        )
        return Response(
            PartnershipSerializer(qs.order_by("-agreement_date", "-id"), many=True).data
        )

    def retrieve(self, request, pk=None):
        return Response(PartnershipSerializer(self._get(request, pk)).data)

    @extend_schema(request=PartnershipProposalSerializer, responses={201: PartnershipSerializer})
    def create(self, request):
        body = PartnershipProposalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        city = access.current_city()
        slug_a = data.pop("city_a", None)
        city_a = city or City.objects.filter(slug=slug_a).first()
        city_b = City.objects.filter(slug=data.pop("city_b")).first()
        if city_a is None or city_b is None:
            raise ApiValidationError({"city_b": ["There is no city at this address."]})
        p = agreements.propose_partnership(
            agreements.Proposal(city_a=city_a, city_b=city_b, **data), actor=actor_for(request)
        )
        return Response(PartnershipSerializer(p).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PartnershipSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        p = agreements.accept_partnership(self._get(request, pk), actor=actor_for(request))
        return Response(PartnershipSerializer(p).data)

    @extend_schema(request=StatusSerializer, responses={200: PartnershipSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        body = StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        p = agreements.change_status(
            self._get(request, pk),
            body.validated_data["status"],
            actor=actor_for(request),
            reason=body.validated_data["reason"],
        )
        return Response(PartnershipSerializer(p).data)

    @extend_schema(request=MemberInputSerializer, responses={200: MemberSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def members(self, request, pk=None):
        p = self._get(request, pk)
        if request.method == "POST":
            body = MemberInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            agreements.add_member(p, actor=actor_for(request), **body.validated_data)
        rows = Member.objects.filter(partnership=p, removed_at__isnull=True).select_related("city")
        return Response(MemberSerializer(rows, many=True).data)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def adoption(self, request, pk=None):
        """The mentor's panel: aggregates only."""
        p, adopter = access.get_adoption(request.user, int(pk))
        panel = adoption.adoption_panel(p, adopter)
        latest, snap = panel["latest"], panel["snapshot"]
        return Response(
            {
                "city": adopter.slug,
                "measured_on": latest.taken_on if latest else None,
                "checklist": panel["checklist"],
                "asn_count": latest.asn_count if latest else None,
                "activated_share": panel["activated_share"],
                "active_share": panel["active_share"],
                "median_verification_hours": latest.median_verification_hours if latest else None,
                "verification_backlog": latest.verification_backlog if latest else None,
                "months_closed": latest.months_closed if latest else None,
                "series": panel["series"],
                "configuration": {
                    "template": snap.template_ref,
                    "items": snap.config_items,
                    "changed": snap.config_changed,
                }
                if snap
                else None,
                "distribution": {
                    "rounds": snap.rounds_total,
                    "closed": snap.rounds_closed,
                    "breaking_curve": snap.rounds_breaking_curve,
                }
                if snap
                else None,
                "pad": panel["pad"],
            }
        )

    @extend_schema(responses={200: MilestoneSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def milestones(self, request, pk=None):
        p = self._get(request, pk)
        return Response(MilestoneSerializer(adoption.milestones_with_state(p), many=True).data)

    @extend_schema(request=ConfirmSerializer, responses={200: MilestoneSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_id>\d+)/confirm")
    def confirm_milestone(self, request, pk=None, milestone_id=None):
        p = self._get(request, pk)
        milestone = get_object_or_404(Milestone, partnership=p, pk=milestone_id)
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan.confirm_milestone(milestone, actor=actor_for(request), on=body.validated_data["on"])
        return Response(MilestoneSerializer(adoption.milestones_with_state(p), many=True).data)

    @extend_schema(request=RescheduleSerializer, responses={200: MilestoneSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_id>\d+)/reschedule")
    def reschedule_milestone(self, request, pk=None, milestone_id=None):
        p = self._get(request, pk)
        milestone = get_object_or_404(Milestone, partnership=p, pk=milestone_id)
        body = RescheduleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan.reschedule_milestone(
            milestone, actor=actor_for(request), due_on=body.validated_data["due_on"]
        )
        return Response(MilestoneSerializer(adoption.milestones_with_state(p), many=True).data)

    @extend_schema(request=MeetingInputSerializer, responses={200: MeetingSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request, pk=None):
        p = self._get(request, pk)
        if request.method == "POST":
            body = MeetingInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            drafts = [
                plan.ActionDraft(a["title"], a["member"], a["due_on"]) for a in data.pop("actions")
            ]
            meeting = plan.record_meeting(p, actor=actor_for(request), actions=drafts, **data)
            return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
        return Response(MeetingSerializer(p.meetings.prefetch_related("actions"), many=True).data)

    @extend_schema(responses={200: ActionItemSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def actions(self, request, pk=None):
        p = self._get(request, pk)
        return Response(
            ActionItemSerializer(p.actions.select_related("assignee_city"), many=True).data
        )

    @extend_schema(request=PracticeSerializer, responses={200: PracticeSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def practices(self, request, pk=None):
        p = self._get(request, pk)
        if request.method == "POST":
            body = PracticeSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            practice = plan.offer_practice(p, actor=actor_for(request), **body.validated_data)
            return Response(PracticeSerializer(practice).data, status=status.HTTP_201_CREATED)
        return Response(
            PracticeSerializer(p.practices.select_related("offered_by"), many=True).data
        )

    @extend_schema(request=PracticeStatusSerializer, responses={200: PracticeSerializer})
    @action(detail=True, methods=["post"], url_path=r"practices/(?P<practice_id>\d+)/status")
    def practice_status(self, request, pk=None, practice_id=None):
        p = self._get(request, pk)
        practice = get_object_or_404(Practice, partnership=p, pk=practice_id)
        body = PracticeStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        practice = plan.set_practice_status(
            practice, body.validated_data["status"], actor=actor_for(request)
        )
        return Response(PracticeSerializer(practice).data)

    @extend_schema(request=MonthSerializer, responses={200: ReportSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        """GET: the prepared reports; POST {year, month}: prepare (freeze) one."""
        p = self._get(request, pk)
        if request.method == "POST":
            body = MonthSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            report = reports.prepare_report(p, actor=actor_for(request), **body.validated_data)
            return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
        return Response(ReportSerializer(p.reports.all(), many=True).data)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(
        detail=True, methods=["post"], url_path=r"reports/(?P<year>\d{4})/(?P<month>\d{1,2})/sign"
    )
    def sign_report(self, request, pk=None, year=None, month=None):
        p = self._get(request, pk)
        report = get_object_or_404(MonthlyReport, partnership=p, year=int(year), month=int(month))
        report = reports.sign_report(report, actor=actor_for(request))
        return Response(ReportSerializer(report).data)


class CloseActionView(APIView):
    """The assignee (or their city's administrator) closes an action item."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CloseActionSerializer, responses={200: ActionItemSerializer})
    def post(self, request, action_id: int):
        item = access.get_action(request.user, action_id)
        body = CloseActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = plan.close_action(item, actor=actor_for(request), **body.validated_data)
        return Response(ActionItemSerializer(item).data)


class OverviewView(APIView):
    """APEKSI overview (operators, root domain): each partnership's stage and lateness,
    and the load of each mentor city."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OverviewSerializer})
    def get(self, request):
        if access.current_city() is not None:
            raise Http404
        if request.user.role != Role.OPERATOR:
            raise PermissionDenied
        data = adoption.overview()
        return Response(
            {
                "partnerships": [
                    {
                        **PartnershipSerializer(row["partnership"]).data,
                        "stage_reached": row["stage"].reached,
                        "days_late": row["stage"].days_late,
                        "late_items": row["stage"].late_items,
                    }
                    for row in data["rows"]
                ],
                "mentor_load": [{"city": c.slug, "open_partnerships": n} for c, n in data["load"]],
            }
        )


class MentorSearchView(APIView):
    """Cities that mentor a practice (`?q=`), for any signed-in city user or operator."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MentorFoundSerializer(many=True)})
    def get(self, request):
        query = request.query_params.get("q", "")
        return Response(
            [
                {"city": e["city"].slug, "name": e["city"].name, "partnerships": e["partnerships"]}
                for e in adoption.search_mentors(query)
            ]
        )
