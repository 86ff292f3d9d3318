"""Partnership API on a city's host (that city's partnerships)."""

from django.urls import path

from config.api import NumericRouter
from partnerships.api.views import CloseActionView, MentorSearchView, PartnershipViewSet

router = NumericRouter()
router.register("partnerships", PartnershipViewSet, basename="partnership")
urlpatterns = [
    path("partnerships/mentors/", MentorSearchView.as_view(), name="partnerships-mentors"),
    path(
        "partnerships/actions/<int:action_id>/close/",
        CloseActionView.as_view(),
        name="partnerships-close-action",
    ),
    *router.urls,
]
