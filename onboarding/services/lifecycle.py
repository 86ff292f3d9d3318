"""The data lifecycle of a city: export, backup and restore, archive, purge.

- Export: a ZIP of one CSV per table and a JSON manifest, for the city to keep.
- Backup / restore: one city's schema to a file and back, with SQL (COPY and the
  schema builder's DDL; see onboarding.schema_data), byte-for-byte the same rows.
- Archive: the city is exported, then moves to `archived` (its host answers 410);
  the schema is kept.
- Purge: drops an archived city's schema. One operator asks, a second one confirms;
  the City row, its history and its exports stay (no silent hard delete).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor
from onboarding import schema_data
from onboarding.models import CityExport, PurgeRequest
from tenants.models import City
from tenants.routing import forget_city_routes
from tenants.rules import CityStatus, transition_problem
from tenants.services import change_city_status


def exports_dir() -> Path:
    return Path(getattr(settings, "CITY_EXPORTS_DIR", settings.BASE_DIR / "var" / "exports"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _target(city: City, kind: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
    folder = exports_dir() / city.slug
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{city.slug}-{kind}-{stamp}.zip"


def _record(city: City, kind: str, path: Path, summary, actor: Actor) -> CityExport:
    return CityExport.objects.create(
        city=city,
        kind=kind,
        path=str(path),
        sha256=_sha256(path),
        size=path.stat().st_size,
        tables=summary.tables,
        rows=summary.rows,
        created_by_label=actor.label,
    )


def export_city(city: City, *, actor: Actor) -> CityExport:
    """Write the city's export ZIP (CSV per table + manifest.json) and record it."""
    _require_schema(city)
    path = _target(city, "export")
    meta = {
        "city": city.slug,
        "name": city.name,
        "province": city.province,
        "status": city.status,
        "exported_at": timezone.now().isoformat(),
        "exported_by": actor.label,
    }
    with path.open("wb") as out:
        summary = schema_data.write_export(city.schema_name, out, meta=meta)
    return _record(city, CityExport.Kind.EXPORT, path, summary, actor)


def backup_city(city: City, *, actor: Actor) -> CityExport:
    """Write a restorable backup of the city's schema and record it."""
    _require_schema(city)
    path = _target(city, "backup")
    with path.open("wb") as out:
        summary = schema_data.write_backup(city.schema_name, out)
    return _record(city, CityExport.Kind.BACKUP, path, summary, actor)


def restore_city(city: City, backup: Path | str, *, actor: Actor) -> dict:
    """Replace the city's schema with the content of `backup` (all or nothing)."""
    manifest = schema_data.read_manifest(backup)
    if manifest.get("schema") != city.schema_name:
        raise ValidationError(_("This backup belongs to another city."))
    manifest = schema_data.restore_backup(backup, city.schema_name)
    forget_city_routes(city)
    return manifest


def _require_schema(city: City) -> None:
    if not schema_data.schema_exists(city.schema_name):
        raise ValidationError(_("The data of this city has been purged."))


def archive_city(city: City, *, actor: Actor, reason: str) -> City:
    """Export the city, then archive it. The export is the city's copy of its data."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."))
    problem = transition_problem(
        CityStatus(city.status), CityStatus.ARCHIVED, is_pilot=city.is_pilot
    )
    if problem:
        raise ValidationError(problem)
    export_city(city, actor=actor)
    return change_city_status(city, CityStatus.ARCHIVED, actor=actor, reason=reason)


def request_purge(city: City, *, operator, reason: str) -> PurgeRequest:
    if city.status != CityStatus.ARCHIVED:
        raise ValidationError(_("Only an archived city can be purged."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."))
    with transaction.atomic():
        if PurgeRequest.objects.filter(city=city, purged_at__isnull=True).exists():
            raise ValidationError(_("A purge of this city is already waiting for confirmation."))
        exported = CityExport.objects.filter(city=city, kind=CityExport.Kind.EXPORT).exists()
        if not city.is_pilot and not exported:  # a pilot's data is synthetic
            raise ValidationError(_("Export the city's data before purging it."))
        return PurgeRequest.objects.create(city=city, requested_by=operator, reason=reason.strip())


@dataclass(frozen=True)
class PurgeResult:
    request: PurgeRequest
    schema: str


def confirm_purge(purge: PurgeRequest, *, operator) -> PurgeResult:
    """A second operator confirms: the schema is dropped. The requester cannot confirm."""
    with transaction.atomic():
        purge = PurgeRequest.objects.select_for_update().select_related("city").get(pk=purge.pk)
        if purge.purged_at:
            raise ValidationError(_("This city has already been purged."))
        if purge.requested_by_id == operator.pk:
            raise ValidationError(_("A second operator must confirm the purge."))
        if purge.city.status != CityStatus.ARCHIVED:
            raise ValidationError(_("Only an archived city can be purged."))
        schema_data.drop_schema(purge.city.schema_name)
        profile = getattr(purge.city, "pilot_profile", None)
        if profile is not None:  # the pilot's initial-data copies go with it
            schema_data.drop_schema(profile.snapshot_schema)
            if profile.standby_schema:
                schema_data.drop_schema(profile.standby_schema)
        now = timezone.now()
        purge.confirmed_by = operator
        purge.confirmed_at = now
        purge.purged_at = now
        purge.save(update_fields=["confirmed_by", "confirmed_at", "purged_at"])
    return PurgeResult(purge, purge.city.schema_name)
