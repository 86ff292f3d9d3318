"""Every onboarding and billing page renders for the roles that may see it, and only them."""

import pytest

from billing.models import BillingAccount, Plan
from core.accounts.roles import Role
from onboarding.models import CityApplication
from onboarding.services.pilots import create_pilot
from tenants.services import Actor
from tests.conftest import client_for, login


@pytest.fixture
def setup(db, jambi, application_data, trainer):
    client_for(None).post("/onboarding/apply/", application_data)
    plan = Plan.objects.create(
        code="standar", name="Standar", price_per_seat=15000, stripe_price_id="price_x"
    )
    BillingAccount.objects.create(
        city=jambi,
        plan=plan,
        payment_method="card",
        billing_email="x@jambikota.go.id",
        stripe_customer_id="cus_x",
        subscription_status="past_due",
    )
    from django.utils import timezone

    from onboarding.models import CityMetrics

    CityMetrics.objects.create(
        city=jambi,
        taken_on=timezone.localdate(),
        taken_at=timezone.now(),
        asn_count=10,
        accounts_activated=4,
        verification_backlog=0,
    )
    create_pilot(
        "latihan-halaman",
        name="Kota Latihan Halaman",
        population=100,
        history_days=1,
        lifetime_days=10,
        actor=Actor.of(trainer),  # the trainer's own pilot
        seed=3,
    )
    return CityApplication.objects.get()


def test_operator_pages_render(setup, operator):
    client = login(None, operator)
    for path in (
        "/onboarding/applications/",
        f"/onboarding/applications/{setup.pk}/",
        "/onboarding/applications/?status=approved",
        "/onboarding/monitor/",
        "/onboarding/pilots/",
        "/onboarding/cities/jambi/",
        "/onboarding/cities/latihan-halaman/",
        "/onboarding/pilots/latihan-halaman/logins/",
        "/billing/",
        "/billing/cities/jambi/",
        "/billing/cities/latihan-halaman/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    monitor = client.get("/onboarding/monitor/").content.decode()
    # a missing figure reads "–" in every cell, as core.formats writes it (not "—" beside it)
    assert "–" in monitor and "—" not in monitor
    city_page = client.get("/onboarding/cities/jambi/").content.decode()
    assert "<polyline" in city_page and "40\u00a0%" in city_page
    menu = [item["url"] for item in response.context["nav_items"]]
    assert {
        "/onboarding/monitor/",
        "/onboarding/applications/",
        "/onboarding/pilots/",
        "/billing/",
    } <= set(menu)


def test_trainer_sees_pilots_but_not_real_cities_or_billing(setup, trainer):
    client = login(None, trainer)
    assert client.get("/onboarding/pilots/").status_code == 200
    assert client.get("/onboarding/cities/latihan-halaman/").status_code == 200
    assert client.get("/onboarding/cities/jambi/").status_code == 404
    for path in ("/onboarding/applications/", "/billing/", "/billing/cities/jambi/"):
        assert client.get(path).status_code == 403, path


def test_city_admin_pages_render(setup, make_user, jambi):
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    client = login(jambi, admin)
    for path in ("/support/", "/support/billing/"):
        assert client.get(path).status_code == 200, path
    menu = [item["url"] for item in client.get("/support/").context["nav_items"]]
    assert "/support/" in menu and "/support/billing/" in menu


def test_anonymous_is_sent_to_login(db):
    for path in ("/onboarding/monitor/", "/onboarding/pilots/", "/billing/"):
        response = client_for(None).get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
