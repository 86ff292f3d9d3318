"""HTTP client of BKN's SIASN web service (over `requests`).

Every call carries two tokens:
- the gateway token, OAuth2 `client_credentials` at `<gateway>/oauth2/token` with the
  agency's consumer key and secret (HTTP basic), cached until `expires_in` (less a
  margin) and sent as `Authorization: Bearer <token>`;
- the SSO token of the agency's SIASN operator account (password grant at the SSO URL),
  cached the same way and sent as `Auth: bearer <token>`.
A 401 drops both cached tokens and the call is made once more with fresh ones. 5xx, 429
and timeouts are retried here a few times with a short backoff; what still fails is a
`SiasnError` whose message is Indonesian and names no person and no credential. Every
call is measured and handed to `on_call` (core.siasn.services logs it without the NIP).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from django.utils.translation import gettext as _

from core.siasn import rules

PREFIX = "/apisiasn/1.0"
TOKEN_MARGIN_SECONDS = 30


class SiasnError(Exception):
    """A call that failed; `status` is None when no answer came (timeout, refused)."""

    def __init__(self, message: str, status: int | None = None, answer: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.answer = answer

    @property
    def retryable(self) -> bool:
        return rules.is_retryable(self.status)


class NotFound(SiasnError):
    """SIASN does not know this NIP or record."""


@dataclass(frozen=True)
class Credentials:
    gateway_url: str
    api_url: str
    sso_url: str
    sso_client_id: str
    consumer_key: str
    consumer_secret: str
    sso_username: str
    sso_password: str

    def __repr__(self) -> str:  # never print a secret, even in a traceback
        return f"Credentials(api_url={self.api_url!r})"


@dataclass(frozen=True)
class CallRecord:
    method: str
    endpoint: str  # the path template, e.g. /pns/data-utama/{nip}: never a NIP
    status: int | None
    duration_ms: int


# Tokens per process, keyed by who they belong to; never written to disk, cache or logs.
_tokens: dict[tuple, tuple[str, float]] = {}
_lock = threading.Lock()


def forget_tokens() -> None:
    with _lock:
        _tokens.clear()


class SiasnClient:
    def __init__(
        self,
        credentials: Credentials,
        *,
        timeout: float = 20,
        retries: int = 2,
        backoff: float = 0.5,
        on_call: Callable[[CallRecord], None] | None = None,
        session: requests.Session | None = None,
    ):
        self.credentials = credentials
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.on_call = on_call
        self.session = session or requests.Session()

    # ------------------------------------------------------------ tokens
    def _key(self, kind: str) -> tuple:
        c = self.credentials
        if kind == "gateway":
            return ("gateway", c.gateway_url, c.consumer_key, hash(c.consumer_secret))
        return ("sso", c.sso_url, c.sso_client_id, c.sso_username, hash(c.sso_password))

    def _cached(self, kind: str) -> str | None:
        with _lock:
            found = _tokens.get(self._key(kind))
        if found and found[1] > time.monotonic():
            return found[0]
        return None

    def _store(self, kind: str, answer: dict) -> str:
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise SiasnError(_("SIASN gave no access token."), status=200)
        try:
            lifetime = float(answer.get("expires_in") or 0)
        except (TypeError, ValueError):
            lifetime = 0
        expires = time.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, 0)
        with _lock:
            _tokens[self._key(kind)] = (token, expires)
        return token

    def drop_tokens(self) -> None:
        with _lock:
            _tokens.pop(self._key("gateway"), None)
            _tokens.pop(self._key("sso"), None)

    def gateway_token(self) -> str:
        token = self._cached("gateway")
        if token:
            return token
        c = self.credentials
        answer = self._send(
            "POST",
            c.gateway_url.rstrip("/") + "/oauth2/token",
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(c.consumer_key, c.consumer_secret),
            failure=_("The gateway refused the consumer key or secret."),
        )
        return self._store("gateway", answer)

    def sso_token(self) -> str:
        token = self._cached("sso")
        if token:
            return token
        c = self.credentials
        answer = self._send(
            "POST",
            c.sso_url,
            "/sso/token",
            data={
                "grant_type": "password",
                "client_id": c.sso_client_id,
                "username": c.sso_username,
                "password": c.sso_password,
            },
            failure=_("SIASN's sign-in refused the operator account or its password."),
        )
        return self._store("sso", answer)

    # ------------------------------------------------------------ transport
    def _send(
        self,
        method: str,
        url: str,
        endpoint: str,
        *,
        failure: str = "",
        **kwargs: Any,
    ) -> dict:
        """One request with retries on 5xx/429/timeouts; the parsed JSON object."""
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            status: int | None = None
            error: SiasnError | None
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
                status = response.status_code
            except requests.Timeout:
                error = SiasnError(_("SIASN did not answer in time."), None)
            except requests.RequestException:
                error = SiasnError(_("SIASN cannot be reached."), None)
            else:
                error = None
            finally:
                self._record(method, endpoint, status, started)
            if error is None:
                try:
                    body = response.json()
                except ValueError:
                    body = None
                if 200 <= response.status_code < 300:
                    if not isinstance(body, dict):
                        error = SiasnError(_("SIASN answered something unreadable."), None)
                    else:
                        return body
                else:
                    error = self._error(response.status_code, body, failure)
            if not error.retryable or attempt > self.retries:
                raise error
            time.sleep(self.backoff * 2 ** (attempt - 1))

    def _error(self, status: int, body: Any, failure: str) -> SiasnError:
        answer = ""
        if isinstance(body, dict):
            answer = str(body.get("message") or body.get("error_description") or "")[:300]
        if status == 404:
            return NotFound(_("SIASN has no such record."), status, answer)
        if status in (401, 403):
            return SiasnError(failure or _("SIASN refused the tokens."), status, answer)
        if status == 429:
            return SiasnError(_("SIASN asks us to slow down."), status, answer)
        if status >= 500:
            return SiasnError(_("SIASN has a problem on its side."), status, answer)
        return SiasnError(
            _("SIASN refused the data: %(answer)s") % {"answer": answer or status}, status, answer
        )

    def _record(self, method: str, endpoint: str, status: int | None, started: float) -> None:
        if self.on_call is not None:
            duration = int((time.monotonic() - started) * 1000)
            self.on_call(CallRecord(method, endpoint, status, duration))

    def call(self, method: str, path: str, endpoint: str, **kwargs: Any) -> dict:
        """An API call with both tokens; after a 401, once more with fresh tokens."""
        url = self.credentials.api_url.rstrip("/") + PREFIX + path
        for fresh in (False, True):
            headers = {
                "Authorization": f"Bearer {self.gateway_token()}",
                "Auth": f"bearer {self.sso_token()}",
                "Accept": "application/json",
            }
            try:
                return self._send(method, url, endpoint, headers=headers, **kwargs)
            except SiasnError as exc:
                if exc.status != 401 or fresh:
                    raise
                self.drop_tokens()
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ endpoints
    def data_utama(self, nip: str) -> dict:
        body = self.call("GET", f"/pns/data-utama/{nip}", "/pns/data-utama/{nip}")
        data = body.get("data")
        if not isinstance(data, dict):
            raise NotFound(_("SIASN has no such record."), 404, str(data or "")[:300])
        return data

    def save_result(self, payload: dict) -> str:
        """kinerjaperiodik/save; the new record's id (from `mapData`)."""
        body = self.call("POST", "/kinerjaperiodik/save", "/kinerjaperiodik/save", json=payload)
        data = body.get("mapData")
        record_id = ""
        if isinstance(data, dict):
            record_id = str(data.get("rwKinerjaPeriodikId") or data.get("id") or "")
        elif isinstance(data, str | int):
            record_id = str(data)
        if not record_id:
            answer = str(body.get("message") or "")[:300]
            raise SiasnError(
                _("SIASN refused the data: %(answer)s") % {"answer": answer or "-"}, 422, answer
            )
        return record_id

    def delete_result(self, record_id: str) -> None:
        self.call(
            "DELETE",
            f"/kinerjaperiodik/delete/{record_id}",
            "/kinerjaperiodik/delete/{id}",
        )

    def reference(self, table: str) -> list[dict]:
        """A reference table (perilakuDanKinerja, kuadranNilai, ...) as rows."""
        body = self.call("GET", f"/referensi/{table}", "/referensi/{table}")
        data = body.get("data")
        return data if isinstance(data, list) else []

    def check(self) -> None:
        """Both tokens can be obtained (the "test connection" button)."""
        self.drop_tokens()
        self.gateway_token()
        self.sso_token()
