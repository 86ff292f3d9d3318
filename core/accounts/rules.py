"""Account rules: activation codes and the lockout policy. Pure functions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

# No 0/O, 1/I/L: codes are typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_VALID_DAYS = 30
EMAIL_LINK_VALID_DAYS = 7

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)

# Login throttling counts each attempt under three keys (see throttle_limits):
# one address trying one account is stopped after MAX_FAILURES; the account itself
# only after NIP_MAX_FAILURES from anywhere, which one address cannot reach alone
# (its own pair stops at MAX_FAILURES), so nobody locks a colleague out from one
# address; and one address trying many accounts after IP_MAX_FAILURES, high enough
# for a city office whose staff share one NAT address.
NIP_MAX_FAILURES = 20
IP_MAX_FAILURES = 100

TOKEN_IDLE_DAYS_DEFAULT = 30
TOKEN_IDLE_DAYS_RANGE = (1, 365)
# A token's last use is written at most this often (it is read on every API call).
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)
DEVICE_NAME_MAX = 100


def new_code() -> str:
    """A one-time activation code, e.g. `K7MQ-2XHP-9D` (about 50 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    """What the person typed, without spaces, dashes or case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(secret: str, scope: str, username: str, code: str) -> str:
    """HMAC of a code, bound to the schema and the account: only this is stored."""
    message = f"{scope}:{username}:{normalise_code(code)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def after_failure(
    failures: int,
    last_failure_at: datetime | None,
    now: datetime,
    limit: int = MAX_FAILURES,
) -> tuple[int, datetime | None]:
    """(new failure count, locked until) after one more failed attempt.

    Failures older than the window are forgotten; the `limit`-th within it locks the
    key for `LOCK_DURATION`.
    """
    if last_failure_at is None or now - last_failure_at > FAILURE_WINDOW:
        failures = 0
    failures += 1
    return failures, (now + LOCK_DURATION if failures >= limit else None)


def throttle_limits(username: str, ip: str | None) -> dict[str, int]:
    """Throttle key -> failures that lock it, for an attempt on `username` from `ip`.

    Without a known address (activation, older callers) the pair key uses an empty
    address, which behaves like the former per-name lock of `MAX_FAILURES`.
    """
    name = username.strip()[:150]
    address = (ip or "")[:64]
    limits = {f"pair:{address}|{name}": MAX_FAILURES, f"nip:{name}": NIP_MAX_FAILURES}
    if address:
        limits[f"ip:{address}"] = IP_MAX_FAILURES
    return limits


def token_digest(key: str) -> str:
    """What is stored of an API key: its SHA-256 (keys are random, so no salt is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_token_key() -> str:
    """A random API key (40 hex characters, as DRF's, 160 bits)."""
    return secrets.token_hex(20)


def device_name(given: str, user_agent: str) -> str:
    """The device a token belongs to: as the client named it, else its User-Agent."""
    name = " ".join((given or "").split()) or " ".join((user_agent or "").split()) or "API"
    return name[:DEVICE_NAME_MAX]


def token_expired(expires_at: datetime, now: datetime) -> bool:
    return expires_at <= now


def token_needs_touch(last_used_at: datetime, now: datetime) -> bool:
    return now - last_used_at >= TOKEN_TOUCH_INTERVAL


def to_ascii_digits(text: str) -> str:
    """`text` with every Unicode decimal digit (Arabic-Indic, Devanagari, full-width, ...)
    written as its ASCII digit; anything else unchanged."""
    import unicodedata

    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )
