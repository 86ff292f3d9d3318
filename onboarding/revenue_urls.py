"""Mounted at /revenue/ on the public site (config/urls_public.py)."""

from django.urls import path

from onboarding import revenue_views as public_views

app_name = "apeksi_revenue"
urlpatterns = [
    path("", public_views.comparison_page, name="comparison"),
    path("api/v1/comparison/", public_views.ComparisonAPIView.as_view(), name="comparison_api"),
]
