"""ASN (PNS and PPPK) and their position history.

An Employee holds positions through Assignments with start and end dates; an
acting appointment (Plt.) is an Assignment with `is_acting`, held alongside the
person's own position. Who supervises whom on a given day follows from these
(see core.people.hierarchy).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.organisation.models import Position


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class AsnType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")
    PPPK_PARUH_WAKTU = "PPPK_PW", _("PPPK paruh waktu")


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MOVED = "moved", _("Moved")
    RETIRED = "retired", _("Retired")
    DECEASED = "deceased", _("Deceased")


# What the ASN file says of a person besides the NIP (import and export alike).
PERSONAL_FIELDS = (
    "name",
    "front_title",
    "back_title",
    "sex",
    "birth_date",
    "asn_type",
    "golongan",
    "email",
    "phone",
)


class Employee(models.Model):
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200)
    front_title = models.CharField(_("front title"), max_length=60, blank=True)
    back_title = models.CharField(_("back title"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    asn_type = models.CharField(_("ASN type"), max_length=10, choices=AsnType.choices)
    golongan = models.CharField(_("golongan"), max_length=6, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as written on letters: `Dr. dr. H. Maulana, M.K.M`."""
        from core.people.rules import format_name

        return format_name(self.name, self.front_title, self.back_title)


class Assignment(models.Model):
    # Neither key has an index of its own: the (key, starts_on) indexes below start with it.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("employee"),
        db_index=False,
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("position"),
        db_index=False,
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_acting = models.BooleanField(_("acting (Plt.)"), default=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["employee", "starts_on"]),
            models.Index(fields=["position", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        prefix = "Plt. " if self.is_acting else ""
        return f"{prefix}{self.position} ({self.starts_on}–{self.ends_on or ''})"
