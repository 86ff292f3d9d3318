"""Partnership API on the root domain (operators): every partnership, under `apeksi/`
so that no path means one thing on a city's host and another on the platform's."""

from django.urls import path

from config.api import NumericRouter
from partnerships.api.views import MentorSearchView, OverviewView, PartnershipViewSet

router = NumericRouter()
router.register("apeksi/partnerships", PartnershipViewSet, basename="apeksi-partnership")
urlpatterns = [
    path("apeksi/partnerships/overview/", OverviewView.as_view(), name="apeksi-overview"),
    path("apeksi/mentors/", MentorSearchView.as_view(), name="apeksi-mentors"),
    *router.urls,
]
