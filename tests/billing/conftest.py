"""Billing fixtures: a local fake Stripe, webhook signing, a plan, seats in a city."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from django.utils import timezone

from billing.models import BillingAccount, PaymentMethod, Plan
from tests.billing.fake_stripe import FakeStripe, start
from tests.conftest import client_for, in_city

WEBHOOK_SECRET = "whsec_test_local"


@pytest.fixture(scope="session")
def _fake_stripe_server():
    fake = FakeStripe()
    server, thread = start(fake)
    yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def fake_stripe(_fake_stripe_server, settings) -> FakeStripe:
    fake, url = _fake_stripe_server
    fake.calls.clear()
    settings.STRIPE_API_BASE = url
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return fake


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header, computed as Stripe does (HMAC-SHA256 of `t.payload`)."""
    timestamp = timestamp or int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


_counter = iter(range(1, 10**6))


def make_event(
    kind: str, obj: dict, *, created: int | None = None, event_id: str | None = None
) -> dict:
    return {
        "id": event_id or f"evt_test{next(_counter)}",
        "object": "event",
        "type": kind,
        "created": created if created is not None else int(time.time()),
        "livemode": False,
        "api_version": "2025-01-27.acacia",
        "data": {"object": obj},
    }


def post_event(event: dict, *, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    payload = json.dumps(event).encode()
    header = signature if signature is not None else sign(payload, secret)
    return client_for(None).post(
        "/billing/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


@pytest.fixture(autouse=True)
def _settings_for_webhooks(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def plan(db) -> Plan:
    return Plan.objects.create(
        code="standar", name="Standar", price_per_seat=15_000, stripe_price_id="price_standar"
    )


@pytest.fixture
def account(db, jambi, plan) -> BillingAccount:
    return BillingAccount.objects.create(
        city=jambi,
        plan=plan,
        payment_method=PaymentMethod.TRANSFER,
        billing_email="bkpsdm@jambikota.go.id",
        stripe_customer_id="cus_jambi",
        stripe_subscription_id="sub_jambi",
        stripe_subscription_item_id="si_jambi",
        subscription_status="active",
    )


def add_employees(city, *, activated: int, not_activated: int = 0) -> None:
    """Employees with accounts in `city`: `activated` of them activated by their owner."""
    from django.contrib.auth import get_user_model

    from core.people.models import Employee

    user_model = get_user_model()
    with in_city(city):
        for index in range(activated + not_activated):
            nip = f"19900101201501{1 if index % 2 else 2}{index + 1:03d}"
            user = user_model.objects.create_user(
                nip,
                None,
                full_name=f"Pegawai {index}",
                activated_at=timezone.now() if index < activated else None,
            )
            Employee.objects.create(nip=nip, name=f"Pegawai {index}", asn_type="PNS", user=user)
