"""The command centre's pure rules, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from core.command import rules


@pytest.mark.parametrize(
    ("by_hour", "expected"),
    [
        ({}, [0] * 13),
        ({5: 2, 6: 1, 8: 3}, [3, 3, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]),
        ({18: 4, 24: 9}, [0] * 12 + [4]),
    ],
)
def test_cumulative_counts_from_before_the_first_hour(by_hour, expected):
    assert rules.cumulative(by_hour) == expected


def test_median_curve_and_same_weekdays():
    assert rules.median_curve([]) is None
    assert rules.median_curve([[1, 2], [3, 6], [2, 10]]) == [2.0, 6.0]
    assert rules.median_curve([[1, 2], [3, 4]]) == [2.0, 3.0]
    assert rules.same_weekdays(date(2026, 3, 10), 2) == [date(2026, 3, 3), date(2026, 2, 24)]


@pytest.mark.parametrize(
    ("projection", "budget", "margin", "over"),
    [
        (100, None, 0, False),
        (100, 0, 0, False),
        (100, 100, 0, False),
        (101, 100, 0, True),
        (105, 100, 5, False),
        (106, 100, 5, True),
    ],
)
def test_over_budget(projection, budget, margin, over):
    assert rules.over_budget(projection, budget, margin) is over


def test_below_city_rate_sorts_by_gap_and_skips_empty_opds():
    city, below = rules.below_city_rate([(1, 9, 10), (2, 2, 10), (3, 0, 0), (4, 6, 10)], 10)
    assert city == pytest.approx(56.67)
    assert [c.opd_id for c in below] == [2]


@pytest.mark.parametrize(
    ("paid_closed", "closed_months", "this_month", "projection"),
    [
        (1000, 2, 100, 1000 + 100 * 10),  # March, January and February closed
        (0, 0, 100, 1200),  # the first month on the platform: all twelve at its pace
        (200, 2, 100, 200 + 100 * 10),  # December, only October and November closed here
        (1100, 11, 100, 1200),  # December, the rest of the year closed
    ],
)
def test_year_projection_paces_every_month_without_a_closed_result(
    paid_closed, closed_months, this_month, projection
):
    assert rules.year_projection(paid_closed, closed_months, this_month) == projection


def test_silent_window_takes_the_last_working_days_before_today():
    days = [date(2026, 3, d) for d in (5, 6, 9, 10, 11)]
    assert rules.silent_window(days, date(2026, 3, 11), 3) == days[1:4]
    assert rules.silent_window(days, date(2026, 3, 11), 0) == []
