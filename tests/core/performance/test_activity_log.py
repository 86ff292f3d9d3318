"""Logging activities: minutes, the city's rules, idempotency, evidence, closed months."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from core.performance.models import ActivityEntry, EntryStatus
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY, log


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_logs_minutes_as_standard_times_volume_for_the_supervisor(work):
    result = log(work, work.budi, volume="3")
    with in_city(work.city):
        entry = ActivityEntry.objects.get(pk=result.entry.pk)
        assert (entry.minutes, entry.status) == (90, EntryStatus.SUBMITTED)
        assert entry.verifier.user_id == work.kabid.pk
        assert (
            AuditEvent.objects.filter(action="activity.logged", object_id=str(entry.pk)).count()
            == 1
        )


def test_the_audit_trail_names_the_person_and_the_activity(work):
    """The inspector reads who logged what, when and how much, not ids."""
    from django.utils import translation

    with translation.override("id"):
        result = log(work, work.budi, volume="3")
    with in_city(work.city):
        event = AuditEvent.objects.get(action="activity.logged", object_id=str(result.entry.pk))
        entry = ActivityEntry.objects.select_related("employee", "activity_type").get(
            pk=result.entry.pk
        )
    assert event.object_repr.startswith(f"{entry.employee.name}: {entry.activity_type.name}, ")
    assert event.object_repr.endswith(" × 3")


def test_duplicate_submission_with_the_same_key_returns_the_first_entry(work):
    first = log(work, work.budi, key="phone-123")
    second = log(work, work.budi, key="phone-123")
    assert first.created and not second.created
    assert second.entry.pk == first.entry.pk
    with in_city(work.city):
        assert ActivityEntry.objects.filter(employee__user=work.budi).count() == 1
        assert AuditEvent.objects.filter(action="activity.logged").count() == 1


def test_the_same_key_from_another_person_is_a_new_entry(work):
    log(work, work.budi, key="k1")
    log(work, work.sari, key="k1")
    with in_city(work.city):
        assert ActivityEntry.objects.count() == 2


@pytest.mark.parametrize(
    ("_case", "day", "code"),
    [
        ("_future", TODAY + timedelta(days=1), "future"),
        ("_too_far_back", TODAY - timedelta(days=10), "too_old"),
        ("_sunday", date(2026, 3, 8), "non_working"),
    ],
)
def test_city_logging_rules_refuse_and_write_nothing(work, _case, day, code):
    with pytest.raises(ValidationError) as caught:
        log(work, work.budi, day=day)
    assert caught.value.code == code
    with in_city(work.city):
        assert ActivityEntry.objects.count() == 0
        assert not AuditEvent.objects.filter(action__startswith="activity.").exists()


def test_daily_maximum_is_enforced(work):
    log(work, work.budi, volume="14")  # 420 minutes
    with pytest.raises(ValidationError) as caught:
        log(work, work.budi, volume="11")  # 330 more: 750 > 720
    assert caught.value.code == "daily_max"


def test_refusal_figures_are_in_indonesian_form(work):
    """The service's sentence groups thousands the Indonesian way ("1.080 menit")."""
    from django.utils import translation

    log(work, work.budi, volume="14")  # 420 minutes
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        log(work, work.budi, volume="22")  # 660 more: 1,080 > 720
    assert caught.value.messages == [
        "Total menjadi 1.080 menit dalam satu hari; batas maksimalnya 720 menit."
    ]


def test_evidence_required_by_the_catalogue(work):
    with pytest.raises(ValidationError) as caught:
        log(work, work.budi, activity=work.photo_activity)
    assert caught.value.code == "evidence_required"


def test_log_page_posts_with_htmx_and_evidence(work):
    client = login(work.city, work.budi)
    response = client.post(
        "/work/log/",
        {
            "activity_type": work.photo_activity.pk,
            "volume": "1",
            "day": TODAY.isoformat(),
            "idempotency_key": "abc",
            "evidence": SimpleUploadedFile("rapat.png", PNG, content_type="image/png"),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    with in_city(work.city):
        entry = ActivityEntry.objects.get()
        # photos are stored re-encoded as JPEG under a random name
        assert entry.minutes == 90 and entry.evidence.name.endswith(".jpg")
        assert "rapat" not in entry.evidence.name


def test_disguised_evidence_is_refused(work):
    client = login(work.city, work.budi)
    response = client.post(
        "/work/log/",
        {
            "activity_type": work.photo_activity.pk,
            "volume": "1",
            "day": TODAY.isoformat(),
            "evidence": SimpleUploadedFile(
                "rapat.png", b"MZ\x90\x00 not a png", content_type="image/png"
            ),
        },
    )
    assert response.status_code == 400
    assert (
        "photo" in response.content.decode().lower() or "foto" in response.content.decode().lower()
    )
    with in_city(work.city):
        assert ActivityEntry.objects.count() == 0


def test_api_logs_and_replays_by_idempotency_key(work):
    client = login(work.city, work.budi)
    payload = {"activity_type": work.activity.pk, "volume": "2", "day": TODAY.isoformat()}
    first = client.post("/api/v1/work/activities/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    again = client.post("/api/v1/work/activities/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["minutes"] == 60


def test_rejected_entry_can_be_corrected_and_resubmitted(work):
    from core.performance.services.activities import resubmit_activity
    from core.performance.services.verification import verify_activity

    entry = log(work, work.budi).entry
    with in_city(work.city):
        verify_activity(entry.pk, actor=work.kabid, approve=False, reason="Volume terlalu besar")
        resubmit_activity(entry.pk, actor=work.budi, volume="1")
        entry.refresh_from_db()
    assert (entry.status, entry.minutes, entry.rejection_reason) == (EntryStatus.SUBMITTED, 30, "")


def test_repeat_yesterday_copies_the_last_logged_day(work):
    from core.performance.services.activities import repeat_day

    log(work, work.budi, day=TODAY - timedelta(days=1), volume="2")
    log(work, work.budi, day=TODAY - timedelta(days=1), volume="4")
    with in_city(work.city):
        copies = repeat_day(actor=work.budi, day=TODAY, idempotency_key="rep")
        again = repeat_day(actor=work.budi, day=TODAY, idempotency_key="rep")
        assert sorted(e.minutes for e in copies) == [60, 120]
        assert [e.pk for e in again] == [e.pk for e in copies]
        assert ActivityEntry.objects.filter(day=TODAY).count() == 2
