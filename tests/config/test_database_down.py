"""Database down, measured: a real server process whose database sits behind a TCP relay
that the test switches off (connections refused, open ones cut) and on again.

The machine's PostgreSQL is never stopped: only this relay between the server and it.
Targets (issue 20): /healthz never waits; /readyz 503 in <= 2 s and pages 503 in <= 4 s
(with Retry-After, Indonesian page, JSON under /api/); back to normal within 5 s of the
database returning.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CITY_HOST = "surabaya.localhost"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """The server process reads committed data; no test transaction is needed."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """A TCP relay to the database that can be switched off (refuse and cut) and on."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.port = target, _free_port()
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.silent = False  # accept connections but never answer (a hung server)

    def on(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def off(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if self.silent:
                with self.lock:
                    self.sockets.add(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=3)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@dataclass
class Answer:
    status: int
    seconds: float
    body: str
    headers: dict


@dataclass
class Server:
    port: int
    relay: Relay

    def get(self, path: str, host: str = "localhost", data: bytes | None = None) -> Answer:
        headers = {"Host": host, "Cookie": "sessionid=an-unknown-session"}  # read from the DB
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, headers=headers
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, body, head = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, head = error.code, error.read(), error.headers
        return Answer(status, time.monotonic() - started, body.decode(), dict(head))


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker) -> Iterator[Server]:
    with django_db_blocker.unblock():
        db = connection.settings_dict
        name = db["NAME"]
    relay = Relay((db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)))
    relay.on()
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{relay.port}/{name}",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert process.poll() is None, "the server process ended"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield Server(port, relay)
    finally:
        process.terminate()
        process.wait(10)
        relay.off()


def test_database_down_is_503_quickly_and_recovery_is_quick(server):
    timings: dict[str, float] = {}
    assert server.get("/readyz").status == 200
    assert server.get("/").status == 200
    assert server.get("/accounts/login/", CITY_HOST).status == 200

    server.relay.off()
    try:
        alive = server.get("/healthz")
        assert alive.status == 200
        timings["healthz"] = alive.seconds

        ready = server.get("/readyz")
        assert ready.status == 503
        assert ready.headers["Retry-After"] == "5"
        timings["readyz"] = ready.seconds

        for label, path, host in [
            ("page", "/", "localhost"),
            ("city page", "/accounts/login/", CITY_HOST),
            ("page again", "/", "localhost"),
        ]:
            answer = server.get(path, host)
            assert answer.status == 503, (label, answer.status)
            assert answer.headers["Retry-After"] == "5"
            assert "Layanan sedang tidak tersedia" in answer.body
            timings[label] = answer.seconds

        login = b'{"username": "199001012020011001", "password": "salah"}'
        api = server.get("/api/v1/auth/token/", CITY_HOST, data=login)
        assert api.status == 503
        assert api.headers["Content-Type"] == "application/json"
        assert '"code": "database_unavailable"' in api.body
        timings["api"] = api.seconds
        assert server.get("/healthz").seconds < 0.5  # never behind the pool
    finally:
        server.relay.on()
    back = time.monotonic()
    while True:
        page, ready = server.get("/"), server.get("/readyz")
        if page.status == 200 and ready.status == 200:
            break
        assert page.status == 503 or page.status == 200
        assert time.monotonic() - back < 5, "not recovered within 5 s"
        time.sleep(0.1)
    timings["recovery"] = time.monotonic() - back
    print(" ".join(f"{label}={seconds:.2f}s" for label, seconds in timings.items()))
    assert timings["healthz"] < 0.5
    assert timings["readyz"] <= 2
    assert max(timings[k] for k in ("page", "city page", "page again", "api")) <= 4


def test_a_hung_database_is_503_within_the_connect_and_pool_timeouts(server):
    """The database accepts connections and never answers: timeouts, not a hang."""
    assert server.get("/readyz").status == 200
    server.relay.off()
    server.relay.silent = True
    server.relay.on()
    try:
        ready = server.get("/readyz")
        page = server.get("/")
        api = server.get("/api/v1/auth/token/", CITY_HOST, data=b'{"username": "x"}')
        alive = server.get("/healthz")
    finally:
        server.relay.off()
        server.relay.silent = False
        server.relay.on()
    print(
        f"hung database: readyz={ready.seconds:.2f}s page={page.seconds:.2f}s "
        f"api={api.seconds:.2f}s healthz={alive.seconds:.2f}s"
    )
    assert (ready.status, page.status, api.status, alive.status) == (503, 503, 503, 200)
    assert ready.seconds <= 2
    assert page.seconds <= 4
    assert api.seconds <= 4
    assert alive.seconds < 0.5
    back = time.monotonic()
    while server.get("/").status != 200:
        assert time.monotonic() - back < 5, "not recovered within 5 s"
        time.sleep(0.1)
