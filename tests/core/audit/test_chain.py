"""The audit trail's hash chain: appended in SQL, checked in Python, tamper-evident."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from core.actors import Actor
from core.audit.models import AuditEvent, ChainHead
from core.audit.rules import GENESIS_HASH, event_hash
from core.audit.services import _content, record_event, verify_chain
from tests.conftest import in_city


def _record(n: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            record_event(
                actor=Actor.system("test"),
                action="test.changed",
                object_type="test.thing",
                object_id=i,
                before={"value": Decimal("1.50"), "name": "Budi Santoso"},
                after={"value": Decimal(i), "note": "ñ – é"},
                reason="uji",
            )
            for i in range(n)
        ]


def test_each_event_links_to_the_previous_one_with_the_python_hash(surabaya):
    with in_city(surabaya):
        first, second, third = _record(3)
        stored = list(AuditEvent.objects.filter(pk__in=[first.pk, second.pk, third.pk]))
        head = ChainHead.objects.get()
        broken = verify_chain()
    assert [e.previous_hash for e in stored[1:]] == [first.hash, second.hash]
    for event in stored:
        assert event.hash == event_hash(event.previous_hash, _content(event))
    assert (head.previous_hash, head.hash) == (second.hash, third.hash)
    assert broken is None


def test_the_returned_event_is_the_stored_one(surabaya):
    with in_city(surabaya):
        (event,) = _record(1)
        stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.hash, stored.previous_hash, stored.after) == (
        event.hash,
        event.previous_hash,
        {"value": "0", "note": "ñ – é"},
    )


def test_a_city_chain_starts_at_the_genesis_hash(jambi):
    with in_city(jambi):
        AuditEvent.objects.all().delete()
        ChainHead.objects.all().delete()
        (event,) = _record(1)
    assert event.previous_hash == GENESIS_HASH


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_editing_or_deleting_a_past_event_breaks_the_chain(surabaya, tamper):
    with in_city(surabaya):
        first, second, third = _record(3)
        if tamper == "edit":
            AuditEvent.objects.filter(pk=second.pk).update(reason="diubah diam-diam")
        else:
            AuditEvent.objects.filter(pk=second.pk).delete()
        broken = verify_chain()
    assert broken == (second.pk if tamper == "edit" else third.pk)
