from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tenants.models import City


class CitySerializer(serializers.ModelSerializer):
    domains: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="domain"
    )

    class Meta:
        model = City
        fields = [
            "slug",
            "name",
            "province",
            "status",
            "is_pilot",
            "pilot_expires_on",
            "schema_name",
            "domains",
            "created_at",
        ]
