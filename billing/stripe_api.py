"""The Stripe client, configured from settings (a local fake of Stripe's API in tests)."""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings


def client() -> stripe.StripeClient:
    """A client for Stripe's API; `STRIPE_API_BASE` points it elsewhere (tests)."""
    options: dict[str, Any] = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def construct_event(payload: bytes, signature: str | None) -> stripe.Event:
    """Verify a webhook's signature and parse it. Raises ValueError or
    stripe.SignatureVerificationError when the payload is not genuine."""
    return stripe.Webhook.construct_event(payload, signature or "", settings.STRIPE_WEBHOOK_SECRET)
