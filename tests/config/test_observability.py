"""Sentry with the real SDK against a local fake Sentry, and logs that name the city."""

import gzip
import io
import json
import logging
import re
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk

from config.observability import CityLogFilter, init_sentry, scrub_event
from core.accounts.roles import Role
from tests.conftest import PASSWORD, client_for

NIP = "198609262015051001"
FULL_NAME = "Budi Santoso Wibowo"
EMAIL = "budi.santoso@surabaya.go.id"


class FakeSentry:
    """A Sentry ingest endpoint on 127.0.0.1 that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    import brotli

                    body = brotli.decompress(body)
                received.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://public@127.0.0.1:{self.server.server_address[1]}/1"

    def events(self) -> list[dict]:
        """The error events among the envelopes' items."""
        found = []
        for body in self.bodies:
            for line in body.splitlines():
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                if isinstance(item, dict) and "exception" in item:
                    found.append(item)
        return found


@pytest.fixture
def fake_sentry():
    fake = FakeSentry()
    fake.thread.start()
    try:
        yield fake
    finally:
        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.init()  # no DSN: a client that sends nothing
        fake.server.shutdown()
        fake.server.server_close()


@pytest.fixture
def city_asn(surabaya, make_user):
    return make_user(surabaya, Role.ASN, NIP, FULL_NAME, email=EMAIL)


def test_city_error_reaches_sentry_tagged_and_scrubbed(surabaya, city_asn, fake_sentry, settings):
    settings.ROOT_URLCONF = "tests.config.sentry_urls"
    init_sentry(fake_sentry.dsn, environment="test", traces_sample_rate=0)
    client = client_for(surabaya, raise_request_exception=False)
    assert (
        client.post("/accounts/login/", {"username": NIP, "password": PASSWORD}).status_code == 302
    )

    response = client.post(f"/uji/gagal/?nip={NIP}", {"password": PASSWORD, "nip": NIP})
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)

    events = fake_sentry.events()
    assert len(events) == 1
    event = events[0]
    assert event["tags"]["city"] == "surabaya"
    assert event["tags"]["role"] == "asn"
    assert event["exception"]["values"][-1]["type"] == "PayrollError"
    raw = b"".join(fake_sentry.bodies).decode()
    # Event and trace ids are hex and may hold eighteen digits in a row; a NIP is not
    # part of a longer hex run.
    assert not re.search(r"(?<![0-9a-f])\d{18}(?![0-9a-f])", raw), "a NIP left the process"
    for secret in (NIP, FULL_NAME, "Budi", "Santoso", EMAIL, PASSWORD):
        assert secret not in raw, secret
    assert "user" not in event


def test_public_site_events_are_tagged_public_and_anonymous(db, fake_sentry, settings):
    init_sentry(fake_sentry.dsn, environment="test", traces_sample_rate=0)
    client_for(None).get("/")
    sentry_sdk.capture_exception(RuntimeError(f"lookup of {EMAIL} failed"))
    sentry_sdk.flush(timeout=5)
    event = fake_sentry.events()[-1]
    assert event["tags"]["city"] == "public"
    assert event["tags"]["role"] == "anonymous"
    assert EMAIL not in json.dumps(event)


@pytest.mark.parametrize(
    ("_case", "event", "leak"),
    [
        ("_user", {"user": {"username": NIP}}, NIP),
        ("_message", {"message": f"bad NIP {NIP}"}, NIP),
        ("_email_in_extra", {"extra": {"note": f"mail {EMAIL}"}}, EMAIL),
        ("_password_key", {"extra": {"password": "hunter2-secret"}}, "hunter2-secret"),
        ("_body", {"request": {"data": {"nama": FULL_NAME}}}, FULL_NAME),
        ("_cookie_header", {"request": {"headers": {"Cookie": "sessionid=abc123"}}}, "abc123"),
        ("_breadcrumb", {"breadcrumbs": {"values": [{"message": f"login {NIP}"}]}}, NIP),
    ],
)
def test_scrub_event_removes_personal_data(_case, event, leak):
    assert leak not in json.dumps(scrub_event(event))


def test_scrub_event_keeps_what_debugging_needs():
    event = {
        "tags": {"city": "jambi", "role": "asn"},
        "exception": {
            "values": [
                {
                    "type": "KeyError",
                    "module": "core.people.services",
                    "stacktrace": {
                        "frames": [{"filename": "services.py", "function": "import_rows"}]
                    },
                }
            ]
        },
    }
    scrubbed = scrub_event(event)
    assert scrubbed["tags"] == {"city": "jambi", "role": "asn"}
    frame = scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert frame == {"filename": "services.py", "function": "import_rows"}
    assert scrubbed["exception"]["values"][0]["type"] == "KeyError"


def json_log_handler() -> tuple[logging.Handler, io.StringIO]:
    """A handler built like production's: the JSON formatter and the city filter."""
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(config["fmt"], rename_fields=config["rename_fields"]))
    handler.addFilter(CityLogFilter())
    return handler, stream


@pytest.mark.parametrize(
    ("host", "city"),
    [("surabaya.localhost", "surabaya"), ("localhost", "public"), ("nowhere.localhost", "-")],
)
def test_request_log_lines_are_json_with_the_city(db, host, city):
    handler, stream = json_log_handler()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client_for(None, HTTP_HOST=host).get("/api/v1/no-such-thing/")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines, "Django logs a warning for every 404"
    for line in lines:
        assert line["city"] == city
        assert line["level"] == "WARNING"
        assert {"time", "name", "message"} <= line.keys()


def test_log_lines_outside_requests_say_so(db):
    handler, stream = json_log_handler()
    logger = logging.getLogger("sinergi.test")
    logger.addHandler(handler)
    try:
        from config.observability import bind_city

        bind_city("-")
        logger.warning("nightly job started")
    finally:
        logger.removeHandler(handler)
    assert json.loads(stream.getvalue())["city"] == "-"


def production_settings(script: str, **environ: str) -> object:
    """Run `script` after loading the production settings in a fresh interpreter, as a
    deploy would, and return what it prints (JSON)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "SENTRY_DSN"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 45 + "abcde")
    # Production refuses to start without DATABASE_URL; loading settings connects to nothing.
    env.setdefault("DATABASE_URL", "postgres://unused@127.0.0.1:1/unused")
    env.update(environ)
    out = subprocess.run(
        [sys.executable, "-c", "import json, django; django.setup(); " + script],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_production_settings_log_json_with_the_city():
    debug, handler = production_settings(
        "from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.LOGGING['handlers']['console']]))"
    )
    assert debug is False
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["city"]


def test_sentry_starts_only_when_a_dsn_is_set():
    script = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(json.dumps([c.is_active(), str(c.dsn or ''), "
        "c.options.get('before_send').__name__ if c.is_active() else '']))"
    )
    assert production_settings(script) == [False, "", ""]
    dsn = "http://public@127.0.0.1:9/1"
    assert production_settings(script, SENTRY_DSN=dsn) == [True, dsn, "scrub_event"]
