"""The server side of offline logging: device and receive times, the idempotency key,
the back-dating window extended by an incident, and who may send."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.performance.models import ActivityEntry
from tests.conftest import client_for, in_city, in_public, login
from tests.core.performance.conftest import NOW, TODAY, WIB

API = "/api/v1/work/activities/"


def _body(work, day, key, device_time=None, **extra):
    return {
        "activity_type": work.activity.pk,
        "volume": "2",
        "day": day.isoformat(),
        "idempotency_key": key,
        "device_time": (device_time or NOW - timedelta(hours=1)).isoformat(),
        **extra,
    }


def test_a_queued_entry_keeps_its_device_time_and_a_replay_returns_the_original(work):
    client = login(work.city, work.budi)
    made = NOW - timedelta(hours=20)  # yesterday evening, without signal
    first = client.post(API, _body(work, made.date(), "q-1", made))
    assert first.status_code == 201, first.content
    again = client.post(API, _body(work, made.date(), "q-1", made), HTTP_IDEMPOTENCY_KEY="q-1")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    with in_city(work.city):
        entry = ActivityEntry.objects.get()
        assert entry.day == made.date() and entry.device_time == made
        assert entry.received_at == NOW


@pytest.mark.parametrize(
    ("device_time", "day", "code"),
    [
        (NOW + timedelta(hours=2), TODAY, "device_clock"),  # the phone's clock runs ahead
        (NOW - timedelta(days=1), TODAY, "future"),  # a day after the one it was made on
    ],
)
def test_a_device_time_that_cannot_be_true_is_refused(work, device_time, day, code):
    response = login(work.city, work.budi).post(API, _body(work, day, "q-2", device_time))
    assert response.status_code == 400
    with in_city(work.city):
        assert not ActivityEntry.objects.exists()
    assert response.json()["message"]


def test_an_incident_extends_the_window_and_the_statement_says_so(work, operator):
    from incidents.services import declare_incident

    friday = datetime(2026, 3, 6, 14, 0, tzinfo=WIB)  # 4 days back: outside the 3-day window
    client = login(work.city, work.budi)
    refused = client.post(API, _body(work, friday.date(), "q-3", friday))
    assert refused.status_code == 400 and "3" in refused.json()["message"]
    with in_public():
        declare_incident(
            actor=operator,
            city=work.city,
            starts_at=datetime(2026, 3, 9, 8, 0, tzinfo=WIB),
            ends_at=datetime(2026, 3, 9, 20, 0, tzinfo=WIB),
            reason="Server kota tidak dapat diakses",
        )
    accepted = client.post(API, _body(work, friday.date(), "q-3", friday))
    assert accepted.status_code == 201, accepted.content
    page = client.get("/work/statement/2026/3/").content.decode()
    assert "Server kota tidak dapat diakses" in page
    assert "12 jam" in page and "diperpanjang" in page


def test_an_incident_in_another_city_extends_nothing_here(work, jambi, operator):
    from incidents.services import declare_incident

    with in_public():
        declare_incident(
            actor=operator,
            city=jambi,
            starts_at=datetime(2026, 3, 9, 8, 0, tzinfo=WIB),
            ends_at=datetime(2026, 3, 9, 20, 0, tzinfo=WIB),
            reason="Gangguan di Jambi",
        )
    friday = datetime(2026, 3, 6, 14, 0, tzinfo=WIB)
    response = login(work.city, work.budi).post(API, _body(work, friday.date(), "q-4", friday))
    assert response.status_code == 400


def test_the_queue_cannot_be_sent_to_another_city_or_by_someone_without_daily_work(work, jambi):
    budi = login(work.city, work.budi)
    other_city = budi.post(API, _body(work, TODAY, "q-5"), HTTP_HOST=f"{jambi.slug}.localhost")
    assert other_city.status_code in (401, 403)
    admin = login(work.city, work.cityadmin)
    assert admin.post(API, _body(work, TODAY, "q-6")).status_code == 403
    with in_city(work.city):
        assert not ActivityEntry.objects.exists()


def test_the_worker_and_manifest_are_served_from_the_city_root(work):
    client = client_for(work.city)
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Service-Worker-Allowed"] == "/"
    assert worker["Content-Type"].startswith("application/javascript")
    assert b"sinergi-queue" in worker.content
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    data = manifest.json()
    assert data["start_url"] == "/work/" and work.city.name in data["name"]
    assert client.get(data["icons"][-1]["src"])["Content-Type"] == "image/svg+xml"
    assert client_for(None).get("/sw.js").status_code == 404
