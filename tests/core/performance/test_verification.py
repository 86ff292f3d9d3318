"""Verification: only the supervisor on that date, never oneself; bulk; escalation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.audit.models import AuditEvent
from core.performance.models import ActivityEntry, EntryStatus
from core.performance.services.verification import (
    bulk_approve,
    escalate_verifications,
    verify_activity,
)
from tests.conftest import in_city, login
from tests.core.performance.conftest import NOW, log


def _status(work, pk):
    with in_city(work.city):
        return ActivityEntry.objects.get(pk=pk).status


def test_supervisor_approves_and_it_is_audited(work):
    entry = log(work, work.budi).entry
    with in_city(work.city):
        verify_activity(entry.pk, actor=work.kabid, approve=True)
        assert AuditEvent.objects.filter(
            action="activity.approved", object_id=str(entry.pk)
        ).exists()
    assert _status(work, entry.pk) == EntryStatus.APPROVED


def test_self_verification_is_refused(work):
    entry = log(work, work.kabid).entry  # Kabid's own entry, verifier is Kadis
    with in_city(work.city), pytest.raises(PermissionDenied):
        verify_activity(entry.pk, actor=work.kabid, approve=True)
    assert _status(work, entry.pk) == EntryStatus.SUBMITTED


def test_supervisor_of_another_opd_is_refused_as_not_found(work):
    entry = log(work, work.budi).entry
    with in_city(work.city), pytest.raises(Http404):
        verify_activity(entry.pk, actor=work.kadinkes, approve=True)
    assert _status(work, entry.pk) == EntryStatus.SUBMITTED


def test_colleague_cannot_verify(work):
    entry = log(work, work.budi).entry
    client = login(work.city, work.sari)
    response = client.post(
        f"/api/v1/work/verification/{entry.pk}/", {"approve": True}, content_type="application/json"
    )
    assert response.status_code == 404
    assert _status(work, entry.pk) == EntryStatus.SUBMITTED


def test_second_decision_is_refused(work):
    entry = log(work, work.budi).entry
    with in_city(work.city):
        verify_activity(entry.pk, actor=work.kabid, approve=True)
        with pytest.raises(ValidationError) as caught:
            verify_activity(entry.pk, actor=work.kabid, approve=False, reason="x")
    assert caught.value.code == "already_verified"
    assert _status(work, entry.pk) == EntryStatus.APPROVED


def test_rejection_needs_a_reason(work):
    entry = log(work, work.budi).entry
    with in_city(work.city), pytest.raises(ValidationError):
        verify_activity(entry.pk, actor=work.kabid, approve=False, reason=" ")
    assert _status(work, entry.pk) == EntryStatus.SUBMITTED


def test_bulk_approve_touches_only_what_the_supervisor_may_verify(work):
    mine = [log(work, work.budi, volume="1").entry.pk, log(work, work.sari, volume="1").entry.pk]
    own = log(work, work.kabid, volume="1").entry.pk
    other = log(work, work.tono, volume="1").entry.pk
    with in_city(work.city):
        assert bulk_approve([*mine, own, other], actor=work.kabid) == 2
        assert bulk_approve(mine, actor=work.kabid) == 0  # double submit: harmless
    assert [_status(work, pk) for pk in mine] == [EntryStatus.APPROVED] * 2
    assert _status(work, own) == _status(work, other) == EntryStatus.SUBMITTED


def test_acting_supervisor_on_that_date_verifies(work):
    from core.people.models import Assignment, Employee

    # Kabid leaves on 1 March; Kadinkes is appointed acting (Plt.) Kabid SD from then.
    entry = log(work, work.budi, day=date(2026, 3, 9)).entry
    with in_city(work.city):
        kabid = Employee.objects.get(user=work.kabid)
        position = Assignment.objects.get(employee=kabid).position
        Assignment.objects.filter(employee=kabid).update(ends_on=date(2026, 2, 28))
        Assignment.objects.create(
            employee=Employee.objects.get(user=work.kadinkes),
            position=position,
            starts_on=date(2026, 3, 1),
            is_acting=True,
        )
        verify_activity(entry.pk, actor=work.kadinkes, approve=True)
    assert _status(work, entry.pk) == EntryStatus.APPROVED


def test_queue_page_groups_by_person_and_day_and_approves_with_htmx(work):
    entry = log(work, work.budi).entry
    client = login(work.city, work.kabid)
    page = client.get("/work/verify/")
    assert page.status_code == 200 and "Budi Santoso" in page.content.decode()
    response = client.post(
        f"/work/verify/{entry.pk}/", {"decision": "approve"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert _status(work, entry.pk) == EntryStatus.APPROVED


def test_unverified_entries_escalate_to_the_next_supervisor(work, frozen_clock):
    entry = log(work, work.budi, day=date(2026, 3, 9)).entry
    frozen_clock.move_to(NOW + timedelta(days=2))
    with in_city(work.city):
        assert escalate_verifications() == 0
    frozen_clock.move_to(NOW + timedelta(days=3, minutes=1))
    with in_city(work.city):
        assert escalate_verifications() == 1
        entry.refresh_from_db()
        assert entry.verifier.user_id == work.kadis.pk
        assert entry.escalation_level == 1
        assert AuditEvent.objects.filter(action="activity.escalated").count() == 1
        # the escalated entry is in the upper supervisor's queue, who may now decide it
        verify_activity(entry.pk, actor=work.kadis, approve=True)
    assert _status(work, entry.pk) == EntryStatus.APPROVED


def test_escalation_command_runs_for_a_city(work, frozen_clock):
    from django.core.management import call_command

    log(work, work.budi, day=date(2026, 3, 9))
    frozen_clock.move_to(NOW + timedelta(days=4))
    call_command("escalate_verifications", "--city", "surabaya")
    with in_city(work.city):
        assert ActivityEntry.objects.get().escalation_level == 1


def test_beat_task_escalates_in_every_serving_city(work, frozen_clock):
    from tenants.tasks import escalate_verifications_task

    log(work, work.budi, day=date(2026, 3, 9))
    frozen_clock.move_to(NOW + timedelta(days=4))
    assert escalate_verifications_task.delay().get()["surabaya"] == 1
    with in_city(work.city):
        assert ActivityEntry.objects.get().escalation_level == 1
