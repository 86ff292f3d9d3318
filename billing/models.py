"""Billing (public schema): plans, each city's Stripe subscription, processed webhook
events and the monthly seat reports.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import City


class Plan(models.Model):
    """A price per active ASN seat per month, mirrored by a Stripe Price."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    price_per_seat = models.PositiveIntegerField(_("price per active ASN per month (Rp)"))
    stripe_price_id = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["price_per_seat"]

    def __str__(self) -> str:
        return self.name


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card (Stripe Checkout)")
    TRANSFER = "transfer", _("Bank transfer (invoice)")


class BillingAccount(models.Model):
    """A city's customer and subscription at Stripe, and what its state means for the city."""

    city = models.OneToOneField(City, on_delete=models.PROTECT, related_name="billing")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="accounts")
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    billing_email = models.EmailField(_("billing e-mail"))
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_item_id = models.CharField(max_length=100, blank=True)
    subscription_status = models.CharField(max_length=30, blank=True)
    # `created` of the Stripe event that last set the status: older events are ignored.
    status_event_created = models.BigIntegerField(default=0)
    past_due_since = models.DateTimeField(null=True, blank=True)
    grace_until = models.DateTimeField(null=True, blank=True)
    # True when billing (not an operator) suspended the city, so payment may reactivate it.
    suspended_for_billing = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.city.slug}: {self.plan.code} {self.subscription_status or '-'}"


class StripeEvent(models.Model):
    """A webhook event already processed: a replay finds its id here and changes nothing."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    created = models.BigIntegerField()
    account = models.ForeignKey(
        BillingAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    outcome = models.CharField(max_length=200)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-processed_at"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class SeatReport(models.Model):
    """The number of active ASN seats reported to Stripe for one month."""

    account = models.ForeignKey(
        BillingAccount, on_delete=models.PROTECT, related_name="seat_reports"
    )
    month = models.DateField()  # first day of the month
    seats = models.PositiveIntegerField()
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="one_seat_report_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.account.city.slug} {self.month:%Y-%m}: {self.seats}"
