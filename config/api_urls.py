"""`/api/v1/` on every host, with its OpenAPI schema and browsable docs.

Every host (the public site and each city) mounts the same conventions:
- `/api/v1/auth/token/` (core.accounts.api.views.TokenView): exchange a NIP or user
  name and password for a token of THIS host's schema; a Jambi token is worth nothing
  on Surabaya or on the public site;
- `/api/v1/...`: each app's `api/urls.py`;
- `/api/schema/` (OpenAPI 3) and `/api/docs/` (Swagger UI from drf-spectacular-sidecar,
  its start-up script served as a file so the Content-Security-Policy needs no inline
  script).
Errors are JSON with a `message` (config.api.json_exception_handler, and `handler404`
/ `handler500` below for URLs no view answers).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.accounts.api.views import TokenView


class HostSchemaView(SpectacularAPIView):
    """The OpenAPI schema of the host asked: the public site's API, or a city's.

    drf-spectacular would otherwise read ROOT_URLCONF (the city URLs) on every host.
    """

    schema = None  # not an operation of the API it describes

    def get(self, request, *args, **kwargs):
        self.urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        return super().get(request, *args, **kwargs)


# Swagger UI adds <style> elements from its own script, which no nonce can cover: on this
# developer page only, inline style elements are allowed (scripts stay nonce-or-file).
_swagger_ui = csp_replace({"style-src-elem": [SELF, UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)


def api_patterns(modules: list[str]) -> list:
    """Mount each module's `urlpatterns` under /api/v1/, plus /api/schema/ and /api/docs/."""
    return [
        path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
        *[path("api/v1/", include(module)) for module in modules],
        path("api/schema/", HostSchemaView.as_view(), name="api-schema"),
        path("api/docs/", _swagger_ui, name="api-docs"),
    ]
