from django.urls import path

from catalog.api.views import TemplateListView, TemplateVersionView

urlpatterns = [
    path("catalog/templates/", TemplateListView.as_view(), name="catalog-templates"),
    path(
        "catalog/templates/<slug:slug>/<int:number>/",
        TemplateVersionView.as_view(),
        name="catalog-template-version",
    ),
]
