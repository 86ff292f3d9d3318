"""Leases for long operations: a month close killed half-way is retried and gives the
same results; a live close refuses a second one; the operator command shows and releases.

These tests need two database sessions that see the same committed data, so they run
on a city of their own ("uji-lease", seeded like the demo), outside any test transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from io import StringIO

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django_tenants.utils import tenant_context

from core import leases
from core.actors import Actor
from core.performance.models import MonthlyResult, Period, PeriodStatus
from tests.tenants.cleanup import committed_city

# Registers the test database for set-up; the override below keeps tests out of a transaction.
pytestmark = pytest.mark.django_db

SLUG = "uji-lease"
DEAD_SESSION = (OperationalError, psycopg.OperationalError)  # wrapped by Django, or COPY's own
RESULT_FIELDS = [
    f.attname for f in MonthlyResult._meta.concrete_fields if f.attname not in {"id", "computed_at"}
]


@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """Overrides pytest-django's: these tests run on committed data, outside a transaction."""


@pytest.fixture(scope="module")
def closed_city(django_db_setup, django_db_blocker):
    """A city seeded like the demo up to daily work, whose seeder closed the two months
    before this one without interruption (later seeders would add people the month never saw)."""
    from core.demo import city_seeders

    with committed_city(django_db_blocker, SLUG, "Kota Uji Lease", province="Uji") as city:
        with django_db_blocker.unblock(), tenant_context(city):
            for seed_city in city_seeders():
                if not seed_city.__module__.startswith(("core.", "catalog.")):
                    continue  # platform seeders commit public rows (e.g. an application)
                seed_city(city, [])
                if seed_city.__module__ == "core.performance.demo":
                    break
        yield city


