"""Onboarding (public schema): applications, invitations, support access, pilots,
implementation metrics and the data lifecycle of cities.

Everything here is platform data about cities; a city's own data stays in its schema.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import City


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CityApplication(models.Model):
    """A city's request to join the platform, filled in on the public site without login."""

    official_name = models.CharField(_("official name"), max_length=120)
    # Normalised official name ("kota jambi"), so "Kota  Jambi" is a duplicate of "KOTA JAMBI".
    name_key = models.CharField(max_length=120, editable=False)
    province = models.CharField(_("province"), max_length=80)
    slug = models.SlugField(_("desired address"), max_length=40)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_position = models.CharField(_("contact position"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    agency = models.CharField(_("civil-service agency"), max_length=150, default="BKPSDM")
    estimated_asn = models.PositiveIntegerField(_("estimated number of ASN"))
    template_code = models.CharField(_("model template"), max_length=80, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    city = models.OneToOneField(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="application"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("city application")
        verbose_name_plural = _("city applications")
        constraints = [
            # A rejected application may be filed again; an open or approved one not.
            models.UniqueConstraint(
                fields=["slug"],
                condition=~Q(status="rejected"),
                name="application_unique_open_slug",
            ),
            models.UniqueConstraint(
                fields=["name_key"],
                condition=~Q(status="rejected"),
                name="application_unique_open_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official_name} ({self.slug})"


class Invitation(models.Model):
    """A one-time link that lets a city's first administrator set a password.

    Only a hash of the token is stored: the link itself is shown once (e-mail and the
    printable sheet) and cannot be read back from the database.
    """

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="invitations")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(max_length=20, default="city_admin")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by_username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.city.slug}: {self.email}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class SupportGrant(models.Model):
    """A signed, expiring, single-use login of a platform operator into one city."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="support_grants")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    operator_label = models.CharField(max_length=200)
    reason = models.TextField(_("reason"))
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    city_username = models.CharField(max_length=150, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.operator_label} → {self.city.slug}"


class TrainingSession(models.Model):
    """A training session held for a city (counts toward its go-live checklist)."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="training_sessions")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    recorded_by_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.city.slug}: {self.topic} ({self.held_on})"


class ChecklistConfirmation(models.Model):
    """A checklist item that is a human judgement (e.g. configuration reviewed)."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="checklist_confirmations")
    item = models.CharField(max_length=40)
    confirmed_by_label = models.CharField(max_length=150)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "item"], name="checklist_item_once")]

    def __str__(self) -> str:
        return f"{self.city_id}: {self.item}"


class CityMetrics(models.Model):
    """One day's implementation metrics of one city, computed by `refresh_city_metrics`.

    The console reads the latest row per city instead of querying every city's
    schema on each page view; the series of rows draws the trend charts.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="metrics")
    taken_on = models.DateField()
    taken_at = models.DateTimeField()
    asn_count = models.PositiveIntegerField(default=0)
    accounts_activated = models.PositiveIntegerField(default=0)
    active_last_7_days = models.PositiveIntegerField(default=0)
    verification_backlog = models.PositiveIntegerField(default=0)
    median_verification_hours = models.FloatField(null=True, blank=True)
    months_opened = models.PositiveIntegerField(default=0)
    months_closed = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    checklist = models.JSONField(default=dict)

    class Meta:
        ordering = ["city", "taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "taken_on"], name="one_metrics_row_per_city_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.taken_on}"

    @property
    def activated_share(self) -> float | None:
        return self.accounts_activated / self.asn_count if self.asn_count else None

    @property
    def active_share(self) -> float | None:
        return self.active_last_7_days / self.asn_count if self.asn_count else None


class CityRevenueMonth(models.Model):
    """One city's phased target and realisation of one revenue source in one month.

    Copied from the city's schema by `refresh_city_metrics` (replacing the city's rows),
    so APEKSI's anonymised comparison reads this one table: no query joins city schemas.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="revenue_months")
    source_code = models.CharField(max_length=30)
    source_name = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    target = models.BigIntegerField(default=0)
    realisation = models.BigIntegerField(default=0)
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["city", "source_code", "year", "month"],
                name="one_revenue_row_per_city_source_month",
            )
        ]
        indexes = [models.Index(fields=["year", "month"], name="onboarding_revenue_year_month")]

    def __str__(self) -> str:
        return f"{self.city_id} {self.source_code} {self.year}-{self.month:02d}"


class PilotProfile(models.Model):
    """How a pilot city was generated, and the checksum of its initial data."""

    city = models.OneToOneField(City, on_delete=models.PROTECT, related_name="pilot_profile")
    population = models.PositiveIntegerField()
    history_days = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    template_code = models.CharField(max_length=80, blank=True)
    snapshot_schema = models.CharField(max_length=63)
    # The city schema's DDL at generation time, so a reset rebuilds the same tables.
    ddl = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64)
    # Printed on the trainee login sheet: synthetic people, sandbox city, shared password.
    trainee_password = models.CharField(max_length=40)
    created_by_label = models.CharField(max_length=150)
    # The trainer (or operator) who generated it: a trainer sees and resets only their own
    # pilots; operators see all. Empty for a pilot generated by a system process.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_reset_at = models.DateTimeField(null=True, blank=True)
    # A fully built copy of the initial schema waits in `standby_schema`: a reset swaps it
    # in by renaming (instant) and a new standby is built in the background.
    standby_schema = models.CharField(max_length=63, blank=True)
    standby_ready = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"pilot {self.city.slug} ({self.population})"


class CityExport(models.Model):
    """A file made of a city's data: an export ZIP (CSV + manifest) or a schema backup."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export (CSV)")
        BACKUP = "backup", _("Backup")

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="exports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    tables = models.PositiveIntegerField()
    rows = models.BigIntegerField()
    created_by_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.city_id} {self.created_at:%Y-%m-%d %H:%M}"


class PurgeRequest(models.Model):
    """Dropping an archived city's schema: asked by one operator, confirmed by another."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="purge_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["city"], condition=Q(purged_at__isnull=True), name="one_open_purge_per_city"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("requested_by")),
                name="purge_confirmed_by_second_operator",
            ),
        ]

    def __str__(self) -> str:
        return f"purge {self.city_id} ({'done' if self.purged_at else 'open'})"
