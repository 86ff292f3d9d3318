"""Object access for platform staff: which cities an operator or trainer may open.

Operators see every city. Trainers see the pilot cities they generated only; a real city,
or another trainer's pilot, is outside their reach and answers 404, as if it did not
exist. A city user never reaches these pages at all (they live on the root domain, where
city accounts do not exist).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import Role
from onboarding.models import PilotProfile
from tenants.access import visible_cities
from tenants.models import City


def trainer_pilots(user) -> QuerySet[City]:
    """The pilot cities `user` made (tenants.access.visible_cities)."""
    return visible_cities(user)


def pilot_profiles_for(user) -> QuerySet[PilotProfile]:
    """Operators: every pilot; a trainer: their own."""
    profiles = PilotProfile.objects.all()
    return profiles if user.role == Role.OPERATOR else profiles.filter(created_by=user)


def get_city_for_staff(user, slug: str) -> City:
    if not (user.is_authenticated and user.has_role(Role.OPERATOR, Role.TRAINER)):
        raise PermissionDenied(_("Your role does not allow this."))
    cities = City.objects.all() if user.role == Role.OPERATOR else trainer_pilots(user)
    city = cities.filter(slug=slug).first()
    if city is None:
        raise Http404(_("There is no city at this address."))
    return city


def get_city_for_operator(user, slug: str) -> City:
    city = get_city_for_staff(user, slug)
    if user.role != Role.OPERATOR:
        raise PermissionDenied(_("Your role does not allow this."))
    return city


def get_pilot_for_trainer(user, slug: str) -> City:
    city = get_city_for_staff(user, slug)
    if not city.is_pilot:
        raise Http404(_("There is no city at this address."))
    return city
