"""The onboarding API calls the same services as the pages."""

from rest_framework.test import APIClient

from onboarding.models import CityApplication
from tenants.models import City


def _api(user=None) -> APIClient:
    client = APIClient(HTTP_HOST="localhost")
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anyone_files_an_application_and_duplicates_are_refused(db, application_data):
    response = _api().post("/api/v1/onboarding/applications/", application_data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    again = _api().post("/api/v1/onboarding/applications/", application_data, format="json")
    assert again.status_code == 400
    assert CityApplication.objects.count() == 1


def test_operator_lists_and_approves(db, operator, application_data):
    _api().post("/api/v1/onboarding/applications/", application_data, format="json")
    application = CityApplication.objects.get()
    assert _api().get("/api/v1/onboarding/applications/").status_code == 401
    client = _api(operator)
    assert client.get("/api/v1/onboarding/applications/").json()["count"] == 1
    response = client.post(f"/api/v1/onboarding/applications/{application.pk}/approve/")
    assert response.status_code == 200
    assert "/support/welcome/" in response.json()["invitation_link"]
    assert City.objects.filter(slug="bontang", status="active").exists()
    assert (
        client.post(f"/api/v1/onboarding/applications/{application.pk}/approve/").status_code == 400
    )


def test_checklist_api_for_staff_only(db, operator, trainer, jambi):
    response = _api(operator).get("/api/v1/onboarding/cities/jambi/checklist/")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 8
    assert _api(trainer).get("/api/v1/onboarding/cities/jambi/checklist/").status_code == 404


def test_metrics_api_gives_each_citys_latest_row(db, operator, jambi):
    from datetime import timedelta

    from django.utils import timezone

    from onboarding.models import CityMetrics

    today = timezone.localdate()
    for days_ago, asn in ((1, 10), (0, 12)):
        CityMetrics.objects.create(
            city=jambi,
            taken_on=today - timedelta(days=days_ago),
            taken_at=timezone.now(),
            asn_count=asn,
            accounts_activated=6,
        )
    rows = _api(operator).get("/api/v1/onboarding/metrics/").json()
    assert [(r["city"], r["asn_count"], r["activated_share"]) for r in rows] == [("jambi", 12, 0.5)]
    assert _api().get("/api/v1/onboarding/metrics/").status_code == 401
