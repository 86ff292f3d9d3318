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
    failures: int, last_failure_at: datetime | None, now: datetime
) -> tuple[int, datetime | None]:
    """(new failure count, locked until) after one more failed attempt.

    Failures older than the window are forgotten; the fifth within it locks the
    account name for `LOCK_DURATION`.
    """
    if last_failure_at is None or now - last_failure_at > FAILURE_WINDOW:
        failures = 0
    failures += 1
    return failures, (now + LOCK_DURATION if failures >= MAX_FAILURES else None)
