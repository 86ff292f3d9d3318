"""The model-template catalogue (public schema).

A `ModelTemplate` ("Model Surabaya") has numbered `TemplateVersion`s whose content is
validated against `catalog/schema/model-template.v1.json`. Cities copy a version's
content into their own configuration tables on adoption and never read it at run time.
A `TemplateProposal` is a city's configuration (or part of it) offered back to the
catalogue; an operator reviews it and publishes it as a version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    DEPRECATED = "deprecated", _("Deprecated")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ModelTemplate(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=150)
    source_city = models.CharField(_("source city"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("model template")
        verbose_name_plural = _("model templates")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def latest_published(self) -> TemplateVersion | None:
        return self.versions.filter(status=VersionStatus.PUBLISHED).order_by("-version").first()


class TemplateVersion(models.Model):
    template = models.ForeignKey(ModelTemplate, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    changelog = models.TextField(_("changelog"), blank=True)
    attribution = models.CharField(_("attribution"), max_length=200, blank=True)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template__slug", "version"]
        constraints = [
            models.UniqueConstraint(fields=["template", "version"], name="one_number_per_version"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.template.slug}@{self.version}"

    @property
    def ref(self) -> str:
        return f"{self.template.slug}@{self.version}"


class TemplateProposal(models.Model):
    """A city's configuration offered to the catalogue, waiting for an operator."""

    city_slug = models.SlugField(max_length=40)
    city_name = models.CharField(_("city"), max_length=120)
    proposed_by = models.CharField(_("proposed by"), max_length=200)
    target_slug = models.SlugField(_("template"), max_length=60)
    title = models.CharField(_("title"), max_length=150)
    attribution = models.CharField(_("attribution"), max_length=200)
    changelog = models.TextField(_("what changed"), blank=True)
    sections = models.JSONField(_("sections"), default=list)
    content = models.JSONField(_("content"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)
    result = models.ForeignKey(
        TemplateVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("template proposal")
        verbose_name_plural = _("template proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.city_name})"
