"""Onboarding pages on the platform's root domain, mounted at /onboarding/."""

from django.urls import path

from onboarding import console_views, lifecycle_views, pilot_views, views

app_name = "onboarding"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/approve/", views.approve, name="approve"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("monitor/", console_views.monitor, name="monitor"),
    path("cities/<slug:slug>/", views.city_page, name="city"),
    path("cities/<slug:slug>/status/<str:action>/", views.city_status, name="city-status"),
    path("cities/<slug:slug>/training/", views.record_training, name="training"),
    path("cities/<slug:slug>/invitation/", views.reissue_invitation, name="reissue-invitation"),
    path(
        "cities/<slug:slug>/invitation/letter/",
        views.invitation_letter,
        name="invitation-letter",
    ),
    path("cities/<slug:slug>/support/", views.grant_support, name="grant-support"),
    path("cities/<slug:slug>/support/<int:grant_id>/end/", views.end_support, name="end-support"),
    path("cities/<slug:slug>/export/", lifecycle_views.export, name="export"),
    path("cities/<slug:slug>/backup/", lifecycle_views.backup, name="backup"),
    path("cities/<slug:slug>/files/<int:file_id>/", lifecycle_views.download, name="download"),
    path("cities/<slug:slug>/purge/", lifecycle_views.request_purge, name="request-purge"),
    path(
        "cities/<slug:slug>/purge/<int:purge_id>/confirm/",
        lifecycle_views.confirm_purge,
        name="confirm-purge",
    ),
    path("pilots/", pilot_views.pilots_page, name="pilots"),
    path("pilots/<slug:slug>/reset/", pilot_views.reset, name="pilot-reset"),
    path("pilots/<slug:slug>/logins/", pilot_views.login_sheet, name="pilot-logins"),
]
