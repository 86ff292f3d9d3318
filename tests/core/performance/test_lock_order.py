"""Logging and verifying at the same moment never deadlock.

At the afternoon peak a supervisor verifies while the same OPD logs: both write the same
command-centre counter row (day, OPD, hour, shard), the person's day and the audit
chain's single head row. Every writer takes them in one order: the person's day, the
counters, then the chain head last (core.command.counters, core.audit.services). Here a
person logs while their supervisor decides one of their earlier entries, held at the
point where the other order would have made each wait for the other.

Two database sessions must see the same committed data, so these tests run on a city of
their own ("uji-kunci", the Surabaya model adopted), outside any test transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django_tenants.utils import tenant_context

from tests.tenants.cleanup import committed_city

pytestmark = pytest.mark.django_db

SLUG = "uji-kunci"
NOW = datetime(2026, 3, 10, 15, 20, tzinfo=ZoneInfo("Asia/Jakarta"))  # a working Tuesday
HOLD_SECONDS = 2.5  # longer than PostgreSQL's deadlock_timeout (1 s)


@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """Overrides pytest-django's: these tests run on committed data, outside a transaction."""


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    """A head of division and one of their staff, with an activity of ten minutes."""
    from catalog.adoption import adopt_after_build
    from core.accounts.roles import Role
    from core.configuration.models import ActivityType
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee

    with committed_city(
        django_db_blocker, SLUG, "Kota Uji Kunci", after_build=adopt_after_build()
    ) as city:
        with (
            django_db_blocker.unblock(),
            time_machine.travel(NOW, tick=True),
            tenant_context(city),
        ):
            from django.contrib.auth import get_user_model

            opd = OrgUnit.objects.create(name="Dinas Uji", kind="opd", path="Dinas Uji")
            OrgUnit.objects.filter(pk=opd.pk).update(opd=opd)
            head = Position.objects.create(name="Kepala Bidang", org_unit=opd, kelas_jabatan=12)
            desk = Position.objects.create(
                name="Pengelola Data", org_unit=opd, kelas_jabatan=7, supervisor_position=head
            )
            people = {}
            staff = (("boss", head), ("staff", desk), ("x", desk), ("colleague", desk))
            for n, (key, position) in enumerate(staff):
                user = get_user_model().objects.create_user(
                    f"19800101200501{n:04d}", "x", full_name=key, role=Role.ASN
                )
                employee = Employee.objects.create(
                    nip=user.username, name=key, asn_type="PNS", user=user
                )
                Assignment.objects.create(
                    employee=employee, position=position, starts_on=date(2020, 1, 1)
                )
                people[key] = user
            kind = ActivityType.objects.create(
                code="UJI-KUNCI",
                name="Menyusun laporan",
                output_unit="laporan",
                standard_minutes=10,
                evidence_required=False,
            )
        # the colleague's counter rows are the staff's (same OPD, hour and shard)
        assert people["colleague"].pk % 2 == people["staff"].pk % 2
        yield city, people, kind


@pytest.fixture
def db_access(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=True):
        yield
        connection.set_schema_to_public()


def _log(city, user, kind):
    from core.performance.services.activities import log_activity

    with tenant_context(city):
        return log_activity(
            actor=user, activity_type_id=kind.pk, volume=Decimal(1), day=NOW.date()
        ).entry


def _in_thread(city, work: Callable[[], object], errors: list) -> threading.Thread:
    def run() -> None:
        try:
            with tenant_context(city):
                work()
        except BaseException as exc:  # handed to the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _hold_after(monkeypatch, module, name: str, reached: threading.Event, go_on: threading.Event):
    """Make `module.name` signal `reached` and wait for `go_on` (at most HOLD_SECONDS) once
    it has run, in the thread that calls it first."""
    real = getattr(module, name)
    owner: list[int] = []

    def held(*args, **kwargs):
        result = real(*args, **kwargs)
        if not owner:
            owner.append(threading.get_ident())
        if owner[0] == threading.get_ident():
            reached.set()
            go_on.wait(HOLD_SECONDS)
        return result

    monkeypatch.setattr(module, name, held)


