"""Writing and checking the audit trail. Call `record_event` inside the service
transaction that makes the change, so the change and its record commit together.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from core.audit.models import AuditEvent
from core.audit.rules import GENESIS_HASH, event_hash

# Any constant serialises writers of one schema's chain; other schemas have their own.
_CHAIN_LOCK_KEY = 7_206_301


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates, decimals, UUIDs as strings) so the hash is reproducible."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _content(event: AuditEvent) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }


def record_event(
    *,
    actor,
    action: str,
    target: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to this city's chain. Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction that makes the change")
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=str(target)[:300] if target is not None else "",
        before=_plain(before),
        after=_plain(after),
        reason=reason,
        previous_hash=last or GENESIS_HASH,
    )
    event.hash = event_hash(event.previous_hash, _content(event))
    event.save()
    return event


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "username", "") or str(actor)


def verify_chain() -> int | None:
    """The id of the first event whose hash does not match, or None when the chain is intact."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous or event.hash != event_hash(previous, _content(event)):
            return event.id
        previous = event.hash
    return None
