from django.urls import path

from tenants import views

app_name = "console"
urlpatterns = [
    path("", views.console, name="index"),
    path("cities/<slug:slug>/", views.city_detail, name="city"),
    path("cities/<slug:slug>/status/", views.change_status, name="change-status"),
    path("cities/<slug:slug>/domains/", views.add_city_domain, name="add-domain"),
]
