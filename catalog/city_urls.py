"""On a city's host under /configuration/, in the `configuration` namespace with
core.configuration.urls (config/urls_tenant.py joins them)."""

from django.urls import path

from catalog import city_views

urlpatterns = [
    path("", city_views.index, name="index"),
    path("upgrade/", city_views.upgrade, name="upgrade"),
    path("publish/", city_views.publish, name="publish"),
]
