"""A local fake of BKN's SIASN web service, for tests, benchmarks and the demo.

A plain WSGI application (served by wsgiref in a thread on 127.0.0.1; never the real
BKN). It issues expiring gateway and SSO tokens, checks both on every API call
(`Authorization: Bearer`, `Auth: bearer`), answers data-utama for the people it was
given, stores kinerjaperiodik records, and records every call. Faults can be injected:
`fail_next(n, status)` (e.g. 401, 429, 500), `failure_rate` (seeded, on saves), `slow`
(seconds before answering) and `malformed_next(n)` (a body that is not JSON).
"""

from __future__ import annotations

import base64
import itertools
import json
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CONSUMER_KEY = "demo-consumer-key"
CONSUMER_SECRET = "demo-consumer-secret-0001"  # noqa: S105 (the fake's own demo credential)
SSO_CLIENT_ID = "demo-client"
SSO_USERNAME = "operator-siasn"
SSO_PASSWORD = "demo-operator-password-0001"  # noqa: S105
SSO_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"
REQUIRED = (
    "pnsDinilaiId", "tahun", "bulanMulaiPenilaian", "bulanSelesaiPenilaian", "periodikId",
    "hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerjaNilai", "statusPenilai",
)  # fmt: skip


@dataclass
class Call:
    method: str
    path: str
    status: int
    authorization: str = ""
    auth: str = ""
    body: dict | None = None


