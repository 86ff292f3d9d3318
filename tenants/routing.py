"""Host name -> city, cached. Invalidated whenever a city or one of its domains changes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import caches

from tenants.models import City, Domain

_CACHE_PREFIX = "sinergi:route:"
_CACHE_SECONDS = 300


def _cache():
    return caches["platform"]


@dataclass(frozen=True)
class Route:
    """Where a host name leads: the public site, a city, a redirect, or nowhere."""

    kind: str  # "public" | "city" | "redirect" | "unknown"
    city: City | None = None
    primary_domain: str = ""


PUBLIC = Route("public")
UNKNOWN = Route("unknown")


def public_hosts() -> frozenset[str]:
    return _public_hosts(settings.ROOT_DOMAIN)


@cache
def _public_hosts(root: str) -> frozenset[str]:
    return frozenset({root, f"www.{root}"})


def resolve_host(host: str) -> Route:
    """The route for a host name (no port), from the cache or the Domain table."""
    host = host.lower().rstrip(".")
    if host in public_hosts():
        return PUBLIC
    key = _CACHE_PREFIX + host
    route = _cache().get(key, version=1)
    if route is None:
        route = _lookup(host)
        _cache().set(key, route, _CACHE_SECONDS, version=1)
    return route


def _lookup(host: str) -> Route:
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    if domain is None:
        return UNKNOWN
    if domain.is_primary:
        return Route("city", city=domain.tenant, primary_domain=domain.domain)
    primary = Domain.objects.filter(tenant=domain.tenant, is_primary=True).first()
    return Route("redirect", city=domain.tenant, primary_domain=primary.domain if primary else "")


def forget_city_routes(city: City) -> None:
    """Drop every cached route of a city (call after changing its status or domains)."""
    hosts = list(Domain.objects.filter(tenant=city).values_list("domain", flat=True))
    _cache().delete_many([_CACHE_PREFIX + host for host in hosts], version=1)


def forget_host(host: str) -> None:
    _cache().delete(_CACHE_PREFIX + host.lower(), version=1)
