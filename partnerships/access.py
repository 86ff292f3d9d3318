"""Object access for partnerships: 404 outside your city's partnerships, 403 for a role
that may not see the page.

On a city's host a partnership exists only if that city is one of its two; on the
root domain only operators see partnerships. The adoption panel exists only for the
mentoring side, and only its administrators, executives and mentors open it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.db import tenant_connection
from partnerships.models import ActionItem, Member, Partnership, PartnershipStatus
from partnerships.services.adoption import adopter_of
from tenants.models import City


def current_city() -> City | None:
    conn = tenant_connection()
    if conn.schema_name == "public":
        return None
    tenant = getattr(conn, "tenant", None)
    return tenant if isinstance(tenant, City) else None


def partnerships_of(city: City) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(city_a=city) | Q(city_b=city)).select_related(
        "city_a", "city_b"
    )


def _memberships(user, city: City) -> QuerySet[Member]:
    return Member.objects.filter(city=city, user_id=user.pk, removed_at__isnull=True)


def is_mentor_here(user) -> bool:
    """The `mentor` permission: an active mentor membership in this city."""
    city = current_city()
    if city is None or not (user and user.is_authenticated and user.is_active):
        return False
    cache = user.__dict__.setdefault("_partnership_mentor", {})
    if city.pk not in cache:
        cache[city.pk] = _memberships(user, city).filter(is_mentor=True).exists()
    return cache[city.pk]


def can_see_partnerships(user) -> bool:
    """Menu and list page: administrators, executives, inspectors, and any member."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    city = current_city()
    if city is None:
        return user.role == Role.OPERATOR
    if user.role in CITY_WIDE_READERS:
        return True
    # The menu asks on every page (twice: the entry and its view); once per request.
    cache = user.__dict__.setdefault("_partnership_visible", {})
    if city.pk not in cache:
        cache[city.pk] = (
            _memberships(user, city).exists()
            or ActionItem.objects.filter(assignee_city=city, assignee_user_id=user.pk).exists()
        )
    return cache[city.pk]


def get_partnership(user, pk: int) -> Partnership:
    city = current_city()
    if city is None:
        if not (user.is_authenticated and user.role == Role.OPERATOR):
            raise PermissionDenied(_("Your role does not allow this."))
        p = Partnership.objects.select_related("city_a", "city_b").filter(pk=pk).first()
        if p is None:
            raise Http404(_("There is no partnership at this address."))
        return p
    p = partnerships_of(city).filter(pk=pk).first()
    if p is None:
        raise Http404(_("There is no partnership at this address."))
    if user.role in CITY_WIDE_READERS or _memberships(user, city).filter(partnership=p).exists():
        return p
    if ActionItem.objects.filter(
        partnership=p, assignee_city=city, assignee_user_id=user.pk
    ).exists():
        return p
    raise PermissionDenied(_("Your role does not allow this."))


def get_adoption(user, pk: int) -> tuple[Partnership, City]:
    """The partnership and the city whose adoption the user may read (aggregates)."""
    p = get_partnership(user, pk)
    city = current_city()
    if city is None:
        from partnerships.services.adoption import adopters_in

        adopters = adopters_in(p)
        if not adopters:
            raise Http404
        return p, adopters[0]
    adopter = adopter_of(p, city)
    if adopter is None:
        raise Http404(_("Your city does not mentor in this partnership."))
    if p.status != PartnershipStatus.ACTIVE:
        # Before the adopter accepts, and after the partnership ends, nothing is shown.
        raise Http404(_("The adoption panel is open while the partnership is active."))
    if (
        user.role in (Role.CITY_ADMIN, Role.EXECUTIVE)
        or _memberships(user, city).filter(partnership=p, is_mentor=True).exists()
    ):
        return p, adopter
    raise PermissionDenied(_("Only mentors and the administrator see the adoption panel."))


def get_action(user, pk: int) -> ActionItem:
    item = ActionItem.objects.select_related("partnership").filter(pk=pk).first()
    if item is None:
        raise Http404
    get_partnership(user, item.partnership_id)
    return item


def side_of(p: Partnership, city: City | None) -> str:
    """ "a", "b" or "" (the platform)."""
    if city is None:
        return ""
    return "a" if city.pk == p.city_a_id else "b"
