"""Tenant routing: which city (or the public site) a request belongs to.

Replaces django-tenants' TenantMainMiddleware to add what a city platform needs:
a cached host lookup, redirects from secondary domains, 404 for unknown hosts,
410 for archived cities, read-only suspended cities, and sessions that are only
valid in the schema that issued them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils.translation import gettext as _

from config.observability import bind_city
from core.db import tenant_connection
from core.typing import RoutedRequest
from tenants.models import City
from tenants.routing import resolve_host
from tenants.rules import SERVING_STATUSES, CityStatus

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _hostname(request: HttpRequest) -> str:
    return request.get_host().split(":", 1)[0]


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"message": message}, status=status)
    return render(
        request, "errors/refusal.html", {"title": title, "message": message}, status=status
    )


def city_of(request: HttpRequest) -> City:
    """The city a request was routed to; a 404 on the platform's own domain."""
    city = getattr(request, "city", None)
    if not isinstance(city, City):
        raise Http404
    return city


class CityRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: RoutedRequest) -> HttpResponse:
        tenant_connection().set_schema_to_public()
        request.city = None
        bind_city("-")
        route = resolve_host(_hostname(request))
        if route.kind == "public":
            bind_city("public")
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return self.get_response(request)
        if route.kind == "redirect" and route.primary_domain:
            return HttpResponsePermanentRedirect(self._primary_url(request, route.primary_domain))
        city = route.city
        if route.kind == "unknown" or city is None or city.status == CityStatus.APPLIED:
            return self._outside(
                request, 404, _("Page not found"), _("There is no city at this address.")
            )
        if city.status == CityStatus.ARCHIVED:
            return self._outside(
                request,
                410,
                _("City archived"),
                _("%(city)s no longer uses this platform.") % {"city": city.name},
            )
        if city.status not in SERVING_STATUSES:
            return self._outside(
                request, 404, _("Page not found"), _("There is no city at this address.")
            )
        request.city = request.tenant = city
        bind_city(city.slug)
        tenant_connection().set_tenant(city)
        return self.get_response(request)

    @staticmethod
    def _primary_url(request: HttpRequest, primary: str) -> str:
        host = request.get_host()
        port = ":" + host.rsplit(":", 1)[1] if ":" in host else ""
        return f"{request.scheme}://{primary}{port}{request.get_full_path()}"

    @staticmethod
    def _outside(request: RoutedRequest, status: int, title: str, message: str) -> HttpResponse:
        """A page for a host that is not a serving city, rendered with the public site."""
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(request.urlconf)
        return _refusal(request, status, title, message)


class SessionBelongsToSchemaMiddleware:
    """A session is worth something only in the schema (city or public) that issued it.

    Sessions and users already live in each schema's own tables; this stamps the
    schema into the session as a second lock, so a copied cookie never authenticates
    anywhere else even if keys were ever to collide.
    """

    KEY = "_schema"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        stamped = session.get(self.KEY)
        if stamped is not None and stamped != tenant_connection().schema_name:
            session.flush()
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
        elif request.user.is_authenticated and stamped is None:
            session[self.KEY] = tenant_connection().schema_name
        return self.get_response(request)


class ReadOnlyCityMiddleware:
    """A suspended city answers reads and refuses every write, saying why."""

    ALLOWED_WRITE_PATHS = (
        "/accounts/login/",
        "/accounts/logout/",
        "/i18n/setlang/",
        "/api/v1/auth/token/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        city = getattr(request, "city", None)
        if (
            city is not None
            and city.is_read_only
            and request.method not in SAFE_METHODS
            and not request.path.startswith(self.ALLOWED_WRITE_PATHS)
        ):
            return _refusal(
                request,
                403,
                _("City is read-only"),
                _(
                    "%(city)s is suspended: you can look at its data, but nothing can be "
                    "changed until the platform operator reactivates it."
                )
                % {"city": city.name},
            )
        return self.get_response(request)
