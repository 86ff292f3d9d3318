"""Types for the type checker that several apps share (nothing here runs).

`RoutedRequest` is any request once the city middleware and django-htmx have run:
`htmx`, and `city` (None on the platform's own domain). `CityRequest` is the one a
page behind `login_required` receives: the same, with a signed-in `User`. Views
annotate their request with it instead of checking `is_authenticated` again. `Text`
is what people read: a string or a lazily translated one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeAlias

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from core.accounts.models import User

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise
    from django_htmx.middleware import HtmxDetails

Text: TypeAlias = "str | _StrPromise"


class CityInfo(Protocol):
    """What pages read of the request's city (the tenant row lives in `tenants`)."""

    name: str
    slug: str
    schema_name: str


class RoutedRequest(HttpRequest):
    """Any request once the city middleware has run (the user may be anonymous)."""

    htmx: HtmxDetails
    city: CityInfo | None
    tenant: CityInfo
    urlconf: str


class CityRequest(RoutedRequest):
    user: User


def api_user(request: Request) -> User:
    """The signed-in user of an API request (the API's permissions let no one else in)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
