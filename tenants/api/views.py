from rest_framework import viewsets

from core.accounts.access import HasRole
from core.accounts.roles import Role
from tenants.access import visible_cities
from tenants.api.serializers import CitySerializer
from tenants.models import City


class CityViewSet(viewsets.ReadOnlyModelViewSet):
    """Cities on the platform (operators and trainers)."""

    serializer_class = CitySerializer
    permission_classes = [HasRole(Role.OPERATOR, Role.TRAINER)]
    lookup_field = "slug"
    queryset = City.objects.prefetch_related("domains").order_by("name")

    def get_queryset(self):
        # A trainer lists only the pilot cities they made, as on the console.
        return super().get_queryset().filter(pk__in=visible_cities(self.request.user).values("pk"))

    filterset_fields = ["status", "is_pilot", "province"]
