"""Cities (tenants) and the host names they answer on. Public schema."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from tenants.rules import STATUS_LABELS, CityStatus

STATUS_CHOICES = [(status.value, label) for status, label in STATUS_LABELS.items()]


class City(TenantMixin):
    """One city government: its own schema, subdomain and configuration."""

    slug = models.SlugField(_("address"), max_length=40, unique=True)
    name = models.CharField(_("official name"), max_length=120)
    province = models.CharField(_("province"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES)
    is_pilot = models.BooleanField(_("pilot city"), default=False)
    pilot_expires_on = models.DateField(_("pilot expires on"), null=True, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are built by tenants.provisioning, never by saving a model.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_read_only(self) -> bool:
        return self.status == CityStatus.SUSPENDED

    def primary_domain(self) -> str:
        return self.domains.get(is_primary=True).domain


class Domain(DomainMixin):
    """A host name a city answers on. One primary per city; others redirect to it."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(is_primary=True), name="one_primary_domain_per_city"
            )
        ]

    def __str__(self) -> str:
        return self.domain


class CityStatusChange(models.Model):
    """Every move in a city's lifecycle, with who and why. Append-only."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=STATUS_CHOICES, blank=True)
    to_status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.city.slug}: {self.from_status or '-'} -> {self.to_status}"
