from django.urls import path

from core.talent.views import assessment, skp, talent

app_name = "talent"

urlpatterns = [
    path("", talent.home, name="home"),
    # SKP
    path("skp/", skp.skp_list, name="skp_list"),
    path("skp/new/", skp.skp_create, name="skp_create"),
    path("skp/<int:skp_id>/", skp.skp_detail, name="skp_detail"),
    path("skp/<int:skp_id>/rhk/", skp.skp_add_rhk, name="skp_add_rhk"),
    path("skp/<int:skp_id>/expectation/", skp.skp_expectation, name="skp_expectation"),
    path("skp/<int:skp_id>/submit/", skp.skp_submit, name="skp_submit"),
    path("skp/<int:skp_id>/decide/", skp.skp_decide, name="skp_decide"),
    path("skp/rhk/<int:rhk_id>/iki/", skp.skp_add_iki, name="skp_add_iki"),
    path("skp/iki/<int:iki_id>/realisation/", skp.iki_realise, name="iki_realise"),
    # assessment
    path("assessments/", assessment.assessment_list, name="assessment_list"),
    path(
        "assessments/<int:assessment_id>/", assessment.assessment_detail, name="assessment_detail"
    ),
    path(
        "assessments/<int:assessment_id>/rate/", assessment.assessment_rate, name="assessment_rate"
    ),
    path(
        "assessments/<int:assessment_id>/object/",
        assessment.assessment_object,
        name="assessment_object",
    ),
    path("objections/<int:objection_id>/", assessment.objection_detail, name="objection_detail"),
    path("rounds/", assessment.round_list, name="round_list"),
    path("rounds/<int:round_id>/", assessment.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/predicate/", assessment.round_predicate, name="round_predicate"),
    path("rounds/<int:round_id>/refresh/", assessment.round_refresh, name="round_refresh"),
    path("rounds/<int:round_id>/close/", assessment.round_close, name="round_close"),
    # talent
    path("grid/", talent.grid, name="grid"),
    path("grid/box/<int:number>/", talent.grid_box, name="grid_box"),
    path("place/", talent.place, name="place"),
    path("history/", talent.history, name="my_history"),
    path("history/<int:employee_id>/", talent.history, name="history"),
    path("potential/", talent.potential, name="potential"),
    path("pools/", talent.pools, name="pools"),
    path("succession/", talent.succession_list, name="succession_list"),
    path("succession/<int:position_id>/", talent.succession_detail, name="succession_detail"),
    path("calibration/", talent.calibration_list, name="calibration_list"),
    path("calibration/<int:session_id>/", talent.calibration_detail, name="calibration_detail"),
]
