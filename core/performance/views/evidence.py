"""Evidence downloads: only through an access check, always as an attachment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from core.performance.access import get_entry_for_evidence, get_target_for_evidence
from core.performance.evidence import content_type_of
from core.typing import CityRequest


def _attachment(field: FieldFile, download_name: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    name = field.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name}.{extension}",
        content_type=content_type_of(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@login_required
def entry_evidence(request: CityRequest, entry_id: int) -> FileResponse:
    entry = get_entry_for_evidence(request.user, entry_id)
    return _attachment(entry.evidence, f"bukti-kegiatan-{entry.pk}-{entry.day:%Y%m%d}")


@require_safe
@login_required
def target_evidence(request: CityRequest, target_id: int) -> FileResponse:
    target = get_target_for_evidence(request.user, target_id)
    return _attachment(target.evidence, f"bukti-target-{target.pk}")
