from rest_framework import serializers

from core.configuration.models import POSITION_TYPES, ActivityType, Holiday, Indicator
from core.labels import ChoiceLabelsMixin


class ActivityTypeSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    position_types = serializers.ListField(
        child=serializers.ChoiceField(choices=[c for c, _ in POSITION_TYPES]), allow_empty=False
    )

    class Meta:
        model = ActivityType
        fields = [
            "code",
            "name",
            "family",
            "output_unit",
            "standard_minutes",
            "position_types",
            "evidence_required",
            "is_active",
            "source_template",
            "source_version",
        ]
        read_only_fields = ["source_template", "source_version"]


class IndicatorSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "family",
            "unit",
            "direction",
            "measurement",
            "is_active",
            "source_template",
            "source_version",
        ]
        read_only_fields = ["source_template", "source_version"]


class HolidaySerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "date", "name", "kind", "is_active"]
        read_only_fields = ["id", "is_active"]


class PolicyChangeSerializer(serializers.Serializer):
    """Any subset of the policy settings; validated by the service as a whole."""

    changes = serializers.DictField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class TakeSerializer(serializers.Serializer):
    ref = serializers.CharField(help_text="slug@version, e.g. surabaya@2")
    items = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text='"section:key" items, e.g. "activities:ADM-001"',
    )
    all_clean = serializers.BooleanField(default=False)


class ProposalSerializer(serializers.Serializer):
    target_slug = serializers.SlugField(max_length=60)
    title = serializers.CharField(max_length=150)
    attribution = serializers.CharField(max_length=200, required=False, allow_blank=True)
    changelog = serializers.CharField()
    sections = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    keys = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
