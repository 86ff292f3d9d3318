"""The pure rules: three-way classification, comparison normalisation, policy checks."""

from __future__ import annotations

import pytest

from core.configuration.rules import (
    ChangeKind,
    classify,
    comparable,
    policy_problems,
    three_way,
)

A = {
    "code": "X",
    "name": "Lama",
    "output_unit": "dok",
    "standard_minutes": 10,
    "position_types": ["PELAKSANA"],
    "evidence_required": True,
}
B = {**A, "standard_minutes": 12}
C = {**A, "standard_minutes": 15}

# (case, base, current, new, removal_applies, expected)
CLASSIFY_ROWS = [
    ("_unchanged_everywhere", A, A, A, True, ChangeKind.SAME),
    ("_upstream_only_change", A, A, B, True, ChangeKind.UPSTREAM_CHANGED),
    ("_city_only_change", A, B, A, True, ChangeKind.LOCAL_CHANGED),
    ("_both_same_change", A, B, B, True, ChangeKind.SAME),
    ("_both_changed_differently", A, B, C, True, ChangeKind.CONFLICT),
    ("_upstream_added", None, None, A, True, ChangeKind.UPSTREAM_ADDED),
    ("_city_added_not_in_template", None, A, None, True, ChangeKind.LOCAL_ADDED),
    ("_city_added_other_template", None, A, None, False, None),
    ("_both_added_differently", None, A, B, True, ChangeKind.CONFLICT),
    ("_upstream_removed_unchanged", A, A, None, True, ChangeKind.UPSTREAM_REMOVED),
    ("_upstream_removed_city_changed", A, B, None, True, ChangeKind.UPSTREAM_REMOVED),
    ("_partial_template_silent", A, A, None, False, None),
    ("_absent_everywhere", None, None, None, True, None),
]


@pytest.mark.parametrize(("_case", "base", "current", "new", "removal", "expected"), CLASSIFY_ROWS)
def test_classify(_case, base, current, new, removal, expected):
    assert classify("activities", base, current, new, removal_applies=removal) is expected


def test_annotations_and_optional_fields_do_not_count_as_changes():
    annotated = {**A, "default": True, "note": "x", "position_types": ["PELAKSANA"]}
    city_row = {**A, "family": ""}
    assert comparable("activities", annotated) == comparable("activities", city_row)
    assert comparable("attendance_cuts", {"code": "a", "percent": 1.0}) == comparable(
        "attendance_cuts", {"code": "a", "percent": "1"}
    )


def test_a_partial_template_only_compares_its_own_sections():
    current = {"activities": {"X": A}, "indicators": {"I": {"code": "I"}}}
    new = {"indicators": {"I": {"code": "I"}, "J": {"code": "J"}}}
    changes = three_way(
        current=current, new=new, origins={}, new_slug="jambi", adopted_slug="surabaya"
    )
    assert [(c.section, c.key, c.kind) for c in changes] == [
        ("indicators", "I", ChangeKind.SAME),
        ("indicators", "J", ChangeKind.UPSTREAM_ADDED),
    ]


POLICY_ROWS = [
    ("_fine", {"result_weights": {"workload": 50, "iki": 50}}, []),
    ("_weights", {"result_weights": {"workload": 50, "iki": 40}}, ["add up to 100"]),
    (
        "_daily_max_below_minutes",
        {"effective_minutes_per_day": 300, "daily_max_minutes": 200},
        ["daily maximum"],
    ),
    (
        "_ranges_gap",
        {"potential_ranges": {"rendah": [0, 60], "menengah": [70, 85], "tinggi": [85, 100]}},
        ["without gaps"],
    ),
    ("_no_weekdays", {"working_weekdays": []}, ["working day"]),
    ("_kelas_18", {"tpp_base": {"18": 1}}, ["1 to 17"]),
]


@pytest.mark.parametrize(("_case", "data", "expected"), POLICY_ROWS)
def test_policy_problems(_case, data, expected):
    problems = policy_problems(data)
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem


MALFORMED_ROWS = [
    ("_text_for_minutes", {"effective_minutes_per_day": "lots"}, "malformed"),
    ("_weights_missing_part", {"result_weights": {"workload": 100}}, "malformed"),
    ("_unknown_opd_predicate", {"distribution_rules": {"hebat": []}}, "hebat"),
    (
        "_bound_without_amount",
        {"distribution_rules": {"baik": [{"predicates": ["baik"], "op": "at_most"}]}},
        "not valid",
    ),
    (
        "_bound_unknown_predicate",
        {
            "distribution_rules": {
                "baik": [{"predicates": ["luar_biasa"], "op": "at_most", "percent": 10}]
            }
        },
        "not valid",
    ),
    (
        "_bound_percent_over_100",
        {
            "distribution_rules": {
                "baik": [{"predicates": ["baik"], "op": "at_most", "percent": 170}]
            }
        },
        "not valid",
    ),
]


@pytest.mark.parametrize(("_case", "data", "fragment"), MALFORMED_ROWS)
def test_malformed_policy_data_is_reported_not_crashed_on(_case, data, fragment):
    problems = policy_problems(data)
    assert len(problems) == 1 and fragment in problems[0]


def test_a_valid_distribution_rule_passes():
    rules = {
        "baik": [
            {"predicates": ["baik"], "op": "at_most", "percent": 70},
            {"predicates": ["butuh_perbaikan", "kurang"], "op": "at_least", "count": 1},
        ]
    }
    assert policy_problems({"distribution_rules": rules}) == []
