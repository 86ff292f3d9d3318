from django.urls import path

from core.command import views

app_name = "command"
urlpatterns = [
    path("", views.city, name="city"),
    path("live/<str:name>/", views.fragment, name="fragment"),
    path("opd/<int:opd_id>/", views.opd, name="opd"),
    path("unit/<int:unit_id>/", views.unit, name="unit"),
    path("waiting/", views.waiting, name="waiting"),
    path("pack.pdf", views.pack, name="pack"),
    path("settings/", views.settings_page, name="settings"),
]
