"""Platform incidents: times the platform failed a city (or every city). Public schema.

An incident extends the back-dating window of the days it touched (incidents.rules), so
nobody loses pay for a day the platform was down or too slow to log on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentSource(models.TextChoices):
    HEALTH_CHECK = "health", _("Health check")
    OPERATOR = "operator", _("Declared by an operator")


class Incident(models.Model):
    """The platform unavailable or degraded from `starts_at` to `ends_at` (None: ongoing).

    `city` None: every city was affected.
    """

    city = models.ForeignKey(
        "tenants.City", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("started at"))
    ends_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=IncidentSource.choices)
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["city", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="incident_ends_after_start",
            ),
            # At most one open health-check incident per city (and one for all cities).
            models.UniqueConstraint(
                fields=["city"],
                condition=models.Q(source="health", ends_at__isnull=True),
                name="one_open_health_incident_per_city",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.reason[:40]}"


class HealthCheck(models.Model):
    """One result of the platform's own health probe (incidents.services.record_health_check).

    Kept short (a few days): the incidents are the lasting record."""

    checked_at = models.DateTimeField(db_index=True)
    ok = models.BooleanField()
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"
