"""How an audit event is hashed. Pure: the same content always gives the same hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64


def event_hash(previous_hash: str, content: dict[str, Any]) -> str:
    """SHA-256 over the previous hash, a newline and the event's canonical JSON."""
    return hashlib.sha256(f"{previous_hash}\n{canonical_json(content)}".encode()).hexdigest()


def canonical_json(content: dict[str, Any]) -> str:
    """Sorted keys, no spaces, ASCII only: the same content always gives the same text."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
