from django.urls import path

from config.api import NumericRouter
from core.configuration.api.views import (
    ActivityViewSet,
    HolidayViewSet,
    IndicatorViewSet,
    PolicyView,
)

router = NumericRouter()
router.register("configuration/activities", ActivityViewSet, basename="config-activity")
router.register("configuration/indicators", IndicatorViewSet, basename="config-indicator")
router.register("configuration/holidays", HolidayViewSet, basename="config-holiday")
urlpatterns = [
    *router.urls,
    path("configuration/policy/", PolicyView.as_view(), name="config-policy"),
]
