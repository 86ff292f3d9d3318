"""A city's own configuration, copied from a model template at adoption.

The city reads only these tables at run time. Every item remembers where it came from
(`ItemOrigin`: template, version and the upstream value it was taken as), which is the
common ancestor of the three-way comparison when a new template version arrives.
Scoring, TPP and distribution settings live in effective-dated `PolicyVersion`s so a
change applies from the next open period and a closed period keeps its policy.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

POSITION_TYPES = [
    ("JPT_UTAMA", _("JPT Utama")),
    ("JPT_MADYA", _("JPT Madya")),
    ("JPT_PRATAMA", _("JPT Pratama")),
    ("ADMINISTRATOR", _("Administrator")),
    ("PENGAWAS", _("Pengawas")),
    ("FUNGSIONAL", _("Fungsional")),
    ("PELAKSANA", _("Pelaksana")),
]


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Measurement(models.TextChoices):
    QUANTITY = "quantity", _("Quantity")
    QUALITY = "quality", _("Quality")
    TIME = "time", _("Time")
    COST = "cost", _("Cost")


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    COLLECTIVE_LEAVE = "collective_leave", _("Collective leave (cuti bersama)")
    LOCAL = "local", _("Local holiday")


class ActivityType(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=250)
    family = models.CharField(_("position family"), max_length=40, blank=True)
    output_unit = models.CharField(_("output unit"), max_length=60)
    standard_minutes = models.PositiveIntegerField(_("standard minutes"))
    position_types = models.JSONField(_("position types"), default=list)
    evidence_required = models.BooleanField(_("evidence required"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    source_template = models.CharField(max_length=60, blank=True)
    source_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standard_minutes__gte=1, standard_minutes__lte=480),
                name="activity_minutes_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def position_type_names(self) -> list[str]:
        """The position types as people read them ("JPT Pratama", not "JPT_PRATAMA")."""
        labels = dict(POSITION_TYPES)
        return [str(labels.get(value, value)) for value in self.position_types]


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=250)
    family = models.CharField(_("position family"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    measurement = models.CharField(_("measurement"), max_length=10, choices=Measurement.choices)
    is_active = models.BooleanField(_("active"), default=True)
    source_template = models.CharField(max_length=60, blank=True)
    source_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Holiday(models.Model):
    """A day off in the city's calendar: national holiday, cuti bersama or local."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class SkeletonUnit(models.Model):
    """The template's organisation skeleton as adopted (OPDs and their usual sub-units).

    The registry (core.organisation) builds the real org units; this is the starting list.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40)
    parent_code = models.CharField(_("parent"), max_length=40, blank=True)
    is_pattern = models.BooleanField(_("repeated per district"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A word the city uses for a thing (e.g. "tpp" -> "Tambahan Penghasilan Pegawai")."""

    key = models.CharField(max_length=60, unique=True)
    value = models.CharField(max_length=200)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Branding(models.Model):
    """One row: how the city presents itself."""

    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    primary_colour = models.CharField(_("primary colour"), max_length=7, default="#0b5cab")
    secondary_colour = models.CharField(_("secondary colour"), max_length=7, default="#073f76")
    logo = models.ImageField(_("logo"), upload_to="branding/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branding")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_branding_row")]

    def __str__(self) -> str:
        return self.display_name or "branding"


class PolicyVersion(models.Model):
    """Scoring, TPP and workflow settings in force from `effective_from` (a month's first day)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    data = models.JSONField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    changed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_from__day=1), name="policy_starts_on_first_day"
            )
        ]

    def __str__(self) -> str:
        return f"policy from {self.effective_from:%Y-%m}"


class ItemOrigin(models.Model):
    """Which template version an item came from, and the value it had there (the base)."""

    section = models.CharField(max_length=30)
    key = models.CharField(max_length=60)
    source_template = models.CharField(max_length=60)
    source_version = models.PositiveIntegerField()
    upstream = models.JSONField(null=True)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="one_origin_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.section}:{self.key} <- {self.source_template}@{self.source_version}"


class Adoption(models.Model):
    """Each time the city took content from a template: whole adoption or chosen items."""

    source_template = models.CharField(max_length=60)
    source_version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # "adopt" | "take"
    items = models.PositiveIntegerField(default=0)
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_template}@{self.source_version}"
