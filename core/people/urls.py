from django.urls import path

from core.people import views

app_name = "people"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("<int:employee_id>/", views.employee_detail, name="detail"),
    path("<int:employee_id>/status/", views.employee_status, name="status"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("export/", views.export, name="export"),
    path("activation-letters/", views.activation_letters, name="letters"),
]
