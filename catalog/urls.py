from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("templates/<slug:slug>/<int:number>/", views.version_detail, name="version"),
    path("templates/<slug:slug>/<int:number>/status/", views.version_status, name="version_status"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
]
