from django.urls import path

from config.api import NumericRouter
from onboarding.api.views import ApplicationViewSet, ChecklistView, MetricsViewSet

router = NumericRouter()
router.register("onboarding/applications", ApplicationViewSet, basename="onboarding-application")
router.register("onboarding/metrics", MetricsViewSet, basename="onboarding-metrics")
urlpatterns = [
    *router.urls,
    path(
        "onboarding/cities/<slug:slug>/checklist/",
        ChecklistView.as_view(),
        name="onboarding-checklist",
    ),
]
