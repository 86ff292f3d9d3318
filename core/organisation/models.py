"""The organisation of a city: a tree of units, and positions (jabatan) in them.

Top-level units are OPDs (perangkat daerah). Every unit stores its full `path`
("Dinas Pendidikan > Bidang SD"), which is how imports and exports name it, and
`opd`, the top-level ancestor (itself for an OPD), so "everything in this OPD" is
one indexed filter rather than a tree walk.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = " > "


class UnitKind(models.TextChoices):
    OPD = "opd", _("OPD")
    BIDANG = "bidang", _("Division (bidang/bagian)")
    SUBBIDANG = "subbidang", _("Sub-division / section")
    UPT = "upt", _("Technical unit (UPT)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KELURAHAN = "kelurahan", _("Sub-district (kelurahan)")
    OTHER = "other", _("Other")


class PositionType(models.TextChoices):
    JPT_UTAMA = "JPT_UTAMA", _("JPT Utama")
    JPT_MADYA = "JPT_MADYA", _("JPT Madya")
    JPT_PRATAMA = "JPT_PRATAMA", _("JPT Pratama")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Pengawas")
    FUNGSIONAL = "FUNGSIONAL", _("Fungsional")
    PELAKSANA = "PELAKSANA", _("Pelaksana")


class OrgUnit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=50, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # Top-level ancestor (the OPD); an OPD points to itself. Kept by core.organisation.services.
    opd = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("OPD"),
    )
    path = models.TextField(_("path"), unique=True)
    depth = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.path

    @property
    def is_opd(self) -> bool:
        return self.parent_id is None


class Position(models.Model):
    name = models.CharField(_("name"), max_length=255)
    position_type = models.CharField(
        _("position type"),
        max_length=20,
        choices=PositionType.choices,
        default=PositionType.PELAKSANA,
    )
    functional_level = models.CharField(_("functional level"), max_length=30, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    # No index of its own: the unique (org_unit, name) constraint's index starts with it.
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("unit"),
        db_index=False,
    )
    supervisor_position = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinate_positions",
        verbose_name=_("supervising position"),
    )
    annual_credit_coefficient = models.DecimalField(
        _("annual credit coefficient"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["org_unit__path", "-kelas_jabatan", "name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "name"], name="position_unique_name_in_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(kelas_jabatan__isnull=True)
                | models.Q(kelas_jabatan__gte=1, kelas_jabatan__lte=17),
                name="position_kelas_jabatan_1_17",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def opd_id(self) -> int | None:
        return self.org_unit.opd_id
