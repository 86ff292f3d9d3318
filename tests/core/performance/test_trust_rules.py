"""The rules every write path obeys (issue 20 §1), table-driven: core.performance.rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.performance.rules import (
    activity_allowed_for_position,
    attendance_correction_problem,
    correction_needs_approval,
    volume_problem,
)

VOLUMES = [
    ("one", Decimal(1), None),
    ("fraction", Decimal("0.5"), None),
    ("the_bound", Decimal(1000), None),
    ("zero", Decimal(0), "volume"),
    ("negative", Decimal(-1), "volume"),
    ("above_the_bound", Decimal("1000.01"), "volume"),
    ("infinite", Decimal("Infinity"), "volume"),
    ("not_a_number", Decimal("NaN"), "volume"),
]


@pytest.mark.parametrize(("_case", "volume", "expected"), VOLUMES)
def test_volume_problem(_case, volume, expected):
    assert volume_problem(volume) == expected


POSITION_TYPES = [
    ("open_to_everyone", [], ["PELAKSANA"], True),
    ("open_even_without_position", [], [], True),
    ("listed_type", ["PELAKSANA", "FUNGSIONAL"], ["PELAKSANA"], True),
    ("acting_position_counts", ["ADMINISTRATOR"], ["PELAKSANA", "ADMINISTRATOR"], True),
    ("other_type", ["JPT_PRATAMA"], ["PELAKSANA"], False),
    ("no_position_that_day", ["PELAKSANA"], [], False),
]


@pytest.mark.parametrize(("_case", "allowed", "held", "expected"), POSITION_TYPES)
def test_activity_allowed_for_position(_case, allowed, held, expected):
    assert activity_allowed_for_position(allowed, held) is expected


ATTENDANCE = [
    ("on_time", "hadir", 0, 0, None),
    ("late_and_early", "hadir", 45, 30, None),
    ("a_whole_day", "hadir", 540, 0, None),
    ("none_given", "alpa", None, None, None),
    ("a_billion_minutes", "hadir", 10**9, 0, "too_many"),
    ("more_than_a_day_together", "hadir", 300, 241, "too_many"),
    ("negative", "hadir", -5, 0, "negative"),
    ("late_while_absent", "alpa", 30, 0, "not_present"),
    ("early_while_on_leave", "cuti", 0, 10, "not_present"),
]


@pytest.mark.parametrize(("_case", "status", "late", "early", "expected"), ATTENDANCE)
def test_attendance_correction_problem(_case, status, late, early, expected):
    assert attendance_correction_problem(status, late, early) == expected


APPROVAL = [
    ("no_change", 3_000_000, 3_000_000, 250_000, False),
    ("at_the_threshold", 3_000_000, 3_250_000, 250_000, False),
    ("above_the_threshold", 3_000_000, 3_250_001, 250_000, True),
    ("down_counts_too", 3_000_000, 2_000_000, 250_000, True),
    ("zero_means_any_change", 3_000_000, 2_999_999, 0, True),
    ("zero_and_no_change", 3_000_000, 3_000_000, 0, False),
    ("no_result_before", None, 300_000, 250_000, True),
    ("negative_threshold_is_zero", 1, 2, -10, True),
]


@pytest.mark.parametrize(("_case", "before", "after", "threshold", "expected"), APPROVAL)
def test_correction_needs_approval(_case, before, after, threshold, expected):
    assert correction_needs_approval(before, after, threshold) is expected
