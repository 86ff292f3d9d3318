from rest_framework import serializers

from core.labels import ChoiceLabelsMixin
from core.people.models import Assignment, Employee


class AssignmentSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    position_name = serializers.CharField(source="position.name", read_only=True)
    unit_path = serializers.CharField(source="position.org_unit.path", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "position",
            "position_name",
            "unit_path",
            "starts_on",
            "ends_on",
            "is_acting",
        ]


class EmployeeSerializer(ChoiceLabelsMixin, serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "name",
            "front_title",
            "back_title",
            "display_name",
            "sex",
            "birth_date",
            "asn_type",
            "golongan",
            "status",
            "email",
            "phone",
        ]


class EmployeeDetailSerializer(EmployeeSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta(EmployeeSerializer.Meta):
        fields = [*EmployeeSerializer.Meta.fields, "assignments"]
