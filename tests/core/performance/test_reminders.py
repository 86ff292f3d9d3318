"""Reminders: who gets one (not logged today, supervisors with entries waiting, before
the cut-off), on which channel, and never on leave, in quiet hours or after an opt-out.
Web Push goes through the real pywebpush to a fake push service on 127.0.0.1; the
WhatsApp/SMS gateway is a fake HTTP server too; e-mail is Django's locmem outbox."""

from __future__ import annotations

import base64
import json
import os
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from core.reminders.models import Reminder
from tests.conftest import in_city, login
from tests.core.performance.conftest import WIB, log


class _Recorder(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(
            {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": self.rfile.read(length),
            }
        )
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_service():
    """A local HTTP server that records every POST (the push service, the gateway)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def vapid(settings):
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = _b64(key.private_numbers().private_value.to_bytes(32, "big"))
    settings.VAPID_SUBJECT = "mailto:ops@example.org"
    return key


BROWSERS: dict[str, tuple] = {}


def _browser_keys(name: str) -> tuple[str, str]:
    """What a browser's PushSubscription holds: its P-256 public key and auth secret
    (the private key stays with the "browser", to read what arrives)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    BROWSERS[name] = (private, auth)
    return _b64(public), _b64(auth)


def _read(name: str, body: bytes) -> dict:
    import http_ece

    private, auth = BROWSERS[name]
    return json.loads(http_ece.decrypt(body, private_key=private, auth_secret=auth))


def _subscribe(work, user, fake_service, name: str) -> None:
    p256dh, auth = _browser_keys(name)
    endpoint = f"http://127.0.0.1:{fake_service.server_port}/push/{name}"
    client = login(work.city, user)
    response = client.post(
        "/reminders/push/",
        json.dumps({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}),
        content_type="application/json",
    )
    assert response.status_code == 201


AFTERNOON = datetime(2026, 3, 10, 15, 10, tzinfo=WIB)  # Tuesday, after the 15.00 reminder


def test_a_push_reminder_reaches_the_person_who_has_not_logged(
    work, fake_service, vapid, settings, frozen_clock
):
    from core.reminders.services import queue_reminders, send_queued

    settings.PUSH_ALLOW_HTTP = True
    frozen_clock.move_to(AFTERNOON)
    log(work, work.sari)  # Sari logged today; Budi has not
    _subscribe(work, work.budi, fake_service, "budi")
    _subscribe(work, work.sari, fake_service, "sari")
    with in_city(work.city):
        queued = queue_reminders()
        assert "not_logged" in queued.kinds
        push = Reminder.objects.filter(channel="push")
        assert set(push.values_list("employee__user__username", "kind")) == {
            (work.budi.username, "not_logged")
        }
        assert send_queued() == {"sent": 1, "failed": 0}
        again = queue_reminders()  # a later run the same day queues nothing twice
        assert again.rows == 0
    assert [r["path"] for r in fake_service.received] == ["/push/budi"]
    request = fake_service.received[0]
    assert request["headers"]["authorization"].startswith("vapid t=")
    assert request["headers"]["content-encoding"] == "aes128gcm"
    shown = _read("budi", request["body"])  # what the phone decrypts and shows
    assert shown["body"].startswith("Anda belum mencatat pekerjaan hari ini")
    assert shown["url"].endswith("/work/") and shown["title"] == work.city.name


def test_email_and_gateway_reminders_skip_leave_opt_outs_and_quiet_hours(
    work, fake_service, settings, frozen_clock
):
    from core.people.models import Employee
    from core.performance.models import AttendanceRecord
    from core.reminders.services import queue_reminders, send_queued, set_opt_outs, update_settings

    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{fake_service.server_port}/send"
    settings.SMS_GATEWAY_PROVIDER = "whatsapp"
    settings.SMS_GATEWAY_TOKEN = "rahasia"
    frozen_clock.move_to(AFTERNOON)
    log(work, work.sari)  # waits for Kabid
    with in_city(work.city):
        Employee.objects.update(email="asn@example.org", phone="+6281200000000")
        update_settings(actor=work.cityadmin, values={"sms_on": True})
        tono = Employee.objects.get(user=work.tono)
        AttendanceRecord.objects.create(employee=tono, day=AFTERNOON.date(), status="cuti")
        set_opt_outs(actor=work.budi, employee=work.budi.employee, channels_off={"email"})
        queue_reminders()
        rows = set(Reminder.objects.values_list("employee__user__username", "kind", "channel"))
        send_queued()
    assert (work.kabid.username, "to_verify", "email") in rows
    assert (work.budi.username, "not_logged", "sms") in rows
    assert (work.budi.username, "not_logged", "email") not in rows  # opted out
    assert not any(user == work.tono.username for user, _k, _c in rows)  # on leave
    assert not any(user == work.sari.username and k == "not_logged" for user, k, _c in rows)
    assert any("menunggu verifikasi" in m.body for m in mail.outbox)
    gateway = [r for r in fake_service.received if r["path"] == "/send"]
    assert gateway and gateway[0]["headers"]["authorization"] == "rahasia"
    assert b"target=%2B6281200000000" in gateway[0]["body"]

    frozen_clock.move_to(datetime(2026, 3, 11, 22, 0, tzinfo=WIB))  # quiet hours
    with in_city(work.city):
        assert queue_reminders().rows == 0


def test_a_person_chooses_channels_and_only_the_city_admin_sets_the_city(work):
    budi = login(work.city, work.budi)
    page = budi.get("/reminders/")
    assert page.status_code == 200 and "Pengingat" in page.content.decode()
    assert "pengaturan pengingat kota" not in page.content.decode().lower()
    assert budi.post("/reminders/", {"form": "mine", "push": "on"}).status_code == 302
    forbidden = budi.post("/reminders/", {"form": "city", "log_hour": "9"})
    assert forbidden.status_code == 403
    with in_city(work.city):
        from core.reminders.models import OptOut

        assert set(OptOut.objects.values_list("channel", flat=True)) == {"email", "sms"}
    bad = budi.post("/reminders/push/", "not json", content_type="application/json")
    assert bad.status_code == 400
