from django.urls import path

from core.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("positions/", views.position_list, name="positions"),
]
