"""Query counts of the busy paths stay flat as the city grows, and pages never open months.

Each path is measured at the personas' size, then again after ten times as many people
(each with a submitted entry) join the same supervisor: the count must not grow.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.accounts.roles import Role
from core.audit.models import AuditEvent
from core.db import on_citus
from core.performance.models import ActivityEntry, Period
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY, log

# Pinned counts (DESIGN.md: a fixed number of statements per request, whatever the size).
# Logging and verifying also keep the command centre's hourly counters and person-days
# (core.command.counters) in their transaction: one statement for a log, six for a decision
# (the person's row locked, the entry's counters out and back in, and its person-day).
LOG_QUERIES = 12
VERIFY_QUERIES = 16
# On Citus a few statements plain PostgreSQL runs as one are sent apart (core.db.on_citus):
# the new entry's id and its INSERT beside the audit append; the counters' two deltas.
CITUS_EXTRA_LOG = 2
CITUS_EXTRA_VERIFY = 2
DASHBOARD_QUERIES = 14  # the month's figures recomputed, after reading the data version
CACHED_DASHBOARD_QUERIES = 4  # session, user, employee, data version


def _grow(work, count: int) -> None:
    """`count` more staff under Kabid SD, each with one submitted entry today."""
    from django.contrib.auth import get_user_model

    from core.organisation.models import Position
    from core.people.models import Assignment, Employee

    with in_city(work.city):
        boss = work.kabid.employee.assignments.get().position
        users = get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"1990010120200{n:05d}",
                full_name=f"Staf {n}",
                role=Role.ASN,
                password="!",
            )
            for n in range(count)
        )
        positions = Position.objects.bulk_create(
            Position(name=f"Staf {n}", org_unit=work.opd, kelas_jabatan=7, supervisor_position=boss)
            for n in range(count)
        )
        employees = Employee.objects.bulk_create(
            Employee(nip=u.username, name=u.full_name, asn_type="PNS", user=u) for u in users
        )
        Assignment.objects.bulk_create(
            Assignment(employee=e, position=p, starts_on=date(2020, 1, 1))
            for e, p in zip(employees, positions, strict=True)
        )
    for user in users:
        log(work, user)


def _count(client, method: str, url: str, **kwargs) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    return response.status_code, len(queries)


def _log_payload(work, key: str) -> dict:
    return {
        "path": "/api/v1/work/activities/",
        "data": {"activity_type": work.activity.pk, "volume": "1", "day": TODAY.isoformat()},
        "content_type": "application/json",
        "headers": {"Idempotency-Key": key},
    }


def _post_log(client, work, key: str) -> tuple[int, int]:
    payload = _log_payload(work, key)
    return _count(client, "post", payload.pop("path"), **payload)


def test_logging_costs_the_same_at_ten_times_the_people(work, django_assert_num_queries):
    client = login(work.city, work.budi)
    assert _post_log(client, work, "warm-up")[0] == 201
    small = _post_log(client, work, "small")
    _grow(work, 40)
    large = _post_log(client, work, "large")
    expected = LOG_QUERIES + CITUS_EXTRA_LOG * on_citus()
    assert small == large == (201, expected)
    payload = _log_payload(work, "pinned")
    with django_assert_num_queries(expected):
        assert client.post(payload.pop("path"), **payload).status_code == 201


def test_verifying_costs_the_same_at_ten_times_the_people(work):
    boss = login(work.city, work.kabid)
    first, second, warm = (log(work, work.budi, key=k).entry for k in ("a", "b", "c"))
    url = "/api/v1/work/verification/{}/"
    body = {"data": {"approve": True}, "content_type": "application/json"}
    assert boss.post(url.format(warm.pk), **body).status_code == 200
    small = _count(boss, "post", url.format(first.pk), **body)
    _grow(work, 40)
    large = _count(boss, "post", url.format(second.pk), **body)
    assert small == large == (200, VERIFY_QUERIES + CITUS_EXTRA_VERIFY * on_citus())


def test_city_dashboard_costs_the_same_at_ten_times_the_people(work):
    log(work, work.budi)
    admin = login(work.city, work.cityadmin)
    assert admin.get("/api/v1/work/dashboard/city/").status_code == 200  # warm caches
    log(work, work.sari)  # the data moved: the next read recomputes
    small = _count(admin, "get", "/api/v1/work/dashboard/city/")
    _grow(work, 40)
    large = _count(admin, "get", "/api/v1/work/dashboard/city/")
    assert small == large == (200, DASHBOARD_QUERIES)
    # nothing changed since: the figures come from the cache (core.versioned_cache)
    assert _count(admin, "get", "/api/v1/work/dashboard/city/") == (200, CACHED_DASHBOARD_QUERIES)


# ---------------------------------------------------------------- months opened by services
def test_pages_and_dashboards_never_open_a_month(work):
    admin = login(work.city, work.cityadmin)
    for url in (
        "/work/periods/",
        "/work/periods/2026/5/",
        "/command/",  # the city screen (/work/city/ redirects there)
        "/api/v1/work/dashboard/city/",
        "/api/v1/work/periods/2026/5/",
    ):
        assert admin.get(url).status_code == 200, url
    with in_city(work.city):
        assert not Period.objects.exists()
    page = admin.get("/work/periods/")
    assert [(p.year, p.month, p.pk) for p in page.context["periods"]] == [(2026, 3, None)]


def test_the_first_log_of_a_month_opens_it_with_an_audit_event(work):
    log(work, work.budi)
    log(work, work.sari)
    with in_city(work.city):
        period = Period.objects.get()
        assert (period.year, period.month, period.status) == (2026, 3, "open")
        [event] = AuditEvent.objects.filter(action="period.opened")
        assert (event.object_id, event.actor_id) == (str(period.pk), work.budi.pk)
        assert ActivityEntry.objects.count() == 2


def test_the_beat_task_opens_this_month_in_every_serving_city(work):
    from tenants.tasks import open_periods_task

    assert "surabaya" in open_periods_task.delay().get()
    assert "surabaya" in open_periods_task.delay().get()  # again: nothing more
    with in_city(work.city):
        assert list(Period.objects.values_list("year", "month")) == [(2026, 3)]
        assert AuditEvent.objects.filter(action="period.opened").count() == 1


@pytest.mark.parametrize("url", ["/work/periods/2026/13/", "/api/v1/work/periods/1999/1/"])
def test_months_outside_the_calendar_are_not_found(work, url):
    assert login(work.city, work.cityadmin).get(url).status_code == 404
