"""`/api/v1/` on every host, with its OpenAPI schema and browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


def api_patterns(modules: list[str]) -> list:
    """Mount each module's `urlpatterns` under /api/v1/, plus /api/schema/ and /api/docs/."""
    return [
        *[path("api/v1/", include(module)) for module in modules],
        path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
        path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    ]
