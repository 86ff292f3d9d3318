"""The demo seed: three years of history, this year's targets, realisation to last month."""

from __future__ import annotations

from core.revenue.demo import PETUGAS_PAJAK, seed_city
from core.revenue.models import AnnualTarget, ClosedMonth, MonthlyTarget, Realisation
from tests.conftest import in_city
from tests.core.revenue.conftest import SECTION, YEAR, use_section


def _counts():
    return (
        AnnualTarget.objects.count(),
        Realisation.objects.count(),
        ClosedMonth.objects.count(),
        MonthlyTarget.objects.count(),
    )


def test_seed_is_complete_and_idempotent(surabaya):
    logins: list = []
    with in_city(surabaya):
        use_section(SECTION)
        seed_city(surabaya, logins)
        first = _counts()
        seed_city(surabaya, [])
        assert _counts() == first
        years = set(Realisation.objects.values_list("year", flat=True))
        this_year = sorted(
            set(Realisation.objects.filter(year=YEAR).values_list("month", flat=True))
        )
        closed = sorted(ClosedMonth.objects.filter(year=YEAR).values_list("month", flat=True))
        phasing = set(AnnualTarget.objects.filter(year=YEAR).values_list("phasing", flat=True))
    assert first[0] == len(SECTION)
    assert years == {YEAR - 3, YEAR - 2, YEAR - 1, YEAR}
    assert this_year == [1, 2, 3]  # today is 15 April
    assert closed == [1, 2]
    assert phasing == {"seasonal"}
    assert [login.username for login in logins] == [PETUGAS_PAJAK]
