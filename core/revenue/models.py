"""Local own-source revenue (PAD, UU 1/2022 HKPD): sources, targets, realisation.

Money is integer rupiah (BigIntegerField). Writes go through core.revenue.services;
a month closed for revenue (`ClosedMonth`) is immutable except through a recorded
`Correction`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceGroup(models.TextChoices):
    TAX = "pajak", _("Local tax")
    OPSEN = "opsen", _("Opsen (surcharge on provincial tax)")
    RETRIBUTION = "retribusi", _("Service fee (retribusi)")
    OTHER = "lain", _("Other own-source revenue")


class RevenueSource(models.Model):
    """A tax or fee the city collects, copied from the model template at adoption.

    `opd_code`/`opd_name` are the template's responsible OPD (its organisation
    skeleton); `opd` is the city's real org unit once linked.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=12, choices=SourceGroup.choices)
    opd_code = models.CharField(_("responsible OPD (template code)"), max_length=40, blank=True)
    opd_name = models.CharField(_("responsible OPD (template name)"), max_length=200, blank=True)
    opd = models.ForeignKey(
        "organisation.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible OPD"),
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)
    source_template = models.CharField(max_length=60, blank=True)
    source_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("revenue source")
        verbose_name_plural = _("revenue sources")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Officer(models.Model):
    """A member of staff assigned to a revenue source (sees it, enters its realisation)."""

    source = models.ForeignKey(RevenueSource, on_delete=models.CASCADE, related_name="officers")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "employee"], name="revenue_officer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.employee_id}"


class PhasingMethod(models.TextChoices):
    SEASONAL = "seasonal", _("Seasonal pattern of the last three years")
    EVEN = "even", _("Even (no history)")


class AnnualTarget(models.Model):
    """The budget (APBD) target of a source for a year and its APBD-P revision."""

    source = models.ForeignKey(RevenueSource, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    apbd = models.BigIntegerField(_("APBD target"))
    apbd_p = models.BigIntegerField(_("APBD-P (revised) target"), null=True, blank=True)
    phasing = models.CharField(max_length=10, choices=PhasingMethod.choices)
    history_years = models.JSONField(default=list)  # the years the seasonal pattern used
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "source__order", "source__code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="revenue_target_unique"),
            models.CheckConstraint(condition=models.Q(apbd__gte=0), name="revenue_apbd_gte_0"),
            models.CheckConstraint(
                condition=models.Q(apbd_p__isnull=True) | models.Q(apbd_p__gte=0),
                name="revenue_apbd_p_gte_0",
            ),
        ]

    def __str__(self) -> str:
        from core.formats import rupiah

        return f"{self.source.code} {self.year}: {rupiah(self.effective)}"

    @property
    def effective(self) -> int:
        """The target in force: the APBD-P revision when there is one."""
        return self.apbd if self.apbd_p is None else self.apbd_p


class MonthlyTarget(models.Model):
    """The phased target of a month; the twelve months sum exactly to the annual target."""

    source = models.ForeignKey(RevenueSource, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "month"], name="revenue_monthlytarget_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="revenue_mt_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.year}-{self.month:02d}: {self.amount}"


class Origin(models.TextChoices):
    ENTRY = "entry", _("Entered")
    IMPORT = "import", _("Imported")
    CORRECTION = "correction", _("Correction")
    SEED = "seed", _("Demo data")


class Realisation(models.Model):
    """What a source brought in during one month (the month's total, not a running sum)."""

    source = models.ForeignKey(RevenueSource, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField()
    origin = models.CharField(max_length=12, choices=Origin.choices)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "month", "source__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "month"], name="revenue_realisation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="revenue_real_month_1_12"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="revenue_real_amount_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["year", "month"])]

    def __str__(self) -> str:
        return f"{self.source_id} {self.year}-{self.month:02d}: {self.amount}"


class ClosedMonth(models.Model):
    """A month closed for revenue: its realisation changes only by recorded correction."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="revenue_closedmonth_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class Correction(models.Model):
    """A recorded change to a closed month's realisation: who, why, before, after."""

    source = models.ForeignKey(RevenueSource, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    amount_before = models.BigIntegerField(null=True)
    amount_after = models.BigIntegerField()
    reason = models.TextField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        month = f"{self.year}-{self.month:02d}"
        return f"{self.source_id} {month}: {self.amount_before}->{self.amount_after}"


class ImportBatch(models.Model):
    """One imported realisation file (kept for the history page)."""

    file_name = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField()
    total = models.BigIntegerField()
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class RevenueIndicator(models.Model):
    """An indicator of the city's library whose realisation is read from revenue data.

    Its monthly realisation is the realisation % of the source (or, with no source, of
    total PAD) against the phased target of that month.
    """

    indicator = models.OneToOneField(
        "configuration.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        RevenueSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.indicator_id} <- {self.source_id or 'total'}"
