"""API shapes of partnerships; the writes go through partnerships.services."""

from __future__ import annotations

from rest_framework import serializers

from partnerships.models import (
    ActionItem,
    Meeting,
    MeetingKind,
    Member,
    MonthlyReport,
    PartnerRole,
    Partnership,
    Practice,
    PracticeStatus,
)
from tenants.models import City


class PartnershipSerializer(serializers.ModelSerializer):
    city_a: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    city_b: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "city_a",
            "role_a",
            "city_b",
            "role_b",
            "agreement_number",
            "agreement_date",
            "signatories",
            "scope_asn",
            "scope_pad",
            "other_practices",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "proposed_by_label",
            "accepted_by_label",
            "accepted_at",
            "has_document",
        ]

    def get_has_document(self, obj: Partnership) -> bool:
        return bool(obj.document)


class PartnershipProposalSerializer(serializers.Serializer):
    city_a = serializers.SlugField(
        required=False, help_text="operators only; a city proposes for itself"
    )
    role_a = serializers.ChoiceField(choices=PartnerRole.choices)
    city_b = serializers.SlugField()
    role_b = serializers.ChoiceField(choices=PartnerRole.choices)
    agreement_number = serializers.CharField(max_length=120)
    agreement_date = serializers.DateField()
    signatories = serializers.CharField(required=False, allow_blank=True, default="")
    scope_asn = serializers.BooleanField(default=True)
    scope_pad = serializers.BooleanField(default=False)
    other_practices = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, default=list
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[("completed", "completed"), ("ended", "ended")])
    reason = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Member
        fields = ["id", "city", "username", "full_name", "is_mentor"]


class MemberInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    mentor = serializers.BooleanField(default=False)


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="milestone.id")
    kind = serializers.CharField(source="milestone.kind")
    name = serializers.CharField(source="milestone.name")
    due_on = serializers.DateField(source="milestone.due_on")
    state = serializers.CharField(source="state.state")
    done_on = serializers.DateField(source="state.done_on", allow_null=True)
    # The API names this field "source"; DRF moves declared fields off the class, so it
    # never shadows Field.source at run time, but the stubs see a clash.
    source = serializers.CharField(source="state.source")  # type: ignore[assignment]
    days_late = serializers.IntegerField(source="state.days_late")


class ConfirmSerializer(serializers.Serializer):
    on = serializers.DateField()


class RescheduleSerializer(serializers.Serializer):
    due_on = serializers.DateField()


class ActionItemSerializer(serializers.ModelSerializer):
    assignee_city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "title",
            "assignee_city",
            "assignee_username",
            "assignee_name",
            "due_on",
            "status",
            "closed_at",
            "closed_by_label",
            "note",
        ]


class ActionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    member = serializers.IntegerField(help_text="id of a member of the partnership")
    due_on = serializers.DateField()


class MeetingSerializer(serializers.ModelSerializer):
    actions = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "held_on",
            "place",
            "participants",
            "minutes",
            "recorded_by_label",
            "actions",
        ]


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    participants = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField()
    actions = ActionInputSerializer(many=True, required=False, default=list)


class CloseActionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("done", "done"), ("dropped", "dropped")], default="done"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PracticeSerializer(serializers.ModelSerializer):
    offered_by: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Practice
        fields = ["id", "offered_by", "title", "description", "status"]
        read_only_fields = ["status"]


class PracticeStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PracticeStatus.choices)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "year",
            "month",
            "content",
            "prepared_at",
            "prepared_by_label",
            "signed_a_by",
            "signed_a_at",
            "signed_b_by",
            "signed_b_at",
        ]


class MonthSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)


class MentorFoundSerializer(serializers.Serializer):
    city = serializers.SlugField()
    name = serializers.CharField()
    partnerships = serializers.IntegerField()


class OverviewRowSerializer(PartnershipSerializer):
    stage_reached = serializers.CharField()
    days_late = serializers.IntegerField()
    late_items = serializers.IntegerField()

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "stage_reached", "days_late", "late_items"]


class MentorLoadSerializer(serializers.Serializer):
    city = serializers.SlugField()
    open_partnerships = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer):
    partnerships = OverviewRowSerializer(many=True)
    mentor_load = MentorLoadSerializer(many=True)
