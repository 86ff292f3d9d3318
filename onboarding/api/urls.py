from django.urls import path
from rest_framework.routers import SimpleRouter

from onboarding.api.views import ApplicationViewSet, ChecklistView, MetricsViewSet

router = SimpleRouter()
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
