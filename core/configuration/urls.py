"""The city's own configuration; the home, comparison and publish screens are
catalog.city_urls, mounted in the same `configuration` namespace (config/urls_tenant.py)."""

from django.urls import path

from core.configuration import views

app_name = "configuration"
urlpatterns = [
    path("activities/", views.activities, name="activities"),
    path("activities/<str:code>/", views.activity_edit, name="activity_edit"),
    path("activities/<str:code>/toggle/", views.activity_toggle, name="activity_toggle"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:code>/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<str:code>/toggle/", views.indicator_toggle, name="indicator_toggle"),
    path("policy/", views.policy, name="policy"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<int:pk>/deactivate/", views.holiday_deactivate, name="holiday_deactivate"),
    path("branding/", views.branding, name="branding"),
    path("branding/terms/", views.term_set, name="term_set"),
]
