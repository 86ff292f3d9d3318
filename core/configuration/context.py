"""Template context: the city's branding (display name, colours, logo) for the page shell.

Cached per city (the default cache's keys carry the schema name) and dropped when the
branding changes, so an ordinary page costs no query for it.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from core.db import tenant_connection

CACHE_KEY = "configuration:branding"


def branding_values() -> dict | None:
    values = cache.get(CACHE_KEY)
    if values is None:
        from core.configuration.models import Branding

        row = Branding.objects.filter(pk=1).first()
        values = {
            "display_name": row.display_name if row else "",
            "primary_colour": row.primary_colour if row else "",
            "secondary_colour": row.secondary_colour if row else "",
            "logo_url": row.logo.url if row and row.logo else "",
        }
        cache.set(CACHE_KEY, values, 3600)
    return values


def forget_branding() -> None:
    cache.delete(CACHE_KEY)


def branding(request: HttpRequest) -> dict:
    if getattr(request, "city", None) is None or tenant_connection().schema_name == "public":
        return {}
    return {"branding": branding_values()}
