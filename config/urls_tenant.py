"""URLs of a city's site (`<slug>.<root domain>`)."""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from catalog import city_urls as catalog_city_urls
from config.api_urls import api_patterns
from core import views as core_views
from core.configuration import urls as configuration_urls
from core.performance import pwa

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sw.js", pwa.service_worker, name="pwa-sw"),
    path("manifest.webmanifest", pwa.manifest, name="pwa-manifest"),
    path("pwa/icon.svg", pwa.icon, name="pwa-icon"),
    path("reminders/", include("core.reminders.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("core.accounts.urls")),
    path("audit/", include("core.audit.urls")),
    path("organisation/", include("core.organisation.urls")),
    path("people/", include("core.people.urls")),
    path(
        "configuration/",
        include(
            (
                catalog_city_urls.urlpatterns + configuration_urls.urlpatterns,
                configuration_urls.app_name,
            )
        ),
    ),
    path("work/", include("core.performance.urls")),
    path("talent/", include("core.talent.urls")),
    path("revenue/", include("core.revenue.urls")),
    path("command/", include("core.command.urls")),
    path("siasn/", include("core.siasn.urls")),
    path("support/", include("onboarding.city_urls")),
    path("partnerships/", include("partnerships.urls")),
    *api_patterns(
        [
            "core.accounts.api.urls",
            "core.audit.api.urls",
            "core.organisation.api.urls",
            "core.people.api.urls",
            "core.configuration.api.urls",
            "catalog.api.city_urls",
            "core.performance.api.urls",
            "core.talent.api.urls",
            "core.revenue.api.urls",
            "core.command.api.urls",
            "partnerships.api.urls",
            "core.siasn.api.urls",
        ]
    ),
]

handler404 = "config.api.page_not_found"
handler500 = "config.api.server_error"
