"""Subscribing (card via Checkout, transfer via invoices), the portal, seats reported monthly."""

import pytest
from django.core.exceptions import ValidationError

from billing.models import BillingAccount, SeatReport
from billing.services import report_seats, start_checkout
from core.accounts.roles import Role
from tenants.services import Actor, provision_city
from tests.billing.conftest import add_employees, make_event, post_event
from tests.conftest import login


def test_card_payer_goes_to_stripe_checkout_with_active_seats(
    db, fake_stripe, operator, jambi, plan
):
    add_employees(jambi, activated=3, not_activated=2)
    response = login(None, operator).post(
        "/billing/cities/jambi/",
        {"plan": plan.pk, "payment_method": "card", "billing_email": "keuangan@jambikota.go.id"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.test/cs_")
    assert fake_stripe.paths() == ["POST /v1/customers", "POST /v1/checkout/sessions"]
    session = fake_stripe.calls[1].params
    assert (
        session["mode"],
        session["line_items[0][price]"],
        session["line_items[0][quantity]"],
    ) == ("subscription", "price_standar", "3")
    assert session["client_reference_id"] == "jambi"
    account = BillingAccount.objects.get(city=jambi)
    assert account.stripe_customer_id.startswith("cus_")
    assert fake_stripe.calls[0].params["metadata[city]"] == "jambi"

    # Stripe then tells us the checkout is complete: the subscription is linked.
    completed = {
        "id": "cs_x",
        "object": "checkout.session",
        "client_reference_id": "jambi",
        "customer": account.stripe_customer_id,
        "subscription": "sub_card",
        "metadata": {"city": "jambi"},
    }
    assert (
        post_event(make_event("checkout.session.completed", completed)).json()["outcome"]
        == "linked"
    )
    account.refresh_from_db()
    assert account.stripe_subscription_id == "sub_card"


def test_card_payer_opens_the_customer_portal(db, fake_stripe, operator, account):
    response = login(None, operator).post("/billing/cities/jambi/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://billing.stripe.test/bps_")
    assert fake_stripe.calls[-1].params["customer"] == "cus_jambi"


def test_transfer_payer_gets_invoices(db, fake_stripe, operator, jambi, plan):
    add_employees(jambi, activated=2)
    response = login(None, operator).post(
        "/billing/cities/jambi/",
        {
            "plan": plan.pk,
            "payment_method": "transfer",
            "billing_email": "keuangan@jambikota.go.id",
        },
    )
    assert response.status_code == 302
    subscription = fake_stripe.calls[-1]
    assert subscription.path == "/v1/subscriptions"
    assert (
        subscription.params["collection_method"],
        subscription.params["days_until_due"],
        subscription.params["items[0][quantity]"],
    ) == ("send_invoice", "30", "2")
    account = BillingAccount.objects.get(city=jambi)
    assert account.stripe_subscription_id.startswith(
        "sub_"
    ) and account.stripe_subscription_item_id.startswith("si_")


def test_city_admin_subscribes_from_the_city_host(db, fake_stripe, make_user, jambi, plan):
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    response = login(jambi, admin).post(
        "/support/billing/",
        {"plan": plan.pk, "payment_method": "card", "billing_email": "keuangan@jambikota.go.id"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.test/")


def test_without_plans_the_city_admin_reads_a_sentence_not_an_empty_choice(db, make_user, jambi):
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    page = login(jambi, admin).get("/support/billing/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Belum ada paket yang ditawarkan" in text and "berlangganan di sini" in text
    assert 'name="plan"' not in text and "billing_plan" not in text


def test_without_plans_the_operator_reads_what_to_do(db, operator, jambi):
    text = login(None, operator).get("/billing/cities/jambi/").content.decode()
    assert "terbitkan paket dulu" in text and "berlangganan di sini" not in text


def test_city_admin_sees_the_subscribe_form_once_a_plan_exists(db, make_user, jambi, plan):
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    text = login(jambi, admin).get("/support/billing/").content.decode()
    assert 'name="plan"' in text and "Belum ada paket yang ditawarkan" not in text


def test_asn_cannot_open_billing(db, make_user, jambi, plan):
    asn = make_user(jambi, Role.ASN, "199001012015011001")
    assert login(jambi, asn).get("/support/billing/").status_code == 403


def test_pilots_are_free_and_never_billed(db, fake_stripe, operator, plan):
    pilot = provision_city(
        "latihan-bayar", name="Kota Latihan", pilot=True, actor=Actor(label="tests")
    ).city
    with pytest.raises(ValidationError):
        start_checkout(
            pilot, plan=plan, email="x@example.org", success_url="https://x", cancel_url="https://x"
        )
    assert fake_stripe.calls == []
    assert not BillingAccount.objects.filter(city=pilot).exists()


def test_seats_are_reported_once_a_month(db, fake_stripe, account, jambi, time_machine):
    add_employees(jambi, activated=4, not_activated=3)
    time_machine.move_to("2026-11-03 09:00+07:00", tick=False)
    reports = report_seats()
    assert [(r.account, r.seats, str(r.month)) for r in reports] == [(account, 4, "2026-11-01")]
    assert [
        (c.path, c.params["quantity"], c.params["proration_behavior"]) for c in fake_stripe.calls
    ] == [("/v1/subscription_items/si_jambi", "4", "none")]
    assert report_seats() == []  # the same month again: nothing sent
    assert len(fake_stripe.calls) == 1
    time_machine.move_to("2026-12-01 09:00+07:00", tick=False)
    assert [r.seats for r in report_seats()] == [4]
    assert SeatReport.objects.filter(account=account).count() == 2


def test_card_subscription_gets_its_item_from_the_webhook_and_seats_reported(
    db, fake_stripe, jambi, plan, time_machine
):
    account = BillingAccount.objects.create(
        city=jambi,
        plan=plan,
        payment_method="card",
        billing_email="x@jambikota.go.id",
        stripe_customer_id="cus_card",
    )
    add_employees(jambi, activated=2)
    subscription = {
        "id": "sub_card",
        "object": "subscription",
        "status": "active",
        "customer": "cus_card",
        "metadata": {"city": "jambi"},
        "items": {"object": "list", "data": [{"id": "si_card", "object": "subscription_item"}]},
    }
    assert post_event(make_event("customer.subscription.created", subscription)).status_code == 200
    account.refresh_from_db()
    assert (
        account.stripe_subscription_id,
        account.stripe_subscription_item_id,
        account.subscription_status,
    ) == ("sub_card", "si_card", "active")
    time_machine.move_to("2026-11-02 09:00+07:00", tick=False)
    assert [r.seats for r in report_seats()] == [2]
    assert fake_stripe.calls[-1].path == "/v1/subscription_items/si_card"


def test_a_running_subscription_is_not_started_twice(db, fake_stripe, account, plan):
    with pytest.raises(ValidationError):
        start_checkout(
            account.city,
            plan=plan,
            email="x@example.org",
            success_url="https://x",
            cancel_url="https://x",
        )
    assert fake_stripe.calls == []


def test_billing_pages_show_subscription_states_and_dates_in_indonesian(db, account, operator):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import translation

    BillingAccount.objects.filter(pk=account.pk).update(
        subscription_status="past_due",
        grace_until=datetime(2026, 12, 21, 12, tzinfo=ZoneInfo("Asia/Jakarta")),
    )
    client = login(None, operator)
    with translation.override("id"):
        for path in ("/billing/", "/billing/cities/jambi/"):
            page = client.get(path, HTTP_ACCEPT_LANGUAGE="id").content.decode()
            assert "Pembayaran terlambat" in page, path
            assert "past_due" not in page and "2026-12-21" not in page, path
            assert "21 Desember 2026" in page, path
