"""Stripe events with a valid signature but a body we cannot use: checked by shape and
answered deliberately (202 "malformed"), so Stripe neither retries forever nor hits a 500."""

from __future__ import annotations

import pytest

from tests.billing.conftest import make_event, post_event


@pytest.mark.parametrize(
    ("_case", "obj"),
    [
        ("object is a list", []),
        ("status is a number", {"id": "sub_1", "object": "subscription", "status": 5}),
        (
            "metadata is a string",
            {"id": "sub_1", "object": "subscription", "status": "active", "metadata": "jambi"},
        ),
        (
            "items are not a list",
            {"id": "sub_1", "object": "subscription", "status": "active", "items": {"data": "x"}},
        ),
        (
            "items without ids",
            {"id": "sub_1", "object": "subscription", "status": "active", "items": {"data": [{}]}},
        ),
        (
            "subscription is a number",
            {"id": "cs_1", "object": "checkout.session", "subscription": 7},
        ),
    ],
)
def test_signed_but_malformed_stripe_events_are_answered_deliberately(db, _case, obj):
    from billing.models import StripeEvent

    kind = (
        "checkout.session.completed"
        if _case.startswith("subscription")
        else "customer.subscription.updated"
    )
    response = post_event(make_event(kind, obj))
    assert response.status_code == 202
    assert response.json()["outcome"] == "malformed"
    assert StripeEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "mutate"),
    [
        ("created is text", lambda e: e.update(created="yesterday")),
        ("no data", lambda e: e.pop("data")),
        ("id is a number", lambda e: e.update(id=12)),
    ],
)
def test_stripe_event_envelope_is_checked(db, _case, mutate):
    event = make_event("invoice.paid", {"id": "in_1", "object": "invoice"})
    mutate(event)
    response = post_event(event)
    assert 200 <= response.status_code < 500
    assert response.status_code != 200 or response.json().get("outcome") == "malformed"
