"""Encryption at rest of a city's SIASN credentials (Fernet, key from the environment).

The key is `SIASN_ENCRYPTION_KEY`. Only the local and test settings (`SIASN_DEV_KEY`)
may fall back to a key derived from SECRET_KEY; anywhere else a missing or malformed key
is a clear configuration error the moment a credential is saved or read. A plaintext
credential never leaves this module except to the HTTP client.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretUnreadable(Exception):
    """A stored credential cannot be decrypted (the key changed): enter it again."""


def _fernet() -> Fernet:
    key = getattr(settings, "SIASN_ENCRYPTION_KEY", "")
    if not key:
        if not getattr(settings, "SIASN_DEV_KEY", False):
            raise ImproperlyConfigured(
                "SIASN_ENCRYPTION_KEY is not set: SIASN credentials cannot be stored or used. "
                'Generate one with `python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"` and set it in the environment.'
            )
        digest = hashlib.sha256(f"siasn-dev:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    try:
        return Fernet(key)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "SIASN_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64-encoded bytes)."
        ) from exc


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc


def hint(plain: str) -> str:
    """At most the last four characters, and nothing of a short secret."""
    return plain[-4:] if len(plain) >= 12 else ""
