from django.urls import path

from config.api import NumericRouter
from core.talent.api import views

router = NumericRouter()
router.register("talent/skps", views.SkpViewSet, basename="talent-skp")
router.register("talent/indicators", views.IndicatorViewSet, basename="talent-indicator")
router.register("talent/rounds", views.RoundViewSet, basename="talent-round")
router.register("talent/assessments", views.AssessmentViewSet, basename="talent-assessment")
router.register("talent/objections", views.ObjectionViewSet, basename="talent-objection")
router.register("talent/potential-assessments", views.PotentialViewSet, basename="talent-potential")
router.register("talent/placements", views.PlacementViewSet, basename="talent-placement")
router.register(
    "talent/calibration-sessions", views.CalibrationViewSet, basename="talent-calibration"
)
router.register("talent/succession-plans", views.SuccessionViewSet, basename="talent-succession")

urlpatterns = [
    path("talent/history/<int:employee_id>/", views.HistoryView.as_view(), name="talent-history"),
    *router.urls,
]
