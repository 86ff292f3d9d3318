"""Object access for platform staff: which cities an operator or trainer may open.

Operators see every city. Trainers see pilot cities only; a real city is outside
their reach and answers 404, as if it did not exist. A city user never reaches
these pages at all (they live on the root domain, where city accounts do not exist).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import Role
from tenants.models import City


def get_city_for_staff(user, slug: str) -> City:
    if not (user.is_authenticated and user.has_role(Role.OPERATOR, Role.TRAINER)):
        raise PermissionDenied(_("Your role does not allow this."))
    city = City.objects.filter(slug=slug).first()
    if city is None or (user.role == Role.TRAINER and not city.is_pilot):
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
