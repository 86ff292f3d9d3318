"""Pre-aggregated counters of daily work, and the city's settings for the command centre.

The counters are derived data: `core.command.counters` keeps them current in the same
transaction as each log, verification, correction and withdrawal, and
`manage.py rebuild_command_counters` recomputes them from the activity rows. OPD ids are
plain integers (0: a person without a position that day) so a counter row never blocks
deleting an org unit and never needs a join to be read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SHARDS = 2  # counter rows per OPD and hour: the two halves of a big OPD never wait on one row
LATE_HOUR = 24  # the "hour" of an entry submitted after its day (backdated)


class HourCounter(models.Model):
    """Per OPD, work day and hour of submission (WIB): what was logged and decided.

    `people` counts the persons whose first entry of that day was submitted in that hour
    (so the cumulative sum over hours is "ASN who have logged by then"). Waiting entries
    are `entries - approved_entries - rejected_entries`.
    """

    day = models.DateField()
    opd_id = models.IntegerField()
    hour = models.PositiveSmallIntegerField()
    shard = models.PositiveSmallIntegerField(default=0)
    people = models.IntegerField(default=0)
    entries = models.IntegerField(default=0)
    minutes = models.BigIntegerField(default=0)
    approved_entries = models.IntegerField(default=0)
    approved_minutes = models.BigIntegerField(default=0)
    rejected_entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "opd_id", "hour", "shard"], name="command_counter_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} opd {self.opd_id} h{self.hour}/{self.shard}"


class PersonDay(models.Model):
    """A person who logged on a day: their OPD that day, the hour of their first entry
    and how many entries they have (the row goes when the last one is withdrawn)."""

    employee_id = models.BigIntegerField()
    day = models.DateField()
    opd_id = models.IntegerField()
    hour = models.PositiveSmallIntegerField()
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee_id", "day"], name="command_personday_key")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}"


class OpdMonth(models.Model):
    """One OPD's month as `dashboards.opd_summary` computes it from `month_rows`,
    refreshed by `core.command.snapshot` (at close, by the scheduled refresh, on demand):
    computing a 20,000-person month live on every screen refresh would cost seconds."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    opd_id = models.IntegerField()
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "opd_id"], name="command_opdmonth_key")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} opd {self.opd_id}"


class CommandSettings(models.Model):
    """The city's alert thresholds (one row)."""

    check_hour = models.PositiveSmallIntegerField(
        _("hour of the logging-rate check (WIB)"), default=14
    )
    rate_gap_pct = models.PositiveSmallIntegerField(
        _("alert an OPD this many points below the city's logging rate"), default=10
    )
    waiting_days = models.PositiveSmallIntegerField(
        _("escalation limit: days an entry may wait for verification"), default=3
    )
    silent_days = models.PositiveSmallIntegerField(
        _("working days without a log before a person is flagged"), default=3
    )
    tpp_margin_pct = models.PositiveSmallIntegerField(
        _("alert when the TPP projection exceeds the budget by more than (%)"), default=0
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("command centre settings")

    def __str__(self) -> str:
        return str(_("Alert thresholds"))


class TppBudget(models.Model):
    """The city's TPP budget (pagu TPP) for a year and its phasing over the months."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.BigIntegerField(_("TPP budget (pagu) for the year"))
    monthly = models.JSONField(default=list)  # twelve integers summing to `amount`
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="command_tpp_gte_0")
        ]

    def __str__(self) -> str:
        from core.formats import rupiah

        return f"TPP {self.year}: {rupiah(self.amount)}"