@pytest.fixture
def db_access(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def _results(period: Period) -> list[tuple]:
    rows = MonthlyResult.objects.filter(period=period).order_by("employee_id")
    return list(rows.values_list(*RESULT_FIELDS))


def _last_closed() -> Period:
    """Last month: the demo seeder closes the two months before the current one."""
    closed = Period.objects.filter(status=PeriodStatus.CLOSED).order_by("-year", "-month")
    period = closed.first()
    assert period is not None, "the demo seeder closed no month"
    return period


def _reopen(period: Period) -> None:
    """Undo the close by hand so the month can be closed again (test set-up only)."""
    MonthlyResult.objects.filter(period=period).delete()
    Period.objects.filter(pk=period.pk).update(
        status=PeriodStatus.OPEN, closed_at=None, closed_by=None, policy_snapshot=None
    )


class HeldClose:
    """A close running in another thread, held just before it writes the results."""

    def __init__(self, city, period: Period, monkeypatch) -> None:
        from core.performance.services import closing

        self.reached, self.go_on = threading.Event(), threading.Event()
        self.error: BaseException | None = None
        self.pid: int | None = None
        self.after_error: Callable[[], object] | None = None
        real_write = closing.write_month

        def held_write(*args, **kwargs):
            self.pid = connection.connection.info.backend_pid
            self.reached.set()
            self.go_on.wait(30)
            return real_write(*args, **kwargs)

        monkeypatch.setattr(closing, "write_month", held_write)

        def run() -> None:
            try:
                with tenant_context(city):
                    closing.close_period(period.pk, actor=Actor.system("tests"))
            except BaseException as exc:  # handed to the test
                self.error = exc
                with tenant_context(city):  # clean-up on this thread after the failure
                    self.after_error = Period.objects.get(pk=period.pk).status
            finally:
                connection.close()

        self.thread = threading.Thread(target=run)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.reached.wait(0.1):
            assert self.thread.is_alive(), f"the close ended early: {self.error!r}"
            assert time.monotonic() < deadline, "the close never reached the write"

    def finish(self) -> None:
        self.go_on.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def test_a_close_killed_midway_is_retried_at_once_with_identical_results(
    closed_city, db_access, monkeypatch
):
    from core.performance.services.closing import close_period

    with tenant_context(closed_city):
        period = _last_closed()
        uninterrupted = _results(period)
        assert uninterrupted
        _reopen(period)

    held = HeldClose(closed_city, period, monkeypatch)
    with connection.cursor() as cursor:  # another session kills the one doing the close
        cursor.execute("SELECT pg_terminate_backend(%s)", [held.pid])
        assert cursor.fetchone()[0] is True
    killed_at = time.monotonic()
    held.finish()
    assert isinstance(held.error, DEAD_SESSION)
    # The thread's own clean-up ran on a fresh connection, and found the month open.
    assert held.after_error == PeriodStatus.OPEN
    monkeypatch.undo()

    with tenant_context(closed_city):
        assert Period.objects.get(pk=period.pk).status == PeriodStatus.OPEN
        assert not MonthlyResult.objects.filter(period=period).exists()
        people = close_period(period.pk, actor=Actor.system("tests"))
        retried_after = time.monotonic() - killed_at
        assert people == len(uninterrupted)
        assert Period.objects.get(pk=period.pk).status == PeriodStatus.CLOSED
        assert _results(period) == uninterrupted
    assert retried_after < 60
    print(f"killed close retried successfully {retried_after:.2f} s after the kill")


def test_a_live_close_refuses_a_second_one_and_the_operator_can_release_it(
    closed_city, db_access, monkeypatch
):
    from core.performance.services.closing import close_period

    with tenant_context(closed_city):
        period = _last_closed()
        _reopen(period)
    held = HeldClose(closed_city, period, monkeypatch)
    try:
        with tenant_context(closed_city):
            started = time.monotonic()
            with pytest.raises(ValidationError) as caught:
                close_period(period.pk, actor=Actor.system("tests"))
            assert caught.value.code == "closing"
            assert time.monotonic() - started < 2  # refused at once, not after a wait

        shown = StringIO()
        call_command("leases", stdout=shown)
        line = next(x for x in shown.getvalue().splitlines() if x.startswith(str(held.pid)))
        assert f"city_{SLUG.replace('-', '_')}:performance.close:{period.pk}" in line

        released = StringIO()
        call_command("leases", release=[held.pid], stdout=released)
        assert f"released {held.pid}" in released.getvalue()
    finally:
        held.finish()
    assert isinstance(held.error, DEAD_SESSION)
    monkeypatch.undo()
    with tenant_context(closed_city):
        assert close_period(period.pk, actor=Actor.system("tests")) > 0
    empty = StringIO()
    call_command("leases", stdout=empty)
    assert "No leases are held." in empty.getvalue()


def test_releasing_a_session_that_holds_no_lease_is_refused(closed_city, db_access):
    from django.core.management.base import CommandError

    connection.ensure_connection()
    with pytest.raises(CommandError, match="No lease is held by session"):
        call_command("leases", release=[connection.connection.info.backend_pid])
    assert leases.holders() == []


def test_a_lease_is_released_when_its_block_ends_and_refused_while_held(closed_city, db_access):
    with tenant_context(closed_city):
        connection.ensure_connection()
        with leases.hold("tests.one"):
            (holder,) = leases.holders()
            assert holder.name.endswith(":tests.one")
            assert holder.pid == connection.connection.info.backend_pid
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                        [leases.NAMESPACE, leases.lease_key("tests.one")],
                    )
                    assert cursor.fetchone()[0] is False
            finally:
                other.close()
        assert leases.holders() == []
        with connection.cursor() as cursor:
            cursor.execute("SHOW application_name")
            assert not cursor.fetchone()[0].startswith(leases.APP_PREFIX)


def test_an_import_is_refused_while_another_holds_the_import_lease(closed_city, db_access):
    from core.people.imports import import_asn
    from core.people.models import Employee
    from tests.core.people.conftest import TODAY, base_rows, table_of

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            key = f"{closed_city.schema_name}:people.import_asn"
            cursor.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [leases.NAMESPACE, key])
        with tenant_context(closed_city):
            before = Employee.objects.count()
            report = import_asn(table_of(base_rows()), actor=Actor.system("tests"), today=TODAY)
            assert [e["message"] for e in report.errors] == [
                "Impor ASN lain untuk kota ini sedang ditulis; "
                "kirim berkas ini lagi setelah impor itu selesai."
            ]
            assert Employee.objects.count() == before
            dry = import_asn(
                table_of(base_rows()), actor=Actor.system("tests"), today=TODAY, dry_run=True
            )
            assert dry.ok, dry.errors  # a dry run writes nothing and needs no lease
    finally:
        other.close()
