"""The demo seed: two closed months with a spread of predicates and TPP, an open current
month with work waiting for the supervisors, today under the cap for everyone; idempotent."""

from __future__ import annotations

from collections import Counter

from django.db.models import Sum

from core.performance.models import (
    ActivityEntry,
    EntryStatus,
    Favourite,
    MonthlyResult,
    Period,
    PeriodStatus,
)
from core.performance.policy import current_policy
from tests.conftest import in_city
from tests.core.performance.conftest import TODAY

CLERK = "199005202015031003"
KABID_SD = "198003152005012002"
PLT_P2P = "198207072008011002"


def _seed(city) -> None:
    from catalog.demo import seed_city as seed_configuration
    from core.people.demo import seed_city as seed_people
    from core.performance.demo import seed_city

    logins: list = []
    seed_people(city, logins)
    seed_configuration(city, logins)
    seed_city(city, logins)


def test_seed_closes_two_months_with_a_spread_of_predicates_and_tpp(surabaya, frozen_clock):
    with in_city(surabaya):
        _seed(surabaya)
        for month in (1, 2):
            closed = Period.objects.get(year=2026, month=month)
            assert closed.status == PeriodStatus.CLOSED
            results = list(MonthlyResult.objects.filter(period=closed))
            assert len(results) > 10
            predicates = Counter(r.predicate for r in results)
            assert {"sangat_baik", "baik", "butuh_perbaikan"} <= set(predicates), predicates
            assert predicates["baik"] >= predicates["butuh_perbaikan"]
            paid = [r.tpp_paid for r in results if r.tpp_paid > 0]
            assert len(paid) >= len(results) // 2
            assert len(set(paid)) > 3, [(r.predicate, r.tpp_paid, r.kelas_jabatan) for r in results]
        assert not Period.objects.filter(year=2026, month=3).exclude(status="open").exists()


def test_today_is_under_the_daily_maximum_for_everyone(surabaya, frozen_clock):
    with in_city(surabaya):
        _seed(surabaya)
        cap = current_policy(TODAY.year, TODAY.month).daily_max_minutes
        totals = dict(
            ActivityEntry.objects.filter(day=TODAY)
            .values_list("employee__nip")
            .annotate(total=Sum("minutes"))
        )
        assert totals, "somebody has logged today"
        assert max(totals.values()) <= cap // 2
        assert totals.get(CLERK, 0) < cap
        every_day = (
            ActivityEntry.objects.values("employee_id", "day")
            .annotate(total=Sum("minutes"))
            .order_by("-total")
            .first()
        )
        assert every_day["total"] <= cap


def test_supervisors_have_open_verification_work_and_the_clerk_favourites(surabaya, frozen_clock):
    with in_city(surabaya):
        _seed(surabaya)
        for boss in (KABID_SD, PLT_P2P):
            waiting = ActivityEntry.objects.filter(
                verifier__nip=boss, status=EntryStatus.SUBMITTED, day__lt=TODAY
            )
            assert waiting.exists(), boss
        favourites = Favourite.objects.filter(employee__nip=CLERK).select_related("activity_type")
        assert {f.activity_type.evidence_required for f in favourites} == {True, False}


def test_seeding_twice_changes_nothing(surabaya, frozen_clock):
    with in_city(surabaya):
        _seed(surabaya)
        counts = (ActivityEntry.objects.count(), MonthlyResult.objects.count())
        _seed(surabaya)
        assert (ActivityEntry.objects.count(), MonthlyResult.objects.count()) == counts
