"""Evidence reaches the verifier: the supervisor downloads a clerk's evidence from the
verification page on a phone; a colleague asking for the same file gets "not found"."""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image

CLERK = "199005202015031003"  # Analis Kurikulum
SUPERVISOR = "198003152005012002"  # head of division: the clerk's supervisor
COLLEAGUE = "199207082018012004"  # same division, not a supervisor


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), "teal").save(out, "PNG")
    return out.getvalue()


def _entry_with_evidence(demo_city) -> int:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from core.configuration.models import ActivityType
    from core.performance.models import ActivityEntry
    from core.performance.services.activities import log_activity

    with demo_city.committed():
        clerk = get_user_model().objects.get(username=CLERK)
        # the demo may have filled today already: room under the daily cap for this one
        ActivityEntry.objects.filter(employee__user=clerk, day=timezone.localdate()).delete()
        activity = (
            ActivityType.objects.filter(is_active=True, evidence_required=True)
            .order_by("standard_minutes")
            .first()
        )
        entry = log_activity(
            actor=clerk,
            activity_type_id=activity.pk,
            volume=Decimal("1"),
            day=timezone.localdate(),
            evidence=SimpleUploadedFile("foto-rapat-budi.png", _photo()),
            idempotency_key="journey-evidence",
        ).entry
        assert "budi" not in entry.evidence.name
        return entry.pk


def test_supervisor_downloads_evidence_and_colleague_cannot(demo_city, phone, shot):
    entry_id = _entry_with_evidence(demo_city)
    demo_city.sign_in(phone, SUPERVISOR)
    phone.goto(demo_city.url("/work/verify/"))
    link = phone.locator(f"a[href='/work/log/{entry_id}/evidence/']")
    assert link.count() == 1
    link.scroll_into_view_if_needed()
    shot(phone, "verify-with-evidence")
    with phone.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"bukti-kegiatan-{entry_id}-")
    assert download.suggested_filename.endswith(".jpg")
    with Image.open(download.path()) as image:
        assert image.format == "JPEG" and max(image.size) == 1600
    assert "/media/" not in phone.content()
    # no sideways scrolling at 360 px on the verification page
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.context.clear_cookies()
    demo_city.sign_in(phone, COLLEAGUE)
    response = phone.goto(demo_city.url(f"/work/log/{entry_id}/evidence/"))
    assert response.status == 404
    shot(phone, "colleague-not-found")
