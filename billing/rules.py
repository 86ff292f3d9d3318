"""Billing rules: what a Stripe subscription status means for a city. Pure functions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

GRACE_DAYS = 14  # after a payment is overdue, the city keeps working this long


class Standing(StrEnum):
    PAID = "paid"
    PAST_DUE = "past_due"
    ENDED = "ended"
    PENDING = "pending"


_STANDING = {
    "active": Standing.PAID,
    "trialing": Standing.PAID,
    "past_due": Standing.PAST_DUE,
    "unpaid": Standing.PAST_DUE,
    "canceled": Standing.ENDED,
    "incomplete_expired": Standing.ENDED,
    "incomplete": Standing.PENDING,
    "paused": Standing.PAST_DUE,
}


def standing(subscription_status: str) -> Standing:
    """Stripe's subscription status -> what it means for the city's service."""
    return _STANDING.get(subscription_status, Standing.PENDING)


def is_stale(event_created: int, last_applied_created: int) -> bool:
    """An event older than the one that last set the status must not overwrite it
    (Stripe does not deliver events in order)."""
    return event_created < last_applied_created


def grace_end(past_due_since: datetime, *, days: int = GRACE_DAYS) -> datetime:
    return past_due_since + timedelta(days=days)


def month_start(day: date) -> date:
    return day.replace(day=1)


def monthly_amount(seats: int, price_per_seat: int) -> int:
    """Rupiah due for a month: active ASN seats x price per seat (integer rupiah)."""
    return seats * price_per_seat


# ------------------------------------------------------------ webhook payload shape
_ID_MAX = 100


def _text(value: object, *, required: bool = False) -> bool:
    if value is None:
        return not required
    return isinstance(value, str) and 0 < len(value) <= _ID_MAX and "\x00" not in value


def event_shape_problem(event: object) -> str | None:
    """Why a (signed) Stripe event cannot be processed, or None when its shape is usable.

    Only the fields the webhook handler reads are checked, with the types it needs:
    a valid signature proves who sent the body, not that the body is what we expect.
    """
    if not isinstance(event, dict):
        return "event is not an object"
    if not _text(event.get("id"), required=True) or not _text(event.get("type"), required=True):
        return "id and type must be short strings"
    created = event.get("created")
    if not isinstance(created, int) or isinstance(created, bool) or not 0 <= created < 2**62:
        return "created must be a timestamp"
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        return "data.object must be an object"
    return _object_shape_problem(event["type"], obj)


def _object_shape_problem(kind: str, obj: dict) -> str | None:
    metadata = obj.get("metadata")
    if metadata is not None and not (isinstance(metadata, dict) and _text(metadata.get("city"))):
        return "metadata.city must be a string"
    for key in ("id", "object", "customer", "client_reference_id", "status"):
        if not _text(obj.get(key)):
            return f"{key} must be a string"
    subscription = obj.get("subscription")
    if isinstance(subscription, dict):
        subscription = subscription.get("id")
    if not _text(subscription):
        return "subscription must be a string or an object with an id"
    if kind.startswith("customer.subscription."):
        if kind != "customer.subscription.deleted" and not _text(obj.get("status"), required=True):
            return "a subscription needs its status"
        if obj.get("object") == "subscription" and not _text(obj.get("id"), required=True):
            return "a subscription needs its id"
        items = obj.get("items")
        if items is not None:
            rows = items.get("data") if isinstance(items, dict) else None
            if rows is not None and not (
                isinstance(rows, list)
                and all(
                    isinstance(row, dict) and _text(row.get("id"), required=True) for row in rows
                )
            ):
                return "items.data must be a list of objects with ids"
    return None
