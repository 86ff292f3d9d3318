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
