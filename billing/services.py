"""Billing writes: subscriptions at Stripe, webhook events, seat reports, grace periods.

Cities pay per active ASN seat per month; pilots are free and never billed. Card
payers subscribe through Stripe Checkout and manage cards in the customer portal;
governments paying by transfer get a subscription that sends invoices
(`collection_method=send_invoice`). The subscription's state, as told by signed
webhooks, drives the city's status: past due -> grace period -> suspended
(read-only); paid -> active again (only if billing suspended it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from billing import stripe_api
from billing.models import BillingAccount, PaymentMethod, Plan, SeatReport, StripeEvent
from billing.rules import Standing, grace_end, is_stale, month_start, standing
from core.actors import Actor
from tenants.models import City
from tenants.rules import CityStatus
from tenants.services import change_city_status

BILLING_ACTOR = Actor.system("system:billing")


def active_seats(city: City) -> int:
    """Active ASN seats: employees in service whose account is activated and enabled."""
    from core.people.models import Employee, EmployeeStatus

    with tenant_context(city):
        return Employee.objects.filter(
            status=EmployeeStatus.ACTIVE, user__activated_at__isnull=False, user__is_active=True
        ).count()


def _billable(city: City) -> None:
    if city.is_pilot:
        raise ValidationError(_("Pilot cities are free and are never billed."))
    if city.status not in (CityStatus.ACTIVE, CityStatus.SUSPENDED):
        raise ValidationError(_("Only a city in service can be billed."))


def _account(city: City, *, plan: Plan, method: str, email: str) -> BillingAccount:
    account, created = BillingAccount.objects.select_for_update().get_or_create(
        city=city, defaults={"plan": plan, "payment_method": method, "billing_email": email}
    )
    if not created:
        if (
            account.stripe_subscription_id
            and standing(account.subscription_status) == Standing.PAID
        ):
            raise ValidationError(_("This city already has a running subscription."))
        account.plan, account.payment_method, account.billing_email = plan, method, email
        account.save(update_fields=["plan", "payment_method", "billing_email", "updated_at"])
    if not account.stripe_customer_id:
        customer = stripe_api.client().v1.customers.create(
            params={
                "name": city.name,
                "email": email,
                "metadata": {"city": city.slug},
                "preferred_locales": ["id"],
            }
        )
        account.stripe_customer_id = customer.id
        account.save(update_fields=["stripe_customer_id", "updated_at"])
    return account


def start_checkout(city: City, *, plan: Plan, email: str, success_url: str, cancel_url: str) -> str:
    """A Stripe Checkout page for a card subscription; returns its URL."""
    _billable(city)
    with transaction.atomic():
        account = _account(city, plan=plan, method=PaymentMethod.CARD, email=email)
    session = stripe_api.client().v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": account.stripe_customer_id,
            "client_reference_id": city.slug,
            "line_items": [{"price": plan.stripe_price_id, "quantity": max(1, active_seats(city))}],
            "subscription_data": {"metadata": {"city": city.slug}},
            "metadata": {"city": city.slug},
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
    )
    return session.url or ""


def portal_url(city: City, *, return_url: str) -> str:
    """The Stripe customer portal (cards, invoices) for a card-paying city."""
    account = BillingAccount.objects.filter(city=city).exclude(stripe_customer_id="").first()
    if account is None:
        raise ValidationError(_("This city has no billing account yet."))
    session = stripe_api.client().v1.billing_portal.sessions.create(
        params={"customer": account.stripe_customer_id, "return_url": return_url}
    )
    return session.url


def subscribe_by_invoice(
    city: City, *, plan: Plan, email: str, days_until_due: int = 30
) -> BillingAccount:
    """A subscription paid by bank transfer: Stripe e-mails an invoice each month."""
    _billable(city)
    with transaction.atomic():
        account = _account(city, plan=plan, method=PaymentMethod.TRANSFER, email=email)
        subscription = stripe_api.client().v1.subscriptions.create(
            params={
                "customer": account.stripe_customer_id,
                "collection_method": "send_invoice",
                "days_until_due": days_until_due,
                "items": [{"price": plan.stripe_price_id, "quantity": max(1, active_seats(city))}],
                "metadata": {"city": city.slug},
            }
        )
        account.stripe_subscription_id = subscription.id
        account.stripe_subscription_item_id = subscription["items"]["data"][0]["id"]
        account.save(
            update_fields=["stripe_subscription_id", "stripe_subscription_item_id", "updated_at"]
        )
    return account


# ---------------------------------------------------------------- webhooks
def _find_account(obj: dict) -> BillingAccount | None:
    city_slug = (obj.get("metadata") or {}).get("city") or obj.get("client_reference_id")
    subscription = obj.get("subscription") if obj.get("object") != "subscription" else obj.get("id")
    if isinstance(subscription, dict):
        subscription = subscription.get("id")
    customer = obj.get("customer")
    accounts = BillingAccount.objects.select_for_update().select_related("city")
    if subscription:
        found = accounts.filter(stripe_subscription_id=subscription).first()
        if found:
            return found
    if city_slug:
        found = accounts.filter(city__slug=city_slug).first()
        if found:
            return found
    if customer:
        return accounts.filter(stripe_customer_id=customer).first()
    return None


def apply_status(account: BillingAccount, status: str, *, event_created: int, now: datetime) -> str:
    """Record a subscription status (unless an newer event already set one) and its effect."""
    if is_stale(event_created, account.status_event_created):
        return "stale"
    account.subscription_status = status
    account.status_event_created = event_created
    fields = [
        "subscription_status",
        "status_event_created",
        "past_due_since",
        "grace_until",
        "suspended_for_billing",
        "updated_at",
    ]
    outcome = standing(status)
    if outcome == Standing.PAID:
        account.past_due_since = account.grace_until = None
        if account.suspended_for_billing and account.city.status == CityStatus.SUSPENDED:
            change_city_status(
                account.city, CityStatus.ACTIVE, actor=BILLING_ACTOR, reason=_("Payment received.")
            )
        account.suspended_for_billing = False
    elif outcome == Standing.PAST_DUE and account.past_due_since is None:
        account.past_due_since = now
        account.grace_until = grace_end(now)
    elif outcome == Standing.ENDED:
        account.past_due_since = account.past_due_since or now
        account.grace_until = now
    account.save(update_fields=fields)
    return f"status:{status}"


def _subscription_item(obj: dict) -> str:
    items = (obj.get("items") or {}).get("data") or []
    return items[0]["id"] if items else ""


def _apply_event(event: dict, account: BillingAccount | None, now: datetime) -> str:
    kind, obj, created = event["type"], event["data"]["object"], int(event["created"])
    if account is None:
        return "no-account"
    if kind == "checkout.session.completed":
        if obj.get("subscription"):
            account.stripe_subscription_id = obj["subscription"]
        account.stripe_customer_id = obj.get("customer") or account.stripe_customer_id
        account.save(update_fields=["stripe_subscription_id", "stripe_customer_id", "updated_at"])
        return "linked"
    if kind.startswith("customer.subscription."):
        if _subscription_item(obj) and not account.stripe_subscription_item_id:
            account.stripe_subscription_item_id = _subscription_item(obj)
            account.stripe_subscription_id = obj["id"]
            account.save(
                update_fields=[
                    "stripe_subscription_item_id",
                    "stripe_subscription_id",
                    "updated_at",
                ]
            )
        status = "canceled" if kind == "customer.subscription.deleted" else obj["status"]
        return apply_status(account, status, event_created=created, now=now)
    if kind in ("invoice.paid", "invoice.payment_succeeded"):
        return apply_status(account, "active", event_created=created, now=now)
    if kind == "invoice.payment_failed":
        return apply_status(account, "past_due", event_created=created, now=now)
    return "ignored"


@dataclass(frozen=True)
class EventOutcome:
    event_id: str
    outcome: str
    duplicate: bool


def handle_event(event: dict, *, now: datetime | None = None) -> EventOutcome:
    """Process a verified webhook event once: a replay finds its id stored and changes nothing.

    The event id is stored in the same transaction as its effect, so an event whose
    processing fails is not marked processed and Stripe's retry runs it again.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event["id"], type=event["type"], created=int(event["created"]), outcome=""
            )
            account = _find_account(event["data"]["object"])
            outcome = _apply_event(event, account, now)
            record.account = account
            record.outcome = outcome
            record.save(update_fields=["account", "outcome"])
    except IntegrityError:
        return EventOutcome(event["id"], "duplicate", True)
    return EventOutcome(event["id"], outcome, False)


