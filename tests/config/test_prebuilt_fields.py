"""Serializers sharing prebuilt fields validate and render like ordinary ones."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from config.api import PrebuiltFieldsMixin


class Shared(PrebuiltFieldsMixin, serializers.Serializer):
    volume = serializers.DecimalField(max_digits=5, decimal_places=2)
    day = serializers.DateField()
    note = serializers.CharField(required=False, default="")


def test_instances_share_fields_and_keep_their_own_errors():
    good, bad = Shared(data={"volume": "1.5", "day": "2026-11-27"}), Shared(data={"day": "x"})
    assert good.is_valid() and not bad.is_valid()
    assert good.validated_data["volume"] == Decimal("1.50") and good.validated_data["note"] == ""
    assert set(bad.errors) == {"volume", "day"}
    assert good.fields is bad.fields


def test_rendering_uses_the_shared_fields():
    item = {"volume": Decimal("2"), "day": "2026-11-27", "note": "rapat"}
    assert Shared(item).data == {"volume": "2.00", "day": "2026-11-27", "note": "rapat"}
    assert Shared([item, item], many=True).data[1]["note"] == "rapat"


def test_with_a_context_or_partial_the_fields_are_the_instance_own():
    with_context = Shared(data={"volume": "1", "day": "2026-11-27"}, context={"request": None})
    partial = Shared(data={"note": "x"}, partial=True)
    assert with_context.fields is not Shared().fields
    assert with_context.fields is with_context.fields
    assert partial.is_valid() and partial.validated_data == {"note": "x"}
