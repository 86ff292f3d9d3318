"""Onboarding pages on a city's host, mounted at /support/."""

from django.urls import path

from billing import city_views as billing_views
from onboarding import city_views

app_name = "support"
urlpatterns = [
    path("", city_views.overview, name="overview"),
    path("checklist/<slug:item>/confirm/", city_views.confirm_item, name="confirm-item"),
    path("sessions/<int:grant_id>/end/", city_views.revoke_grant, name="revoke-grant"),
    path("welcome/<str:token>/", city_views.welcome, name="welcome"),
    path("enter/<str:token>/", city_views.enter, name="enter"),
    path("leave/", city_views.leave, name="leave"),
    path("billing/", billing_views.billing, name="billing"),
    path("billing/portal/", billing_views.portal, name="billing-portal"),
]
