"""API shapes of daily work. Input serializers check shape only; services apply rules."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import PrebuiltFieldsMixin
from core.labels import ChoiceLabelsMixin, label_field
from core.performance.models import ActivityEntry, IndicatorTarget, MonthlyResult
from core.performance.rules import BERAKHLAK, AttendanceStatus, Level


class EvidenceLink(serializers.Field):
    """The access-checked download path of an object's evidence (None without one).

    Never the storage URL: `/media/` is not served, and a file is read only through
    the view that checks who asks.
    """

    def __init__(self, url_name: str, **kwargs) -> None:
        self.url_name = url_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str | None:
        if not value.evidence:
            return None
        return reverse(self.url_name, args=[value.pk])


extend_schema_field({"type": "string", "nullable": True})(EvidenceLink)


class ActivitySerializer(ChoiceLabelsMixin, PrebuiltFieldsMixin, serializers.ModelSerializer):
    activity_name = serializers.CharField(source="activity_type.name", read_only=True)
    evidence = EvidenceLink("performance:entry_evidence")
    status_label = label_field("entry_status", "status")

    class Meta:
        model = ActivityEntry
        fields = [
            "id",
            "employee",
            "activity_type",
            "activity_name",
            "day",
            "starts_at",
            "ends_at",
            "volume",
            "minutes",
            "note",
            "evidence",
            "status",
            "status_label",
            "verifier",
            "escalation_level",
            "rejection_reason",
            "submitted_at",
            "decided_at",
            "device_time",
            "received_at",
        ]
        read_only_fields = fields


class LogSerializer(PrebuiltFieldsMixin, serializers.Serializer):
    activity_type = serializers.IntegerField()
    volume = serializers.DecimalField(max_digits=7, decimal_places=2)
    day = serializers.DateField()
    starts_at = serializers.TimeField(required=False, allow_null=True)
    ends_at = serializers.TimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True)
    idempotency_key = serializers.CharField(
        required=False, allow_blank=True, max_length=64, default=""
    )
    # When the entry was made on the phone (the offline queue sends it later).
    device_time = serializers.DateTimeField(required=False, allow_null=True)


class ResubmitSerializer(serializers.Serializer):
    volume = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
    activity_type = serializers.IntegerField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.FileField(required=False, allow_null=True)


class RepeatSerializer(serializers.Serializer):
    day = serializers.DateField()
    idempotency_key = serializers.CharField(
        required=False, allow_blank=True, max_length=60, default=""
    )


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BulkSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), max_length=1000)


class TargetSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    year = serializers.IntegerField(source="period.year", read_only=True)
    month = serializers.IntegerField(source="period.month", read_only=True)
    evidence = EvidenceLink("performance:target_evidence")

    class Meta:
        model = IndicatorTarget
        fields = [
            "id",
            "employee",
            "year",
            "month",
            "indicator",
            "indicator_name",
            "target",
            "realisation",
            "evidence",
            "note",
            "status",
            "achievement_pct",
        ]
        read_only_fields = fields


class AssignTargetSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    indicator = serializers.IntegerField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class RealisationSerializer(serializers.Serializer):
    realisation = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True)


_LEVELS = [level.value for level in Level]


class BehaviourSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)

    def get_fields(self):
        fields = super().get_fields()
        for name in BERAKHLAK:
            fields[name] = serializers.ChoiceField(choices=_LEVELS)
        return fields


class CloseSerializer(serializers.Serializer):
    opd = serializers.IntegerField(required=False, allow_null=True)


class CorrectionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["activity", "attendance", "behaviour"])
    reason = serializers.CharField()
    employee = serializers.IntegerField(required=False)
    entry = serializers.IntegerField(required=False)
    status = serializers.CharField(required=False)
    volume = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
    day = serializers.DateField(required=False)
    attendance_status = serializers.ChoiceField(
        choices=[s.value for s in AttendanceStatus], required=False
    )
    late_minutes = serializers.IntegerField(required=False, min_value=0, allow_null=True)
    early_minutes = serializers.IntegerField(required=False, min_value=0, allow_null=True)
    year = serializers.IntegerField(required=False)
    month = serializers.IntegerField(required=False)
    levels = serializers.DictField(child=serializers.ChoiceField(choices=_LEVELS), required=False)


class CorrectionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CorrectionOutSerializer(serializers.Serializer):
    """A correction; `status` "pending" waits for a second approver (nothing changed yet,
    `result_after` is what it would give)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.ChoiceField(choices=["applied", "pending", "rejected"])
    status_label = serializers.CharField()
    employee = serializers.IntegerField()
    reason = serializers.CharField()
    requested_by = serializers.IntegerField()
    change_before = serializers.JSONField(allow_null=True)
    change_after = serializers.JSONField(allow_null=True)
    result_before = serializers.JSONField(allow_null=True)
    result_after = serializers.JSONField(allow_null=True)
    approver = serializers.IntegerField(allow_null=True)
    decision_note = serializers.CharField(allow_blank=True)


class ResultSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = MonthlyResult
        exclude = ["period"]
