"""Shapes of the revenue API; the services decide what is allowed."""

from __future__ import annotations

from rest_framework import serializers

from core.revenue.models import Correction, RevenueSource


class SourceSerializer(serializers.ModelSerializer):
    opd = serializers.CharField(source="opd.name", default=None, read_only=True, allow_null=True)
    unit = serializers.CharField(source="unit.name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = RevenueSource
        fields = ["code", "name", "group", "opd", "opd_name", "unit", "is_active"]


class TargetInSerializer(serializers.Serializer):
    apbd = serializers.CharField(max_length=30)
    apbd_p = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True)


class AmountInSerializer(serializers.Serializer):
    amount = serializers.CharField(max_length=30)


class ImportInSerializer(serializers.Serializer):
    file = serializers.FileField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    dry_run = serializers.BooleanField(default=False)


class CorrectionInSerializer(serializers.Serializer):
    # A field named like a Field attribute: DRF allows it, the stubs cannot tell.
    source = serializers.CharField(max_length=30)  # type: ignore[assignment]
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    amount = serializers.CharField(max_length=30)
    reason = serializers.CharField()


class CorrectionSerializer(serializers.ModelSerializer):
    # A field named like a Field attribute: DRF allows it, the stubs cannot tell.
    source = serializers.CharField(source="source.code")  # type: ignore[assignment]
    made_by = serializers.CharField(source="made_by.username")

    class Meta:
        model = Correction
        fields = [
            "id",
            "source",
            "year",
            "month",
            "amount_before",
            "amount_after",
            "reason",
            "made_at",
            "made_by",
        ]


class IndicatorLinkInSerializer(serializers.Serializer):
    # A field named like a Field attribute: DRF allows it, the stubs cannot tell.
    source = serializers.CharField(max_length=30, required=False, allow_null=True, allow_blank=True)  # type: ignore[assignment]
    code = serializers.CharField(max_length=30, required=False, allow_blank=True)


class RowSerializer(serializers.Serializer):
    """Documentation only: a list endpoint's item (the fields are in docs/revenue.md)."""
