from django.urls import path

from core.revenue import views

app_name = "revenue"
urlpatterns = [
    path("", views.index, name="index"),
    path("sources/", views.sources, name="sources"),
    path("sources/link-opds/", views.link_opds, name="link_opds"),
    path("sources/<str:code>/", views.source_edit, name="source_edit"),
    path("sources/<str:code>/officers/", views.officer_add, name="officer_add"),
    path(
        "sources/<str:code>/officers/<int:employee_id>/remove/",
        views.officer_remove,
        name="officer_remove",
    ),
    path("targets/", views.targets, name="targets"),
    path("targets/<int:year>/<str:code>/", views.target_set, name="target_set"),
    path("realisation/", views.realisation, name="realisation"),
    path(
        "realisation/<int:year>/<int:month>/<str:code>/",
        views.realisation_set,
        name="realisation_set",
    ),
    path("import/", views.import_file, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("months/", views.months, name="months"),
    path("months/<int:year>/<int:month>/close/", views.month_close, name="month_close"),
    path("corrections/new/", views.correction_new, name="correction_new"),
    path("indicators/", views.indicators, name="indicators"),
]
