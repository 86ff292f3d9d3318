"""Evidence: checked by content, downscaled, random names, served only after an access check."""

from __future__ import annotations

import io
import os
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.performance.models import ActivityEntry
from core.performance.services.activities import log_activity
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo(width: int, height: int, fmt: str = "PNG", noise: bool = False) -> bytes:
    if noise:  # random pixels do not compress: a large file
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), "teal")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _log(work, upload, user=None):
    with in_city(work.city):
        return log_activity(
            actor=user or work.budi,
            activity_type_id=work.photo_activity.pk,
            volume=Decimal("1"),
            day=TODAY,
            evidence=upload,
        ).entry


@pytest.mark.parametrize(
    ("_case", "name", "content"),
    [
        ("html named .pdf", "laporan.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("pdf header in front of html", "laporan.pdf", b"%PDF-1.4\n<html><script>x</script>"),
        ("pdf without its end", "laporan.pdf", b"%PDF-1.4\n" + b"x" * 100),
        ("png header on garbage", "foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("an executable named .jpg", "foto.jpg", b"MZ\x90\x00" + b"\x00" * 64),
    ],
)
def test_evidence_that_is_not_what_it_claims_is_refused(work, _case, name, content):
    with pytest.raises(ValidationError) as refused:
        _log(work, SimpleUploadedFile(name, content))
    assert refused.value.code == "evidence_type"
    with in_city(work.city):
        assert ActivityEntry.objects.count() == 0


def test_pdf_is_stored_under_a_random_name(work):
    entry = _log(work, SimpleUploadedFile("laporan-budi.pdf", PDF))
    assert entry.evidence.name.startswith(f"evidence/{TODAY:%Y/%m}/")
    assert entry.evidence.name.endswith(".pdf")
    assert "budi" not in entry.evidence.name
    second = _log(work, SimpleUploadedFile("laporan-budi.pdf", PDF))
    assert second.evidence.name != entry.evidence.name


def test_large_photo_is_downscaled_to_1600_px_and_1_mb(work):
    original = _photo(2400, 1800, fmt="JPEG", noise=True)  # about 2.4 MB of noise
    assert 1024 * 1024 < len(original) < 5 * 1024 * 1024
    entry = _log(work, SimpleUploadedFile("rapat.jpg", original))
    with in_city(work.city):
        stored = entry.evidence.open("rb").read()
    assert len(stored) <= 1024 * 1024
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 1600


def test_evidence_over_5_mb_is_refused_before_reading(work):
    with pytest.raises(ValidationError) as refused:
        _log(work, SimpleUploadedFile("rapat.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)))
    assert refused.value.code == "evidence_size"


def _entry_with_pdf(work):
    return _log(work, SimpleUploadedFile("laporan.pdf", PDF))


@pytest.mark.parametrize("who", ["budi", "kabid", "kadis", "cityadmin"])
def test_owner_supervisors_and_city_readers_download_as_attachment(work, who):
    entry = _entry_with_pdf(work)
    response = login(work.city, getattr(work, who)).get(f"/work/log/{entry.pk}/evidence/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["sari", "tono", "kadinkes"])
def test_colleagues_and_other_opds_get_404(work, who):
    entry = _entry_with_pdf(work)
    response = login(work.city, getattr(work, who)).get(f"/work/log/{entry.pk}/evidence/")
    assert response.status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(work):
    from tests.conftest import client_for

    entry = _entry_with_pdf(work)
    response = client_for(work.city).get(f"/work/log/{entry.pk}/evidence/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_missing_entry_or_entry_without_evidence_is_404(work):
    from tests.core.performance.conftest import log

    plain = log(work, work.budi).entry
    client = login(work.city, work.budi)
    assert client.get(f"/work/log/{plain.pk}/evidence/").status_code == 404
    assert client.get("/work/log/999999999/evidence/").status_code == 404


def test_verification_page_links_the_checked_view_not_media(work):
    entry = _entry_with_pdf(work)
    page = login(work.city, work.kabid).get("/work/verify/").content.decode()
    assert f"/work/log/{entry.pk}/evidence/" in page
    assert "/media/" not in page


def test_api_gives_the_checked_download_path_not_a_media_url(work):
    entry = _entry_with_pdf(work)
    client = login(work.city, work.budi)
    listed = client.get(f"/api/v1/work/activities/?day={TODAY.isoformat()}").json()
    (row,) = [r for r in listed if r["id"] == entry.pk]
    assert row["evidence"] == f"/work/log/{entry.pk}/evidence/"
    assert client.get(row["evidence"]).status_code == 200