@dataclass
class FakeSiasn:
    token_lifetime: int = 3600
    people: dict[str, dict] = field(default_factory=dict)  # NIP -> data-utama
    records: dict[str, dict] = field(default_factory=dict)  # id -> saved payload
    calls: list[Call] = field(default_factory=list)
    failure_rate: float = 0.0
    slow: float = 0.0
    seed: int = 7
    _gateway: dict[str, float] = field(default_factory=dict)
    _sso: dict[str, float] = field(default_factory=dict)
    _faults: list[int] = field(default_factory=list)
    _malformed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311 (fault injection, not security)

    # ------------------------------------------------------------ test controls
    def reset(self) -> None:
        with self._lock:
            self.records.clear()
            self.calls.clear()
            self._gateway.clear()
            self._sso.clear()
            self._faults.clear()
            self._malformed = 0
            self.failure_rate = 0.0
            self.slow = 0.0
            self._random = random.Random(self.seed)  # noqa: S311

    def fail_next(self, times: int = 1, status: int = 500) -> None:
        with self._lock:
            self._faults.extend([status] * times)

    def malformed_next(self, times: int = 1) -> None:
        with self._lock:
            self._malformed += times

    def expire_tokens(self) -> None:
        with self._lock:
            self._gateway.clear()
            self._sso.clear()

    def count(self, method: str, path_start: str) -> int:
        return sum(1 for c in self.calls if c.method == method and c.path.startswith(path_start))

    def records_for(self, person_id: str, year: int, first: int, last: int) -> list[dict]:
        return [
            r
            for r in self.records.values()
            if r["pnsDinilaiId"] == person_id
            and int(r["tahun"]) == year
            and int(r["bulanMulaiPenilaian"]) == first
            and int(r["bulanSelesaiPenilaian"]) == last
        ]

    # ------------------------------------------------------------ WSGI
    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        if self.slow:
            time.sleep(self.slow)
        status, body = self._answer(method, path, environ, raw)
        text = body if isinstance(body, bytes) else json.dumps(body).encode()
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
        start_response(
            f"{status} {reason.get(status, 'Status')}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(text)))],
        )
        return [text]

    def _answer(self, method: str, path: str, environ: dict, raw: bytes) -> tuple[int, object]:
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        auth = environ.get("HTTP_AUTH", "")
        body = None
        if raw and environ.get("CONTENT_TYPE", "").startswith("application/json"):
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        with self._lock:
            fault = self._faults.pop(0) if self._faults and path.startswith("/apisiasn") else None
            malformed = self._malformed > 0 and path.startswith("/apisiasn")
            if malformed:
                self._malformed -= 1
        answer: object
        if fault is not None:
            status, answer = fault, {"message": f"injected {fault}"}
        elif malformed:
            status, answer = 200, b"<html>gateway error</html>"
        else:
            status, answer = self._route(method, path, authorization, auth, body, raw)
        with self._lock:
            self.calls.append(Call(method, path, status, authorization, auth, body))
        return status, answer

    def _route(self, method, path, authorization, auth, body, raw) -> tuple[int, object]:
        if method == "POST" and path == "/oauth2/token":
            return self._gateway_token(authorization, raw)
        if method == "POST" and path == SSO_PATH:
            return self._sso_token(raw)
        if not path.startswith("/apisiasn/1.0/"):
            return 404, {"message": "not found"}
        if not self._valid(self._gateway, authorization, "Bearer "):
            return 401, {"message": "Invalid Credentials (gateway token)"}
        if not self._valid(self._sso, auth, "bearer "):
            return 401, {"message": "Invalid Credentials (Auth header)"}
        rest = path[len("/apisiasn/1.0") :]
        if method == "GET" and (m := re.fullmatch(r"/pns/data-utama/(\d{18})", rest)):
            person = self.people.get(m.group(1))
            if person is None:
                return 404, {"code": 0, "data": "Data tidak ditemukan"}
            return 200, {"code": 1, "data": person}
        if method == "POST" and rest == "/kinerjaperiodik/save":
            return self._save(body)
        if method == "DELETE" and (m := re.fullmatch(r"/kinerjaperiodik/delete/([\w-]+)", rest)):
            with self._lock:
                if self.records.pop(m.group(1), None) is None:
                    return 404, {"success": False, "message": "data tidak ditemukan"}
            return 200, {"success": True, "message": "berhasil dihapus"}
        if method == "GET" and rest.startswith("/referensi/"):
            return 200, {"code": 1, "data": []}
        return 404, {"message": "not found"}

    def _valid(self, store: dict[str, float], header: str, scheme: str) -> bool:
        if not header.startswith(scheme):
            return False
        with self._lock:
            expires = store.get(header[len(scheme) :])
        return expires is not None and expires > time.monotonic()

    def _issue(self, store: dict[str, float]) -> dict:
        token = uuid.uuid4().hex
        with self._lock:
            store[token] = time.monotonic() + self.token_lifetime
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime}

    def _gateway_token(self, authorization: str, raw: bytes) -> tuple[int, object]:
        form = dict(parse_qsl(raw.decode()))
        expected = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
        if authorization != f"Basic {expected}" or form.get("grant_type") != "client_credentials":
            return 401, {"error": "invalid_client", "error_description": "bad consumer"}
        return 200, self._issue(self._gateway)

    def _sso_token(self, raw: bytes) -> tuple[int, object]:
        form = dict(parse_qsl(raw.decode()))
        ok = (
            form.get("grant_type") == "password"
            and form.get("client_id") == SSO_CLIENT_ID
            and form.get("username") == SSO_USERNAME
            and form.get("password") == SSO_PASSWORD
        )
        if not ok:
            return 401, {"error": "invalid_grant", "error_description": "Invalid user credentials"}
        return 200, self._issue(self._sso)

    def _save(self, body: dict | None) -> tuple[int, object]:
        if not isinstance(body, dict):
            return 400, {"success": False, "message": "body harus JSON"}
        missing = [name for name in REQUIRED if body.get(name) in (None, "")]
        if missing:
            return 400, {"success": False, "message": f"{missing[0]} wajib diisi"}
        with self._lock:
            if self.failure_rate and self._random.random() < self.failure_rate:
                return 500, {"success": False, "message": "internal error"}
            record_id = f"kp-{next(self._ids):06d}"
            self.records[record_id] = dict(body)
        return 200, {"success": True, "mapData": {"rwKinerjaPeriodikId": record_id}}


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve(fake: FakeSiasn, port: int = 0) -> tuple[WSGIServer, threading.Thread, str]:
    """Serve `fake` on 127.0.0.1 in a daemon thread; the server, thread and base URL."""
    server = make_server(
        "127.0.0.1", port, fake, server_class=_ThreadingServer, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}"


def person_record(
    *,
    nip: str,
    name: str,
    front_title: str = "",
    back_title: str = "",
    golongan: str = "",
    position: str = "",
    unit: str = "",
    supervisor_nip: str = "",
) -> dict:
    """A data-utama record as SIASN shapes it (the fields the product reads, and an id)."""
    record = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, f"siasn:{nip}")),
        "nipBaru": nip,
        "nama": name,
        "gelarDepan": front_title,
        "gelarBelakang": back_title,
        "golRuangAkhir": golongan,
        "jabatanNama": position,
        "unorNama": unit,
    }
    if supervisor_nip:
        record["atasanNipBaru"] = supervisor_nip
    return record
