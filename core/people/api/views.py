import django_filters
from django.db.models import Q
from rest_framework import viewsets

from core.people.access import visible_employees
from core.people.api.serializers import EmployeeDetailSerializer, EmployeeSerializer
from core.people.models import Employee


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="name or NIP")
    opd = django_filters.NumberFilter(method="in_opd")
    unit = django_filters.NumberFilter(method="in_unit")

    class Meta:
        model = Employee
        fields = ["nip", "asn_type", "golongan", "status", "sex"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(nip__startswith=value))

    def in_opd(self, queryset, name, value):
        return queryset.filter(
            assignments__position__org_unit__opd_id=value, assignments__ends_on__isnull=True
        ).distinct()

    def in_unit(self, queryset, name, value):
        return queryset.filter(
            assignments__position__org_unit_id=value, assignments__ends_on__isnull=True
        ).distinct()


class EmployeeViewSet(viewsets.ReadOnlyModelViewSet):
    """People the caller may see: self; reports for supervisors; the OPD for OPD admins;
    everyone for city admins, executives and inspectors. Others are 404."""

    filterset_class = EmployeeFilter
    queryset = Employee.objects.none()

    def get_serializer_class(self):
        return EmployeeDetailSerializer if self.action == "retrieve" else EmployeeSerializer

    def get_queryset(self):
        people = visible_employees(self.request.user).order_by("name", "nip")
        if self.action == "retrieve":
            people = people.prefetch_related("assignments__position__org_unit")
        return people
