"""Stripe webhooks: verified by signature, idempotent, order-safe, driving the city's status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import BillingAccount, StripeEvent
from billing.rules import GRACE_DAYS
from billing.services import enforce_grace
from tenants.models import City, CityStatusChange
from tenants.rules import CityStatus
from tenants.services import Actor, change_city_status
from tests.billing.conftest import make_event, post_event
from tests.conftest import client_for


def _subscription(status: str, sub_id: str = "sub_jambi") -> dict:
    return {
        "id": sub_id,
        "object": "subscription",
        "status": status,
        "customer": "cus_jambi",
        "items": {"object": "list", "data": [{"id": "si_jambi", "object": "subscription_item"}]},
        "metadata": {"city": "jambi"},
    }


def _invoice(sub_id: str = "sub_jambi") -> dict:
    return {"id": "in_1", "object": "invoice", "subscription": sub_id, "customer": "cus_jambi"}


def _snapshot(account: BillingAccount) -> tuple:
    account.refresh_from_db()
    return (
        account.subscription_status,
        account.status_event_created,
        account.past_due_since,
        account.grace_until,
        account.suspended_for_billing,
    )


@pytest.mark.parametrize(
    ("_case", "signature"),
    [
        ("signed with another secret", "other"),
        ("no signature header", ""),
        ("garbage header", "t=1,v1=deadbeef"),
    ],
)
def test_bad_signature_is_refused_with_400_and_changes_nothing(db, account, _case, signature):
    before = _snapshot(account)
    event = make_event("customer.subscription.updated", _subscription("past_due"))
    if signature == "other":
        response = post_event(event, secret="whsec_someone_else")
    else:
        response = post_event(event, signature=signature)
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert _snapshot(account) == before


def test_tampered_payload_is_refused(db, account):
    import json

    from tests.billing.conftest import sign

    genuine = json.dumps(make_event("invoice.paid", _invoice())).encode()
    forged = genuine.replace(b"invoice.paid", b"invoice.payment_failed")
    response = client_for(None).post(
        "/billing/webhook/",
        forged,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(genuine),
    )
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_same_webhook_twice_changes_state_once(db, account, jambi):
    change_city_status(
        jambi, CityStatus.SUSPENDED, actor=Actor(label="system:billing"), reason="overdue"
    )
    BillingAccount.objects.filter(pk=account.pk).update(
        suspended_for_billing=True, subscription_status="past_due"
    )
    event = make_event("invoice.paid", _invoice())
    first, second = post_event(event), post_event(event)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.json()["duplicate"], second.json()["duplicate"]) == (False, True)
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE
    assert (
        CityStatusChange.objects.filter(
            city=jambi, to_status=CityStatus.ACTIVE, actor_label="system:billing"
        ).count()
        == 1
    )


def test_out_of_order_event_does_not_overwrite_a_newer_status(db, account):
    newer = make_event(
        "customer.subscription.updated", _subscription("active"), created=2_000_000_000
    )
    older = make_event(
        "customer.subscription.updated", _subscription("past_due"), created=1_900_000_000
    )
    assert post_event(newer).json()["outcome"] == "status:active"
    assert post_event(older).json()["outcome"] == "stale"
    account.refresh_from_db()
    assert (account.subscription_status, account.status_event_created, account.past_due_since) == (
        "active",
        2_000_000_000,
        None,
    )


def test_past_due_then_grace_then_suspended_read_only_then_paid_active(
    db, account, jambi, time_machine
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    assert post_event(make_event("invoice.payment_failed", _invoice())).status_code == 200
    account.refresh_from_db()
    assert account.subscription_status == "past_due"
    assert account.grace_until == start + timedelta(days=GRACE_DAYS)

    time_machine.move_to(start + timedelta(days=GRACE_DAYS - 1), tick=False)
    assert enforce_grace() == []
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE

    time_machine.move_to(start + timedelta(days=GRACE_DAYS, minutes=1), tick=False)
    assert enforce_grace() == ["jambi"]
    assert City.objects.get(pk=jambi.pk).status == CityStatus.SUSPENDED
    # Read-only: a write on the city's host is refused, a read still works.
    assert client_for(jambi).post("/support/leave/").status_code == 403
    assert enforce_grace() == []  # already suspended: nothing twice

    paid = make_event(
        "invoice.paid",
        _invoice(),
        created=int((start + timedelta(days=GRACE_DAYS + 1)).timestamp()),
    )
    assert post_event(paid).json()["outcome"] == "status:active"
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE
    account.refresh_from_db()
    assert (account.grace_until, account.past_due_since, account.suspended_for_billing) == (
        None,
        None,
        False,
    )


def test_payment_does_not_lift_an_operator_suspension(db, account, jambi, operator):
    change_city_status(
        jambi, CityStatus.SUSPENDED, actor=Actor.of(operator), reason="Audit in progress"
    )
    post_event(make_event("invoice.paid", _invoice()))
    assert City.objects.get(pk=jambi.pk).status == CityStatus.SUSPENDED


def test_subscription_deleted_ends_service_at_next_enforcement(db, account, jambi):
    post_event(make_event("customer.subscription.deleted", _subscription("canceled")))
    assert enforce_grace() == ["jambi"]
    assert City.objects.get(pk=jambi.pk).status == CityStatus.SUSPENDED


def test_event_for_unknown_customer_is_recorded_and_ignored(db, account):
    before = _snapshot(account)
    obj = {
        "id": "sub_other",
        "object": "subscription",
        "status": "past_due",
        "customer": "cus_other",
    }
    response = post_event(make_event("customer.subscription.updated", obj))
    assert response.json()["outcome"] == "no-account"
    assert _snapshot(account) == before
