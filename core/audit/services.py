"""Writing and checking the audit trail. Call `record_event` inside the service
transaction that makes the change, so the change and its record commit together.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from config.sql import prepared_cursor
from core.audit.models import AuditEvent
from core.audit.rules import GENESIS_HASH, canonical_json, event_hash

# One statement appends an event: it moves the chain head (whose row lock orders
# concurrent writers, each seeing the newest head) and inserts the event with the
# head's old and new hashes. The hash is `rules.event_hash`, computed by PostgreSQL
# over the same text: the previous hash, a newline, the canonical JSON.
_APPEND_SQL = """
WITH head AS (
    INSERT INTO audit_chainhead AS h (id, previous_hash, hash)
    VALUES (
        1,
        %(genesis)s::text,
        encode(sha256(convert_to(%(genesis)s::text || %(text)s::text, 'UTF8')), 'hex')
    )
    ON CONFLICT (id) DO UPDATE
    SET previous_hash = h.hash,
        hash = encode(sha256(convert_to(h.hash || %(text)s::text, 'UTF8')), 'hex')
    RETURNING previous_hash, hash
)
INSERT INTO audit_auditevent (
    occurred_at, actor_id, actor_label, action, object_type, object_id, object_repr,
    before, after, reason, previous_hash, hash
)
SELECT %(occurred_at)s::timestamptz, %(actor_id)s::bigint, %(actor_label)s::text,
    %(action)s::text, %(object_type)s::text, %(object_id)s::text, %(object_repr)s::text,
    %(before)s::jsonb, %(after)s::jsonb, %(reason)s::text, head.previous_hash, head.hash
FROM head
RETURNING id, previous_hash, hash
"""


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
    )
    _append(event)
    return event


def record_event_with(
    change_sql: str,
    change_params: dict,
    *,
    actor,
    action: str,
    target: Any,
    after: Any = None,
) -> AuditEvent:
    """`record_event` for `target`, with the data-modifying statement that makes the
    change (e.g. the INSERT of `target`, its id already known) run in the same round
    trip: one statement on a hot path instead of two. Names in `change_params` must
    start with `c_` (the event's own parameters use the others)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction that makes the change")
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        before=None,
        after=_plain(after),
        reason="",
    )
    _append(event, change_sql, change_params)
    return event


def _append(event: AuditEvent, change_sql: str = "", change_params: dict | None = None) -> None:
    """Link `event` to the chain and insert it, in one round trip."""
    params = {
        "genesis": GENESIS_HASH,
        "text": "\n" + canonical_json(_content(event)),
        "occurred_at": event.occurred_at,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": _json_or_null(event.before),
        "after": _json_or_null(event.after),
        "reason": event.reason,
    }
    sql = _APPEND_SQL
    if change_sql:
        # A data-modifying CTE runs exactly once, whether or not anything reads it.
        sql = _APPEND_SQL.replace("WITH head AS (", f"WITH change AS ({change_sql}), head AS (", 1)
        params.update(change_params or {})
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        event.id, event.previous_hash, event.hash = cursor.fetchone()
    event._state.adding = False


def _json_or_null(value: Any) -> str | None:
    return None if value is None else json.dumps(value, cls=DjangoJSONEncoder)


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
