"""The log page over HTTP: the date a date input accepts, kept after saving; every refusal
a sentence in place (never a 5xx); the picker of the person's position type; favourites."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from core.performance.models import ActivityEntry, Favourite
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY, log


def _client(work, user=None):
    client = login(work.city, user or work.budi)
    client.cookies["django_language"] = "en"
    return client


def _date_value(html: str) -> str:
    match = re.search(r'<input type="date" name="day" value="([^"]*)"', html)
    assert match, "the date input is on the page"
    return match.group(1)


def _favourite(work, activity, volume="1") -> None:
    with in_city(work.city):
        Favourite.objects.create(
            employee=work.budi.employee, activity_type=activity, volume=Decimal(volume)
        )


@pytest.mark.parametrize("language", ["id", "en"])
def test_date_is_prefilled_with_today_in_iso_in_every_language(work, language):
    client = login(work.city, work.budi)
    client.cookies["django_language"] = language
    html = client.get("/work/").content.decode()
    assert ("Log work" if language == "en" else "Catat kegiatan") in html
    assert _date_value(html) == TODAY.isoformat()


def test_the_date_used_is_kept_after_saving(work):
    client = _client(work)
    yesterday = TODAY - timedelta(days=1)
    payload = {"activity_type": work.activity.pk, "volume": "1", "day": yesterday.isoformat()}
    response = client.post("/work/log/", payload)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?day={yesterday.isoformat()}")
    assert _date_value(client.get(response["Location"]).content.decode()) == yesterday.isoformat()
    again = client.post("/work/log/", {**payload, "idempotency_key": "x2"}, HTTP_HX_REQUEST="true")
    assert _date_value(again.content.decode()) == yesterday.isoformat()


def test_favourite_needing_evidence_opens_the_form_prefilled(work):
    _favourite(work, work.photo_activity, "2")
    response = _client(work).post(f"/work/favourites/{work.photo_activity.pk}/log/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "needs evidence: add a photo, then save" in html
    option = re.search(rf'<option value="{work.photo_activity.pk}"[^>]*>', html).group(0)
    assert "selected" in option and 'data-evidence="1"' in option
    assert 'name="volume" value="2"' in html
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert 'class="evidence-box needed"' in html
    with in_city(work.city):
        assert not ActivityEntry.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_favourite_over_the_daily_maximum_is_a_sentence_not_a_500(work, htmx):
    log(work, work.budi, volume="20")  # 600 of 720 minutes
    _favourite(work, work.activity, "5")  # 150 more
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = _client(work).post(f"/work/favourites/{work.activity.pk}/log/", **headers)
    assert response.status_code == (200 if htmx else 400)
    assert "This would make 750 minutes on one day; the maximum is 720." in (
        response.content.decode()
    )
    with in_city(work.city):
        assert ActivityEntry.objects.count() == 1


def test_favourite_logs_in_one_tap_and_shows_the_minutes_left(work):
    _favourite(work, work.activity, "2")
    client = _client(work)
    response = client.post(f"/work/favourites/{work.activity.pk}/log/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Saved: Menyusun laporan, 60 minutes." in html
    assert "660 minutes left today" in html
    with in_city(work.city):
        assert ActivityEntry.objects.get().minutes == 60


def test_someone_elses_favourite_is_refused_in_place(work):
    _favourite(work, work.activity)
    response = _client(work, work.sari).post(f"/work/favourites/{work.activity.pk}/log/")
    assert response.status_code == 404
    assert "This activity is not among your favourites." in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_repeat_with_nothing_to_repeat_is_a_sentence_not_a_500(work, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = _client(work).post("/work/log/repeat/", **headers)
    assert response.status_code == (200 if htmx else 400)
    assert "There is no earlier day to repeat." in response.content.decode()


def test_repeat_of_activities_needing_evidence_is_a_sentence(work):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.performance.services.activities import log_activity
    from tests.core.performance.test_activity_log import PNG

    with in_city(work.city):
        log_activity(
            actor=work.budi,
            activity_type_id=work.photo_activity.pk,
            volume=Decimal(1),
            day=TODAY - timedelta(days=1),
            evidence=SimpleUploadedFile("a.png", PNG),
        )
    response = _client(work).post("/work/log/repeat/")
    assert response.status_code == 400
    assert "None of those activities can be repeated (they need evidence)." in (
        response.content.decode()
    )


def test_picker_offers_only_the_position_types_activities_with_unit_and_minutes(work):
    from core.configuration.models import ActivityType

    with in_city(work.city):
        head_only = ActivityType.objects.create(
            code="PIM-99",
            name="Memimpin rapat pimpinan",
            output_unit="rapat",
            standard_minutes=60,
            position_types=["JPT_PRATAMA"],
            evidence_required=False,
        )
        staff = ActivityType.objects.create(
            code="ADM-99",
            name="Mengarsipkan surat",
            output_unit="berkas",
            standard_minutes=15,
            position_types=["PELAKSANA"],
            evidence_required=False,
        )
    client = _client(work)
    html = client.get("/work/").content.decode()
    assert "Mengarsipkan surat (berkas, 15 minutes)" in html
    assert "Memimpin rapat pimpinan" not in html
    assert "ADM-99" not in html  # no raw codes
    response = client.post(
        "/work/log/",
        {"activity_type": head_only.pk, "volume": "1", "day": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with in_city(work.city):
        assert not ActivityEntry.objects.exists()
    kadis_html = _client(work, work.kadis).get("/work/").content.decode()
    assert "Memimpin rapat pimpinan" in kadis_html and staff.name not in kadis_html


def test_recent_and_favourite_activities_come_first(work):
    _favourite(work, work.photo_activity)
    log(work, work.budi, day=TODAY - timedelta(days=1))
    html = _client(work).get("/work/").content.decode()
    favourites = html.index('<optgroup label="Favourites">')
    recent = html.index('<optgroup label="Recently used">')
    everything = html.index('<optgroup label="All activities">')
    assert favourites < recent < everything
    assert favourites < html.index(f'<option value="{work.photo_activity.pk}"') < recent
    assert recent < html.index(f'<option value="{work.activity.pk}"') < everything
