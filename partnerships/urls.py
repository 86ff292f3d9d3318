"""Partnership pages, mounted at /partnerships/ on the root domain and on every city host."""

from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/document/", views.document, name="document"),
    path("<int:pk>/people/", views.add_member, name="add-member"),
    path("<int:pk>/people/<int:member_id>/remove/", views.remove_member, name="remove-member"),
    path("<int:pk>/adoption/", views.adoption_panel, name="adoption"),
    path(
        "<int:pk>/milestones/<int:milestone_id>/confirm/",
        views.confirm_milestone,
        name="confirm-milestone",
    ),
    path("<int:pk>/meetings/", views.record_meeting, name="record-meeting"),
    path("actions/<int:action_id>/close/", views.close_action, name="close-action"),
    path("<int:pk>/practices/", views.offer_practice, name="offer-practice"),
    path(
        "<int:pk>/practices/<int:practice_id>/status/",
        views.practice_status,
        name="practice-status",
    ),
    path("<int:pk>/pilots/", views.link_pilot, name="link-pilot"),
    path("<int:pk>/reports/<int:year>/<int:month>/", views.report, name="report"),
    path(
        "<int:pk>/reports/<int:year>/<int:month>/prepare/",
        views.prepare_report,
        name="prepare-report",
    ),
    path("<int:pk>/reports/<int:year>/<int:month>/sign/", views.sign_report, name="sign-report"),
    path("<int:pk>/reports/<int:year>/<int:month>/pdf/", views.report_pdf, name="report-pdf"),
    path("<int:pk>/access/", views.grant_access, name="grant-access"),
    path("<int:pk>/access/<int:access_id>/end/", views.end_access, name="end-access"),
    path("enter/<str:token>/", views.enter, name="enter"),
    path("leave/", views.leave, name="leave"),
]
