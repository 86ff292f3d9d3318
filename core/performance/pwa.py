"""The installable, offline-first log page: the web app manifest, the service worker
and an icon, served per city from the city host's root (the worker's scope is `/`)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from core.configuration.context import branding_values

# Files the worker keeps for the log page to open without signal.
SHELL_STATIC = (
    "css/sinergi.css",
    "js/sinergi.js",
    "django_htmx/htmx-2.min.js",
    "core/performance/work.css",
    "core/performance/log.js",
    "core/performance/queue.js",
    "core/performance/offline.js",
)


def _name(request: HttpRequest) -> str:
    values = branding_values() or {}
    city = getattr(request, "city", None)
    return values.get("display_name") or (city.name if city else "Sinergi")


def _short(name: str) -> str:
    """The name under the icon: "Kota Surabaya" -> "Surabaya" (whole words, about 12 letters)."""
    for prefix in ("Pemerintah ", "Kota ", "Kabupaten "):
        name = name.removeprefix(prefix)
    words, short = name.split(), ""
    for word in words:
        if short and len(short) + 1 + len(word) > 12:
            break
        short = f"{short} {word}".strip()
    return short or name[:12]


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The city's web app manifest: its name, colours and logo (or a lettered icon)."""
    values = branding_values() or {}
    name = _name(request)
    icons = [{"src": reverse("pwa-icon"), "sizes": "any", "type": "image/svg+xml"}]
    if values.get("logo_url"):
        icons.insert(0, {"src": values["logo_url"], "sizes": "192x192", "purpose": "any"})
    data = {
        "name": f"{name} · Sinergi",
        "short_name": _short(name),
        "start_url": reverse("performance:log"),
        "scope": "/",
        "display": "standalone",
        "lang": "id",
        "background_color": "#ffffff",
        "theme_color": values.get("primary_colour") or "#1d4ed8",
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "max-age=3600"
    return response


@require_safe
def icon(request: HttpRequest) -> HttpResponse:
    """A square icon: the city's initials on its primary colour."""
    values = branding_values() or {}
    words = [w for w in _name(request).replace("Kota", "").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in words[:2]).upper() or "S"
    colour = values.get("primary_colour") or "#1d4ed8"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="96" fill="{escape(colour)}"/>'
        '<text x="256" y="330" font-family="sans-serif" font-size="220" font-weight="700" '
        f'text-anchor="middle" fill="#ffffff">{escape(letters)}</text></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "max-age=86400"
    return response


def _version(urls: list[str]) -> str:
    """Changes when a shell file's URL does (hashed names in production) or on deploy."""
    seed = json.dumps([urls, getattr(settings, "RELEASE", "")]).encode()
    return hashlib.sha256(seed).hexdigest()[:12]


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so its scope covers the log page."""
    shell = [static(path) for path in SHELL_STATIC]
    body = render_to_string(
        "core/performance/sw.js",
        {
            "version": _version(shell),
            "shell_json": json.dumps(shell),
            "queue_js": json.dumps(static("core/performance/queue.js")),
            "log_url": json.dumps(reverse("performance:log")),
            "api_url": json.dumps(reverse("api-work-activities")),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