# ---------------------------------------------------------------- scheduled work
def enforce_grace(*, now: datetime | None = None) -> list[str]:
    """Suspend (read-only) every city whose payment grace period has run out."""
    now = now or timezone.now()
    suspended = []
    due = BillingAccount.objects.filter(
        grace_until__lte=now, city__status=CityStatus.ACTIVE, city__is_pilot=False
    ).select_related("city")
    for account in due:
        with transaction.atomic():
            change_city_status(
                account.city,
                CityStatus.SUSPENDED,
                actor=BILLING_ACTOR,
                reason=_("Payment overdue: the grace period has ended."),
            )
            BillingAccount.objects.filter(pk=account.pk).update(suspended_for_billing=True)
        suspended.append(account.city.slug)
    return suspended


def report_seats(*, today: date | None = None) -> list[SeatReport]:
    """Report this month's active seats as each subscription item's quantity, once a month."""
    month = month_start(today or timezone.localdate())
    reports = []
    accounts = (
        BillingAccount.objects.exclude(stripe_subscription_item_id="")
        .filter(city__is_pilot=False, city__status__in=[CityStatus.ACTIVE, CityStatus.SUSPENDED])
        .exclude(seat_reports__month=month)
        .select_related("city")
    )
    for account in accounts:
        seats = active_seats(account.city)
        stripe_api.client().v1.subscription_items.update(
            account.stripe_subscription_item_id,
            params={"quantity": seats, "proration_behavior": "none"},
        )
        reports.append(SeatReport.objects.create(account=account, month=month, seats=seats))
    return reports


def create_plan(*, code: str, name: str, price_per_seat: int, stripe_price_id: str) -> Plan:
    with transaction.atomic():
        plan, _created = Plan.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "price_per_seat": price_per_seat,
                "stripe_price_id": stripe_price_id,
                "is_active": True,
            },
        )
    return plan
