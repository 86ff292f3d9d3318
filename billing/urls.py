from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("", views.index, name="index"),
    path("webhook/", views.webhook, name="webhook"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("cities/<slug:slug>/portal/", views.portal, name="portal"),
]
