"""The regulation rules of docs/domain.md §3.1 and §4, one table row per case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from core.performance.rules import (
    AttendanceDay,
    AttendanceStatus,
    Level,
    PerformancePolicy,
    Predicate,
    attendance_summary,
    band_cut_pct,
    behaviour_rating,
    indicator_achievement_pct,
    is_misconduct,
    monthly_target_minutes,
    performance_factor,
    person_working_days,
    predicate,
    result_score,
    results_rating,
    tpp,
    workload_pct,
)

B, M, A = Level.BELOW, Level.MEETS, Level.ABOVE
POLICY = PerformancePolicy(tpp_base={9: 5_000_000})

PREDICATE_ROWS = [
    ("_above_below", A, B, Predicate.KURANG),
    ("_above_meets", A, M, Predicate.BAIK),
    ("_above_above", A, A, Predicate.SANGAT_BAIK),
    ("_meets_below", M, B, Predicate.KURANG),
    ("_meets_meets", M, M, Predicate.BAIK),
    ("_meets_above", M, A, Predicate.BAIK),
    ("_below_below", B, B, Predicate.SANGAT_KURANG),
    ("_below_meets", B, M, Predicate.BUTUH_PERBAIKAN),
    ("_below_above", B, A, Predicate.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("_case", "hasil", "perilaku", "expected"), PREDICATE_ROWS)
def test_predicate(_case, hasil, perilaku, expected):
    assert predicate(hasil, perilaku) is expected


@pytest.mark.parametrize(
    ("_case", "hasil", "perilaku", "expected"),
    [("_behaviour_caused", A, B, True), ("_results_caused", B, B, False), ("_good", M, M, False)],
)
def test_misconduct_is_kurang_caused_by_behaviour(_case, hasil, perilaku, expected):
    assert is_misconduct(hasil, perilaku) is expected


def _weekdays(year: int, month: int) -> list[date]:
    day, days = date(year, month, 1), []
    while day.month == month:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


# March 2026: 22 weekdays; 2026-03-19..20 Nyepi and collective leave (removed by the
# city calendar), so the city has 20 working days.
MARCH = [d for d in _weekdays(2026, 3) if d not in (date(2026, 3, 19), date(2026, 3, 20))]

CALENDAR_ROWS = [
    ("_whole_month", [], [(date(2020, 1, 1), None)], 20),
    ("_leave_removed", [date(2026, 3, 2), date(2026, 3, 3)], [(date(2020, 1, 1), None)], 18),
    ("_leave_on_a_holiday_counts_once", [date(2026, 3, 19)], [(date(2020, 1, 1), None)], 20),
    ("_joined_mid_month", [], [(date(2026, 3, 16), None)], 10),
    ("_left_mid_month", [], [(date(2020, 1, 1), date(2026, 3, 13))], 10),
    (
        "_position_change_mid_month_keeps_both_spans",
        [],
        [(date(2020, 1, 1), date(2026, 3, 13)), (date(2026, 3, 16), None)],
        20,
    ),
    (
        "_gap_between_positions",
        [date(2026, 3, 25)],
        [(date(2020, 1, 1), date(2026, 3, 6)), (date(2026, 3, 16), None)],
        5 + 10 - 1,
    ),
    ("_no_position", [], [], 0),
]


@pytest.mark.parametrize(("_case", "leave", "spans", "expected"), CALENDAR_ROWS)
def test_person_working_days(_case, leave, spans, expected):
    assert len(person_working_days(MARCH, leave_days=leave, spans=spans)) == expected


@pytest.mark.parametrize(
    ("_case", "verified", "working_days", "expected"),
    [
        ("_nothing", 0, 20, D("0")),
        ("_half", 3000, 20, D("50.00")),
        ("_exact", 6000, 20, D("100.00")),
        ("_over_target_capped", 9000, 20, D("100.00")),
        ("_thirds", 2000, 20, D("33.33")),
        ("_no_working_days", 500, 0, D("0")),
    ],
)
def test_workload_pct(_case, verified, working_days, expected):
    assert workload_pct(verified, monthly_target_minutes(working_days, POLICY)) == expected


def test_target_uses_the_citys_minutes_per_day():
    assert monthly_target_minutes(20, PerformancePolicy(minutes_per_day=450)) == 9000


@pytest.mark.parametrize(
    ("_case", "target", "realisation", "lower", "expected"),
    [
        ("_higher_met", 10, 10, False, D("100.00")),
        ("_higher_half", 10, 5, False, D("50.00")),
        ("_higher_capped", 10, 50, False, D("120.00")),
        ("_lower_better_beaten", 10, 8, True, D("120.00")),
        ("_lower_better_missed", 10, 20, True, D("50.00")),
        ("_lower_zero_realisation", 10, 0, True, D("120.00")),
        ("_zero_target", 0, 3, False, D("100.00")),
    ],
)
def test_indicator_achievement(_case, target, realisation, lower, expected):
    got = indicator_achievement_pct(D(target), D(realisation), lower_is_better=lower, policy=POLICY)
    assert got == expected


@pytest.mark.parametrize(
    ("_case", "workload", "iki", "score", "rating"),
    [
        ("_full_workload_full_iki", D(100), D(100), D("100.00"), M),
        ("_above", D(100), D(120), D("110.00"), A),
        ("_just_below_above", D(100), D("119.98"), D("109.99"), M),
        ("_meets_boundary", D(80), D(80), D("80.00"), M),
        ("_below", D(60), D(99), D("79.50"), B),
        ("_no_indicators_uses_workload", D("85.5"), None, D("85.50"), M),
    ],
)
def test_result_score_and_rating(_case, workload, iki, score, rating):
    got = result_score(workload, iki, POLICY)
    assert got == score
    assert results_rating(got, POLICY) is rating


@pytest.mark.parametrize(
    ("_case", "levels", "expected"),
    [
        ("_all_meets", [M] * 7, M),
        ("_four_above", [A] * 4 + [B] * 3, A),
        ("_three_above", [A] * 3 + [B] * 4, B),
        ("_mixed", [A, A, M, B, B, M, A], M),
        ("_one_below", [M] * 6 + [B], M),
    ],
)
def test_behaviour_is_the_median(_case, levels, expected):
    assert behaviour_rating(levels) is expected


def test_behaviour_needs_seven_ratings():
    with pytest.raises(ValueError):
        behaviour_rating([M] * 6)


@pytest.mark.parametrize(
    ("_case", "minutes", "expected"),
    [
        ("_on_time", 0, D("0")),
        ("_1", 1, D("0.5")),
        ("_30", 30, D("0.5")),
        ("_31", 31, D("1")),
        ("_60", 60, D("1")),
        ("_61", 61, D("1.5")),
        ("_90", 90, D("1.5")),
        ("_91", 91, D("2")),
        ("_300", 300, D("2")),
        ("_no_record", None, D("2")),
    ],
)
def test_cut_bands(_case, minutes, expected):
    assert band_cut_pct(minutes, POLICY) == expected


H = AttendanceStatus.HADIR


def _days(*extra: AttendanceDay, present: int = 20) -> list[AttendanceDay]:
    return [AttendanceDay(H)] * (present - len(extra)) + list(extra)


# Base Rp5,000,000, 20 working days.
TPP_ROWS = [
    # _case, score, days, working_days, paid, cut_pct
    ("_full_performance", D(100), _days(), 20, 5_000_000, D("0")),
    ("_late_1_30", D(100), _days(AttendanceDay(H, 10, 0)), 20, 4_975_000, D("0.5")),
    ("_late_31_60", D(100), _days(AttendanceDay(H, 45, 0)), 20, 4_950_000, D("1")),
    ("_early_61_90", D(100), _days(AttendanceDay(H, 0, 75)), 20, 4_925_000, D("1.5")),
    ("_late_over_90", D(100), _days(AttendanceDay(H, 120, 0)), 20, 4_900_000, D("2")),
    ("_no_tap_out", D(100), _days(AttendanceDay(H, 0, None)), 20, 4_900_000, D("2")),
    ("_late_and_early_same_day", D(100), _days(AttendanceDay(H, 10, 40)), 20, 4_925_000, D("1.5")),
    # one day alpa: attendance 95 % -> factor 98 % (Rp4,900,000), cut 4 % (Rp200,000)
    ("_absent_one_day", D(100), _days(AttendanceDay(AttendanceStatus.ALPA)), 20, 4_700_000, D("4")),
    # two days of leave: not working days, no cut, attendance stays 100 %
    ("_leave_is_not_a_cut", D(100), _days(present=18), 18, 5_000_000, D("0")),
    (
        "_dinas_luar_counts_present",
        D(100),
        _days(AttendanceDay(AttendanceStatus.DINAS_LUAR)),
        20,
        5_000_000,
        D("0"),
    ),
    # score 80: factor 0.6*80 + 0.4*100 = 88 %
    ("_partial_score", D(80), _days(), 20, 4_400_000, D("0")),
    ("_score_just_above_minimum", D(50), _days(), 20, 3_500_000, D("0")),
    ("_below_minimum_full_cut", D("49.99"), _days(), 20, 0, D("100")),
    # 20 days alpa: attendance 0 %, factor 60 %, cuts 80 % of base -> 3,000,000 - 4,000,000 < 0
    ("_zero_floor", D(100), [AttendanceDay(AttendanceStatus.ALPA)] * 20, 20, 0, D("80")),
    # 30 absences would be 120 %: capped at 100 %
    ("_cuts_capped_at_100", D(100), [AttendanceDay(AttendanceStatus.ALPA)] * 30, 30, 0, D("100")),
    ("_score_above_100_pays_no_more_than_base", D(115), _days(), 20, 5_000_000, D("0")),
]


@pytest.mark.parametrize(("_case", "score", "days", "working_days", "paid", "cut_pct"), TPP_ROWS)
def test_tpp(_case, score, days, working_days, paid, cut_pct):
    summary = attendance_summary(days, working_days=working_days, policy=POLICY)
    result = tpp(base=5_000_000, score=score, attendance=summary, policy=POLICY)
    assert result.paid == paid
    assert result.cut_pct == cut_pct
    assert isinstance(result.paid, int)
    assert result.paid >= 0
    # the statement adds up: base x factor, then every cut line, floors and adjustments
    assert sum(line.amount for line in result.lines[1:]) == result.paid


def test_missing_attendance_days_count_as_no_record_both_ways():
    summary = attendance_summary(_days(present=18), working_days=20, policy=POLICY)
    assert summary.attendance_pct == D("90.00")
    assert summary.cuts == (("no_record_day", 2, D("8.00")),)


def test_izin_is_a_permitted_absence_cut():
    summary = attendance_summary(
        _days(AttendanceDay(AttendanceStatus.IZIN)), working_days=20, policy=POLICY
    )
    assert summary.cuts == (("permitted_absence", 1, D("2.00")),)
    assert summary.present_days == 19


@pytest.mark.parametrize(
    ("_case", "score", "attendance", "expected"),
    [
        ("_perfect", D(100), D(100), D("100.00")),
        ("_default_weights", D(50), D(100), D("70.00")),
        ("_score_capped_at_100", D(130), D(50), D("80.00")),
    ],
)
def test_performance_factor(_case, score, attendance, expected):
    assert performance_factor(score, attendance, POLICY) == expected


def test_policy_snapshot_round_trips():
    policy = PerformancePolicy(minutes_per_day=450, tpp_base={1: 100, 17: 90_000_000})
    assert PerformancePolicy.from_snapshot(policy.snapshot()) == policy


def test_clean_days_count_as_present_days_without_cuts():
    late = [AttendanceDay(H, 45, 0)]
    as_list = attendance_summary(late + [AttendanceDay(H)] * 19, working_days=20, policy=POLICY)
    as_count = attendance_summary(late, working_days=20, policy=POLICY, clean_days=19)
    assert as_list == as_count
