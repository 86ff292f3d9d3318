"""URLs of the platform's public site (the root domain): landing, staff, console."""

from django.urls import include, path

from config.api_urls import api_patterns
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.landing, name="landing"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("core.accounts.urls")),
    path("console/incidents/", include("incidents.urls")),
    path("console/", include("tenants.urls")),
    path("catalog/", include("catalog.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("billing/", include("billing.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("revenue/", include("onboarding.revenue_urls")),
    *api_patterns(
        [
            "tenants.api.urls",
            "catalog.api.urls",
            "onboarding.api.urls",
            "billing.api.urls",
            "partnerships.api.public_urls",
        ]
    ),
]

handler404 = "config.api.page_not_found"
handler500 = "config.api.server_error"
