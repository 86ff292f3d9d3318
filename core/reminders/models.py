"""Reminders: the city's settings, each person's opt-outs and push subscriptions, and
the outbox of reminders queued for sending. A city's schema."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PUSH = "push", _("Phone notification")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("WhatsApp/SMS")


class Kind(models.TextChoices):
    NOT_LOGGED = "not_logged", _("Nothing logged today")
    TO_VERIFY = "to_verify", _("Entries waiting for your verification")
    CUTOFF = "cutoff", _("The month's logging closes soon")


class ReminderSettings(models.Model):
    """The city's reminder settings (one row). Hours are the city's local time."""

    enabled = models.BooleanField(_("send reminders"), default=True)
    log_hour = models.PositiveSmallIntegerField(
        _("hour of the 'not logged today' reminder"), default=15
    )
    verify_hour = models.PositiveSmallIntegerField(
        _("hour of the supervisors' reminder"), default=14
    )
    cutoff_days_before = models.PositiveSmallIntegerField(
        _("days before the month's cut-off to remind"), default=1
    )
    quiet_starts = models.TimeField(_("quiet hours from"), default=time(21, 0))
    quiet_ends = models.TimeField(_("quiet hours until"), default=time(6, 0))
    push_on = models.BooleanField(_("phone notifications"), default=True)
    email_on = models.BooleanField(_("E-mail"), default=True)
    sms_on = models.BooleanField(_("WhatsApp/SMS"), default=False)

    class Meta:
        verbose_name = _("reminder settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="single_reminder_settings_row")
        ]

    def __str__(self) -> str:
        return "reminder settings"

    def channels(self) -> list[str]:
        on = {Channel.PUSH: self.push_on, Channel.EMAIL: self.email_on, Channel.SMS: self.sms_on}
        return [str(c) for c, enabled in on.items() if enabled]


class OptOut(models.Model):
    """A person who wants no reminders on a channel."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "channel"], name="reminder_optout_once")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.channel}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (one per device)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.URLField(max_length=500, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.endpoint[:40]}"


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Reminder(models.Model):
    """One reminder to one person on one channel for one day: at most once (unique)."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)  # entries waiting, for TO_VERIFY
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind", "channel", "day"], name="reminder_once_a_day"
            )
        ]
        indexes = [
            models.Index(fields=["id"], name="reminder_queued", condition=models.Q(status="queued"))
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.day}"
