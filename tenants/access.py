"""Which cities platform staff may see: operators every city, a trainer only the pilot
cities they made (onboarding's PilotProfile.created_by for a generated pilot; the first
status change for a pilot created empty from the console)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.accounts.roles import Role
from tenants.models import City


def visible_cities(user) -> QuerySet[City]:
    cities = City.objects.all()
    if getattr(user, "role", None) == Role.OPERATOR:
        return cities
    if getattr(user, "role", None) != Role.TRAINER:
        return cities.none()
    made = Q(pilot_profile__created_by=user) | Q(
        pilot_profile__isnull=True, status_changes__actor=user, status_changes__from_status=""
    )
    owned = cities.filter(made, is_pilot=True).values("pk")
    return cities.filter(pk__in=owned)
