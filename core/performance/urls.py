from django.urls import path
from django.views.generic import RedirectView

from core.performance.views import boards, corrections, evidence, log, periods, team, verify

app_name = "performance"
urlpatterns = [
    path("", log.log_page, name="log"),
    path("log/", log.log_page, name="log_post"),
    path("log/repeat/", log.repeat_yesterday, name="repeat"),
    path("log/<int:entry_id>/withdraw/", log.withdraw, name="withdraw"),
    path("log/<int:entry_id>/fix/", log.resubmit, name="resubmit"),
    path("log/<int:entry_id>/evidence/", evidence.entry_evidence, name="entry_evidence"),
    path("targets/<int:target_id>/evidence/", evidence.target_evidence, name="target_evidence"),
    path("favourites/<int:activity_type_id>/", log.toggle_favourite, name="favourite"),
    path("favourites/<int:activity_type_id>/log/", log.favourite_log, name="favourite_log"),
    path("verify/", verify.queue, name="verify"),
    path("verify/bulk/", verify.bulk, name="verify_bulk"),
    path("verify/<int:entry_id>/", verify.decide, name="decide"),
    path("team/", team.team, name="team"),
    path("team/<int:employee_id>/behaviour/", team.rate, name="rate"),
    path(
        "team/<int:employee_id>/behaviour/<int:year>/<int:month>/",
        team.rate,
        name="rate_month",
    ),
    path("team/<int:employee_id>/targets/", team.targets, name="targets"),
    path("targets/<int:target_id>/confirm/", team.confirm, name="confirm_target"),
    path("targets/", team.my_targets, name="my_targets"),
    path("me/", boards.me, name="me"),
    path("statement/<int:year>/<int:month>/", boards.statement, name="statement"),
    path("opd/", boards.opd_board, name="opd"),
    path(
        "city/", RedirectView.as_view(pattern_name="command:city", query_string=True), name="city"
    ),
    path("periods/", periods.period_list, name="periods"),
    path("periods/<int:year>/<int:month>/", periods.period_detail, name="period"),
    path("periods/<int:year>/<int:month>/close/", periods.close, name="close"),
    path(
        "periods/<int:year>/<int:month>/payroll.<str:fmt>",
        periods.payroll,
        name="payroll",
    ),
    path(
        "periods/<int:year>/<int:month>/correct/<int:employee_id>/",
        periods.correct,
        name="correct",
    ),
    path("attendance/", periods.attendance, name="attendance"),
    path("corrections/", corrections.pending, name="corrections"),
    path(
        "corrections/<int:correction_id>/decision/",
        corrections.decide,
        name="correction_decide",
    ),
]
