"""The demo seed: a closed previous month and an open current month, idempotent."""

from __future__ import annotations

from core.performance.models import ActivityEntry, MonthlyResult, Period, PeriodStatus
from tests.conftest import in_city


def test_seed_closes_the_previous_month_and_is_idempotent(surabaya, frozen_clock):
    from core.configuration.demo import seed_city as seed_configuration
    from core.people.demo import seed_city as seed_people
    from core.performance.demo import seed_city

    logins: list = []
    with in_city(surabaya):
        seed_people(surabaya, logins)
        seed_configuration(surabaya, logins)
        seed_city(surabaya, logins)
        closed = Period.objects.get(year=2026, month=2)
        assert closed.status == PeriodStatus.CLOSED
        assert MonthlyResult.objects.filter(period=closed).count() > 10
        assert ActivityEntry.objects.filter(day__month=3, status="submitted").exists()
        count = ActivityEntry.objects.count()
        seed_city(surabaya, logins)
        assert ActivityEntry.objects.count() == count
