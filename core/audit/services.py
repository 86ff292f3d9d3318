"""Writing and checking the audit trail. Call `record_event` inside the service
transaction that makes the change, so the change and its record commit together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Field, Model
from django.utils import timezone

from config.sql import prepared_cursor
from core.actors import Actor, as_actor
from core.audit.models import AuditEvent, ChainHead
from core.audit.rules import GENESIS_HASH, canonical_json, event_hash
from core.db import on_citus

if TYPE_CHECKING:
    from core.accounts.models import User


# One statement appends an event: it moves the chain head (whose row lock orders
# concurrent writers, each seeing the newest head) and inserts the event with the
# head's old and new hashes. The hash is `rules.event_hash`, computed by PostgreSQL
# over the same text: the previous hash, a newline, the canonical JSON. The hash is
# `public.sinergi_chain_hash` (migration audit 0003), IMMUTABLE as Citus requires in
# the DO UPDATE of a distributed table.
_APPEND_SQL = """
WITH head AS (
    INSERT INTO audit_chainhead AS h (id, previous_hash, hash)
    VALUES (
        1,
        %(genesis)s::text,
        public.sinergi_chain_hash(%(genesis)s::text, %(text)s::text)
    )
    ON CONFLICT (id) DO UPDATE
    SET previous_hash = h.hash,
        hash = public.sinergi_chain_hash(h.hash, %(text)s::text)
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
    actor: Actor | User,
    action: str,
    target: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to this city's chain. Must run inside a transaction."""
    _require_transaction()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    who = as_actor(actor)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=who.user,
        actor_label=who.label,
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


def save_audited(
    obj: Model,
    changes: Mapping[str, Any],
    *,
    actor: Actor | User,
    action: str,
    reason: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Set `changes` on `obj`, save exactly those fields and record who changed them.

    The event holds the old and new value of each changed field (a foreign key by its
    id), merged with `before` and `after` for context the fields do not carry (a
    snapshot, a session, a count). Fields with `auto_now` are saved too. Like
    `record_event`, it must run inside the service's transaction.
    """
    _require_transaction()  # before the save: never a change without its event
    old = {name: _field_value(obj, name) for name in changes}
    for name, value in changes.items():
        setattr(obj, name, value)
    stamped = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=[*changes, *(name for name in stamped if name not in changes)])
    new = {name: _field_value(obj, name) for name in changes}
    return record_event(
        actor=actor,
        action=action,
        target=obj,
        before={**old, **(before or {})},
        after={**new, **(after or {})},
        reason=reason,
    )


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audited writes must run inside the transaction that makes the change")


def _field_value(obj: Model, name: str) -> Any:
    """The audited value of a field: foreign keys by id, everything else as stored."""
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname if isinstance(field, Field) else name)


def record_event_with(
    change_sql: str,
    change_params: dict,
    *,
    actor: Actor | User,
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
    who = as_actor(actor)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=who.user,
        actor_label=who.label,
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
    params: dict[str, Any] = {
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
    if change_sql and on_citus():  # Citus refuses the change as a CTE of the append
        with prepared_cursor() as cursor:
            cursor.execute(change_sql, change_params or {})
    elif change_sql:
        # A data-modifying CTE runs exactly once, whether or not anything reads it.
        sql = _APPEND_SQL.replace("WITH head AS (", f"WITH change AS ({change_sql}), head AS (", 1)
        params.update(change_params or {})
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        event.id, event.previous_hash, event.hash = cursor.fetchone()
    event._state.adding = False


def _json_or_null(value: Any) -> str | None:
    return None if value is None else json.dumps(value, cls=DjangoJSONEncoder)


def verify_chain() -> int | None:
    """The id of the first event whose hash does not match, or None when the chain is intact."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous or event.hash != event_hash(previous, _content(event)):
            return event.id
        previous = event.hash
    return None


def data_version() -> str:
    """The city's data version: the audit chain's head, which every audited write moves
    (`core.versioned_cache` keys expensive read models on it)."""
    head = ChainHead.objects.values_list("hash", flat=True).order_by("id").first()
    return head or GENESIS_HASH
