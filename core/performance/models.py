"""Daily work and monthly results: periods, activity log, verification, indicators,
behaviour ratings, attendance, frozen monthly results and recorded corrections.

Writes go through core.performance.services; a closed month is immutable except
through `Correction`s (see core.performance.services.corrections).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.performance.rules import BERAKHLAK, AttendanceStatus, Level, Predicate


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    # There is no "closing": a close in progress holds a lease (core.leases), not a status.
    CLOSED = "closed", _("Closed")


class Period(models.Model):
    """One month of the city. Months never seen are open; closing freezes the results."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The PerformancePolicy the month was closed with (rules.PerformancePolicy.snapshot()).
    policy_snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="period_unique_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="period_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    @property
    def first_day(self) -> date:
        """The month's first day (templates name the month with it: "Desember 2026")."""
        return date(self.year, self.month, 1)


class UnitClosure(models.Model):
    """An OPD whose month was closed by its OPD administrator before the city closed."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="unit_closures")
    opd = models.ForeignKey("organisation.OrgUnit", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "opd"], name="unitclosure_unique")]

    def __str__(self) -> str:
        return f"{self.period} {self.opd_id}"


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for verification")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def evidence_path(instance, filename: str) -> str:
    from core.performance.evidence import storage_path

    return storage_path("evidence", instance.day, filename)


class ActivityEntry(models.Model):
    """One line of the daily log: a catalogue activity x volume on a day.

    `minutes` = standard minutes x volume, fixed when logged. `verifier` is the
    supervisor who should verify (the supervisor on that day; after escalation, the next
    one up); `decided_by` is who actually approved or rejected it.
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    activity_type = models.ForeignKey(
        "configuration.ActivityType", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    volume = models.DecimalField(_("volume"), max_digits=7, decimal_places=2)
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    verifier = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation_level = models.PositiveSmallIntegerField(default=0)
    decided_by = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    # Since when the current verifier has had it (reset by escalation and resubmission).
    pending_since = models.DateTimeField()
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When the person made the entry on their phone (an entry queued offline arrives
    # later), as the device's clock said; and when the server received it.
    device_time = models.DateTimeField(_("made on the device at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["employee", "day"]),
            models.Index(
                fields=["verifier", "day"],
                name="activity_pending_by_verifier",
                condition=models.Q(status="submitted"),
            ),
            BrinIndex(fields=["day"], name="activity_day_brin"),
            # entries waiting longer than a limit: escalation and the city screen's alert
            models.Index(
                fields=["pending_since"],
                include=["verifier"],  # the alert groups by verifier from the index alone
                name="activity_waiting_since",
                condition=models.Q(status="submitted"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="activity_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=models.Q(volume__gt=0), name="activity_volume_positive"
            ),
        ]

    def __str__(self) -> str:
        """As the audit trail records it: "Budi Santoso: Menyusun laporan, 8 Des 2026 × 2";
        the person and the type by number only where they are not loaded (no query from a
        hot path)."""
        from django.template.defaultfilters import floatformat

        from core.formats import short_date

        kind = ActivityEntry.activity_type
        name = self.activity_type.name if kind.is_cached(self) else f"#{self.activity_type_id}"
        volume = floatformat(self.volume, -2)  # as the pages show it: "3", "1,5"
        text = f"{name}, {short_date(self.day)} × {volume}"
        if ActivityEntry.employee.is_cached(self):
            return f"{self.employee.name}: {text}"
        return text


class Favourite(models.Model):
    """An activity a person logs often, offered first with its usual volume."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    activity_type = models.ForeignKey(
        "configuration.ActivityType", on_delete=models.CASCADE, related_name="+"
    )
    volume = models.DecimalField(max_digits=7, decimal_places=2, default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "activity_type"], name="favourite_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.activity_type_id}"


class TargetStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    REPORTED = "reported", _("Reported")
    CONFIRMED = "confirmed", _("Confirmed")


class IndicatorTarget(models.Model):
    """A monthly target on a library indicator (IKI), its realisation and confirmation."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        "configuration.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    realisation = models.DecimalField(
        _("realisation"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    evidence = models.FileField(_("evidence"), upload_to="indicators/", blank=True, max_length=255)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        max_length=10, choices=TargetStatus.choices, default=TargetStatus.ASSIGNED
    )
    achievement_pct = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    assigned_by = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period", "indicator"], name="indicatortarget_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.indicator_id} -> {self.target}"


class LevelChoice(models.TextChoices):
    """`rules.Level` with labels: the rating of results and of behaviour."""

    BELOW = Level.BELOW.value, _("Below expectations")
    MEETS = Level.MEETS.value, _("Meets expectations")
    ABOVE = Level.ABOVE.value, _("Above expectations")


class PredicateChoice(models.TextChoices):
    """`rules.Predicate` with labels (in Indonesian: the regulation's predicate names)."""

    SANGAT_BAIK = Predicate.SANGAT_BAIK.value, _("Very good")
    BAIK = Predicate.BAIK.value, _("Good")
    BUTUH_PERBAIKAN = Predicate.BUTUH_PERBAIKAN.value, _("Needs improvement")
    KURANG = Predicate.KURANG.value, _("Poor")
    SANGAT_KURANG = Predicate.SANGAT_KURANG.value, _("Very poor")


class BehaviourRating(models.Model):
    """The supervisor's monthly rating of the seven BerAKHLAK values; `rating` = median."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    rated_by = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    berorientasi_pelayanan = models.CharField(max_length=8, choices=LevelChoice.choices)
    akuntabel = models.CharField(max_length=8, choices=LevelChoice.choices)
    kompeten = models.CharField(max_length=8, choices=LevelChoice.choices)
    harmonis = models.CharField(max_length=8, choices=LevelChoice.choices)
    loyal = models.CharField(max_length=8, choices=LevelChoice.choices)
    adaptif = models.CharField(max_length=8, choices=LevelChoice.choices)
    kolaboratif = models.CharField(max_length=8, choices=LevelChoice.choices)
    rating = models.CharField(max_length=8, choices=LevelChoice.choices)
    rated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "period"], name="behaviour_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period_id}: {self.rating}"

    def levels(self) -> list[str]:
        return [getattr(self, name) for name in BERAKHLAK]


ATTENDANCE_CHOICES = [(s.value, s.value) for s in AttendanceStatus]


class AttendanceImport(models.Model):
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class AttendanceRecord(models.Model):
    """One day of the attendance system's export; late/early minutes computed at import
    (None = no tap in / no tap out)."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=12, choices=ATTENDANCE_CHOICES)
    checked_in = models.TimeField(null=True, blank=True)
    checked_out = models.TimeField(null=True, blank=True)
    late_minutes = models.PositiveIntegerField(null=True, blank=True)
    early_minutes = models.PositiveIntegerField(null=True, blank=True)
    batch = models.ForeignKey(AttendanceImport, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="attendance_unique_day")
        ]
        indexes = [BrinIndex(fields=["day"], name="attendance_day_brin")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day} {self.status}"


class MonthlyResult(models.Model):
    """A person's month, computed by the close (set-based) and frozen with the period.

    Read by core.talent. Percentages are 0-100(+) with two decimals; money is integer
    rupiah; `tpp_lines` is the statement (rules.TppLine as dicts).
    """

    # No index of their own: the close writes 20,000 rows at once, and the unique
    # (employee, period) and the (period, opd) indexes already serve both lookups.
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="results", db_index=False
    )
    opd = models.ForeignKey(
        "organisation.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        "organisation.Position", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kelas_jabatan = models.PositiveSmallIntegerField(null=True, blank=True)
    working_days = models.PositiveSmallIntegerField()
    target_minutes = models.PositiveIntegerField()
    verified_minutes = models.PositiveIntegerField()
    workload_pct = models.DecimalField(max_digits=7, decimal_places=2)
    iki_pct = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    result_score = models.DecimalField(max_digits=7, decimal_places=2)
    results_rating = models.CharField(max_length=8, choices=LevelChoice.choices)
    behaviour_rating = models.CharField(max_length=8, choices=LevelChoice.choices)
    predicate = models.CharField(max_length=16, choices=PredicateChoice.choices)
    present_days = models.PositiveSmallIntegerField()
    attendance_pct = models.DecimalField(max_digits=7, decimal_places=2)
    cut_pct = models.DecimalField(max_digits=7, decimal_places=2)
    tpp_base = models.PositiveBigIntegerField()
    performance_factor = models.DecimalField(max_digits=7, decimal_places=2)
    tpp_gross = models.PositiveBigIntegerField()
    tpp_cut = models.PositiveBigIntegerField()
    tpp_paid = models.PositiveBigIntegerField()
    tpp_lines = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["period", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "period"], name="monthlyresult_unique")
        ]
        indexes = [models.Index(fields=["period", "opd"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period_id}: {self.result_score}"


class CorrectionStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PENDING = "pending", _("Waiting for a second approver")
    REJECTED = "rejected", _("Rejected by the second approver")


class Correction(models.Model):
    """A recorded change to a closed month: who, why, what, and the result before/after.

    One that moves the person's TPP by more than the city's threshold is stored
    `pending` with `request` (what to apply) and takes effect only when a second
    administrator (`approver`) approves it.
    """

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="corrections")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    change_before = models.JSONField(null=True)
    change_after = models.JSONField(null=True)
    result_before = models.JSONField(null=True)
    result_after = models.JSONField(null=True)
    status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.APPLIED
    )
    request = models.JSONField(null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at"]
        indexes = [
            models.Index(
                fields=["status"],
                name="correction_pending",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        """As the audit trail records it: "Kehadiran: Budi Santoso, Maret 2026"."""
        from core.formats import month_year
        from core.labels import label

        month = month_year(date(self.period.year, self.period.month, 1))
        return f"{label('correction_kind', self.kind)}: {self.employee.name}, {month}"
