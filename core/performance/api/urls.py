from django.urls import path

from core.performance.api import views

urlpatterns = [
    path("work/activities/", views.activities_view, name="api-work-activities"),
    path("work/activities/repeat/", views.repeat_view, name="api-work-repeat"),
    path("work/activities/<int:entry_id>/", views.activity_view, name="api-work-activity"),
    path("work/verification/", views.queue_view, name="api-work-queue"),
    path("work/verification/bulk/", views.bulk_view, name="api-work-bulk"),
    path("work/verification/<int:entry_id>/", views.decide_view, name="api-work-decide"),
    path("work/targets/", views.targets_view, name="api-work-targets"),
    path("work/targets/<int:target_id>/report/", views.report_view, name="api-work-report"),
    path("work/targets/<int:target_id>/confirm/", views.confirm_view, name="api-work-confirm"),
    path("work/behaviour/", views.behaviour_view, name="api-work-behaviour"),
    path("work/attendance/import/", views.attendance_view, name="api-work-attendance"),
    path("work/periods/<int:year>/<int:month>/", views.period_view, name="api-work-period"),
    path(
        "work/periods/<int:year>/<int:month>/preview/", views.preview_view, name="api-work-preview"
    ),
    path("work/periods/<int:year>/<int:month>/close/", views.close_view, name="api-work-close"),
    path(
        "work/periods/<int:year>/<int:month>/results/", views.results_view, name="api-work-results"
    ),
    path(
        "work/periods/<int:year>/<int:month>/payroll/", views.payroll_view, name="api-work-payroll"
    ),
    path("work/statement/<int:year>/<int:month>/", views.statement_view, name="api-work-statement"),
    path("work/corrections/", views.correction_view, name="api-work-corrections"),
    path(
        "work/corrections/pending/",
        views.pending_corrections_view,
        name="api-work-corrections-pending",
    ),
    path(
        "work/corrections/<int:correction_id>/decision/",
        views.correction_decision_view,
        name="api-work-correction-decision",
    ),
    path("work/dashboard/me/", views.me_view, name="api-work-me"),
    path("work/dashboard/team/", views.team_view, name="api-work-team"),
    path("work/dashboard/opd/<int:opd_id>/", views.opd_view, name="api-work-opd"),
    path("work/dashboard/city/", views.city_view, name="api-work-city"),
]
