"""API shapes for core.talent. Input serializers validate shape only; services decide."""

from __future__ import annotations

from rest_framework import serializers

from core.labels import label_field
from core.talent.models import (
    Assessment,
    AssessmentKind,
    AssessmentRound,
    BehaviourExpectation,
    CalibrationMove,
    CalibrationSession,
    Iki,
    LevelChoice,
    Measurement,
    Objection,
    OrgPredicateChoice,
    PotentialAssessment,
    PotentialSource,
    Readiness,
    Rhk,
    Skp,
    SkpApproval,
    SuccessionCandidate,
    SuccessionPlan,
    TalentPlacement,
)
from core.talent.rules import BERAKHLAK


# ---------------------------------------------------------------- output
class IkiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Iki
        fields = [
            "id",
            "rhk",
            "name",
            "measurement",
            "unit",
            "target",
            "lower_is_better",
            "realised",
        ]


class RhkSerializer(serializers.ModelSerializer):
    indicators = IkiSerializer(many=True, read_only=True)

    class Meta:
        model = Rhk
        fields = ["id", "text", "parent", "order", "indicators"]


class ExpectationSerializer(serializers.ModelSerializer):
    class Meta:
        model = BehaviourExpectation
        fields = ["value", "expectation"]


class ApprovalSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username")

    class Meta:
        model = SkpApproval
        fields = ["decision", "decided_by", "decided_at", "note"]


class SkpSerializer(serializers.ModelSerializer):
    rhks = RhkSerializer(many=True, read_only=True)
    expectations = ExpectationSerializer(many=True, read_only=True)
    approvals = ApprovalSerializer(many=True, read_only=True)
    employee_name = serializers.CharField(source="employee.display_name", read_only=True)

    class Meta:
        model = Skp
        fields = [
            "id",
            "employee",
            "employee_name",
            "year",
            "position",
            "supervisor",
            "starts_on",
            "ends_on",
            "status",
            "submitted_at",
            "agreed_at",
            "agreed_by",
            "closed_reason",
            "rhks",
            "expectations",
            "approvals",
        ]


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentRound
        fields = [
            "id",
            "opd",
            "year",
            "kind",
            "period_no",
            "first_month",
            "last_month",
            "org_predicate",
            "status",
            "closed_at",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.display_name", read_only=True)

    predicate_label = label_field("predicate", "predicate")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "round",
            "employee",
            "employee_name",
            "position",
            "assessor",
            "proposed_score",
            "proposed_results",
            "results_rating",
            "results_justification",
            "proposed_behaviour",
            "behaviour_rating",
            "behaviour_justification",
            "predicate",
            "predicate_label",
            "months",
            "credit_points",
            "rated_at",
        ]


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = [
            "id",
            "assessment",
            "reasons",
            "filed_at",
            "decider",
            "status",
            "decision_note",
            "decided_at",
            "predicate_before",
            "predicate_after",
        ]


class PotentialSerializer(serializers.ModelSerializer):
    class Meta:
        model = PotentialAssessment
        fields = ["id", "employee", "source", "score", "level", "assessed_on", "note"]
        read_only_fields = ["level"]


class PlacementSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.display_name", read_only=True)
    action = serializers.SerializerMethodField()
    calibrated = serializers.SerializerMethodField()

    class Meta:
        model = TalentPlacement
        fields = [
            "id",
            "employee",
            "employee_name",
            "year",
            "opd",
            "position",
            "position_type",
            "annual_predicate",
            "performance",
            "potential_score",
            "potential",
            "computed_box",
            "box",
            "calibrated",
            "action",
            "placed_at",
        ]

    def get_action(self, obj: TalentPlacement) -> str:
        from core.talent.labels import ACTION_LABELS
        from core.talent.rules import box_number

        return str(ACTION_LABELS[box_number(obj.box).action])

    def get_calibrated(self, obj: TalentPlacement) -> bool:
        return obj.box != obj.computed_box


class MoveSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalibrationMove
        fields = ["id", "placement", "from_box", "to_box", "reason", "moved_by", "moved_at"]


class SessionSerializer(serializers.ModelSerializer):
    moves = MoveSerializer(many=True, read_only=True)

    class Meta:
        model = CalibrationSession
        fields = ["id", "year", "name", "held_on", "committee", "opd", "closed_at", "moves"]


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuccessionCandidate
        fields = ["employee", "rank", "readiness", "note"]


class SuccessionPlanSerializer(serializers.ModelSerializer):
    candidates = CandidateSerializer(many=True, read_only=True)

    class Meta:
        model = SuccessionPlan
        fields = ["id", "position", "note", "updated_at", "candidates"]


# ---------------------------------------------------------------- input
class SkpCreateInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class DecisionInput(serializers.Serializer):
    agree = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RhkInput(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    # A field named like a Field attribute: DRF allows it, the stubs cannot tell.
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)  # type: ignore[assignment]


class ExpectationInput(serializers.Serializer):
    value = serializers.ChoiceField(choices=[code for code, _name in BERAKHLAK])
    expectation = serializers.CharField()


class IndicatorInput(serializers.Serializer):
    rhk = serializers.IntegerField()
    name = serializers.CharField(max_length=300)
    measurement = serializers.ChoiceField(choices=Measurement.values)
    unit = serializers.CharField(max_length=50)
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    lower_is_better = serializers.BooleanField(required=False, allow_null=True, default=None)


class RealisationInput(serializers.Serializer):
    realised = serializers.DecimalField(max_digits=14, decimal_places=2)


class RoundInput(serializers.Serializer):
    opd = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=AssessmentKind.values)
    period_no = serializers.IntegerField(min_value=0, max_value=12, default=0)


class OrgPredicateInput(serializers.Serializer):
    org_predicate = serializers.ChoiceField(choices=OrgPredicateChoice.values)


class RateInput(serializers.Serializer):
    results = serializers.ChoiceField(choices=LevelChoice.values)
    behaviour = serializers.ChoiceField(choices=LevelChoice.values)
    results_justification = serializers.CharField(required=False, allow_blank=True, default="")
    behaviour_justification = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectionInput(serializers.Serializer):
    reasons = serializers.CharField()


class ObjectionDecisionInput(serializers.Serializer):
    uphold = serializers.BooleanField()
    note = serializers.CharField()
    results = serializers.ChoiceField(choices=LevelChoice.values, required=False)
    behaviour = serializers.ChoiceField(choices=LevelChoice.values, required=False)


class PotentialInput(serializers.Serializer):
    employee = serializers.IntegerField()
    # A field named like a Field attribute: DRF allows it, the stubs cannot tell.
    source = serializers.ChoiceField(choices=PotentialSource.values)  # type: ignore[assignment]
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    assessed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SessionInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    committee = serializers.CharField()
    opd = serializers.IntegerField(required=False, allow_null=True, default=None)


class MoveInput(serializers.Serializer):
    placement = serializers.IntegerField()
    to_box = serializers.IntegerField(min_value=1, max_value=9)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CandidateInput(serializers.Serializer):
    employee = serializers.IntegerField()
    readiness = serializers.ChoiceField(choices=Readiness.values)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuccessionInput(serializers.Serializer):
    position = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    candidates = CandidateInput(many=True)


class PlaceInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
