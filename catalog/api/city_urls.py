"""Mounted under /api/v1/ on a city's host (config/urls_tenant.py)."""

from django.urls import path

from catalog.api.city_views import ComparisonView, ProposalView

urlpatterns = [
    path("configuration/comparison/", ComparisonView.as_view(), name="config-comparison"),
    path("configuration/proposals/", ProposalView.as_view(), name="config-proposals"),
]