def _one_then_other(city, first, reached: threading.Event, second) -> list[BaseException]:
    """Run `first` in a thread until it reaches its hold, then `second` in another; both
    must end. What either raised is returned."""
    errors: list[BaseException] = []
    one = _in_thread(city, first, errors)
    assert reached.wait(10), errors
    two = _in_thread(city, second, errors)
    one.join(20)
    two.join(20)
    assert not one.is_alive() and not two.is_alive()
    return errors


def test_a_decision_while_the_person_logs_again_never_deadlocks(office, db_access, monkeypatch):
    from core.command import counters
    from core.performance.models import ActivityEntry, EntryStatus
    from core.performance.services import activities
    from core.performance.services.verification import verify_activity

    city, people, kind = office
    boss, staff = people["boss"], people["staff"]
    earlier = _log(city, staff, kind)
    logged, decided = threading.Event(), threading.Event()
    # The log holds right after its last write; the decision right after its first
    # counter write (the entry's contribution taken out of the same counter row).
    _hold_after(monkeypatch, activities, "_insert_with_event", logged, decided)
    _hold_after(monkeypatch, counters, "_entries_delta", decided, threading.Event())
    errors = _one_then_other(
        city,
        lambda: _log(city, staff, kind),
        logged,
        lambda: verify_activity(earlier.pk, actor=boss, approve=True),
    )
    assert errors == []
    with tenant_context(city):
        assert ActivityEntry.objects.get(pk=earlier.pk).status == EntryStatus.APPROVED
        assert ActivityEntry.objects.filter(employee__user=staff).count() == 2
    _assert_counters_exact(city)


def _assert_counters_exact(city) -> None:
    from core.command.counters import rebuild, snapshot

    with tenant_context(city):
        kept = snapshot()
        rebuild()
        assert snapshot() == kept  # the counters kept under contention are exact


def test_a_withdrawal_while_a_colleague_logs_never_deadlocks(office, db_access, monkeypatch):
    from core.performance.models import ActivityEntry
    from core.performance.services import activities

    city, people, kind = office
    staff, colleague = people["staff"], people["colleague"]
    earlier = _log(city, staff, kind)
    recorded, counted = threading.Event(), threading.Event()
    # The withdrawal holds right after its audit event; the colleague's log right after
    # its counters: the other order would hold the chain head and wait for the counters.
    _hold_after(monkeypatch, activities, "record_event", recorded, counted)
    _hold_after(monkeypatch, activities, "count_logged", counted, threading.Event())
    errors = _one_then_other(
        city,
        lambda: activities.withdraw_activity(earlier.pk, actor=staff),
        recorded,
        lambda: _log(city, colleague, kind),
    )
    assert errors == []
    with tenant_context(city):
        assert not ActivityEntry.objects.filter(pk=earlier.pk).exists()
        assert ActivityEntry.objects.filter(employee__user=colleague).count() == 1
    _assert_counters_exact(city)


def test_a_twin_sent_while_the_first_is_written_gets_the_same_entry(office, db_access, monkeypatch):
    """The offline queue flushes as the page opens: the same entry (one key) twice at once.
    The twin's preflight is read before the first commits, so it inserts too; the unique
    key refuses it and the retry answers with the first's entry."""
    from decimal import Decimal

    from core.performance.models import ActivityEntry
    from core.performance.services import activities

    city, people, kind = office
    colleague = people["colleague"]
    written, go_on = threading.Event(), threading.Event()
    _hold_after(monkeypatch, activities, "_insert_with_event", written, go_on)
    results: list = []

    def send() -> None:
        results.append(
            activities.log_activity(
                actor=colleague,
                activity_type_id=kind.pk,
                volume=Decimal(1),
                day=NOW.date(),
                idempotency_key="twin-0001",
            )
        )

    def twin() -> None:
        threading.Timer(0.5, go_on.set).start()  # the first commits while the twin waits
        send()

    errors = _one_then_other(city, send, written, twin)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.entry.pk for r in results}) == 1
    with tenant_context(city):
        assert ActivityEntry.objects.filter(idempotency_key="twin-0001").count() == 1
    _assert_counters_exact(city)
