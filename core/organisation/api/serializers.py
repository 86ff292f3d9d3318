from rest_framework import serializers

from core.labels import ChoiceLabelsMixin
from core.organisation.models import OrgUnit, Position


class OrgUnitSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "code", "kind", "parent", "opd", "path", "depth", "is_active"]


class PositionSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    unit_path = serializers.CharField(source="org_unit.path", read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "name",
            "position_type",
            "functional_level",
            "kelas_jabatan",
            "org_unit",
            "unit_path",
            "supervisor_position",
            "annual_credit_coefficient",
            "is_active",
        ]
