from rest_framework import serializers

from onboarding.models import CityApplication, CityMetrics


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CityApplication
        fields = [
            "id",
            "official_name",
            "province",
            "slug",
            "agency",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "estimated_asn",
            "template_code",
            "status",
            "rejection_reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["id", "status", "rejection_reason", "created_at", "decided_at"]
        # The services check uniqueness with clear messages (and the database constraints hold).
        validators: list = []


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CityMetricsSerializer(serializers.ModelSerializer):
    city: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    activated_share = serializers.FloatField(read_only=True, allow_null=True)
    active_share = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = CityMetrics
        fields = [
            "city",
            "taken_on",
            "asn_count",
            "accounts_activated",
            "activated_share",
            "active_last_7_days",
            "active_share",
            "verification_backlog",
            "median_verification_hours",
            "months_opened",
            "months_closed",
            "last_activity_at",
            "checklist",
        ]


class ChecklistItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    # A field named like a Field attribute: DRF allows it, the stubs cannot tell.
    label = serializers.CharField()  # type: ignore[assignment]
    done = serializers.BooleanField()
    detail = serializers.CharField()
    share = serializers.FloatField(allow_null=True)
