import django_filters
from rest_framework import viewsets

from core.organisation.access import visible_positions, visible_units
from core.organisation.api.serializers import OrgUnitSerializer, PositionSerializer
from core.organisation.models import OrgUnit, Position


class OrgUnitFilter(django_filters.FilterSet):
    path = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = OrgUnit
        fields = ["kind", "parent", "opd", "is_active", "path"]


class PositionFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    opd = django_filters.NumberFilter(field_name="org_unit__opd_id")

    class Meta:
        model = Position
        fields = [
            "position_type",
            "kelas_jabatan",
            "org_unit",
            "supervisor_position",
            "is_active",
            "name",
            "opd",
        ]


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units the caller may see (city-wide roles: all; OPD admins: their OPD)."""

    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilter
    queryset = OrgUnit.objects.none()

    def get_queryset(self):
        return visible_units(self.request.user).order_by("path")


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    queryset = Position.objects.none()

    def get_queryset(self):
        return visible_positions(self.request.user).order_by("org_unit__path", "name")
