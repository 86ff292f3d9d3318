from datetime import date

import pytest

from partnerships import rules

ROLE_PAIRS = [
    ("_mentor_adopter", "mentor", "adopter", True),
    ("_adopter_mentor", "adopter", "mentor", True),
    ("_both_both", "both", "both", True),
    ("_mentor_both", "mentor", "both", True),
    ("_two_mentors", "mentor", "mentor", False),
    ("_two_adopters", "adopter", "adopter", False),
    ("_unknown", "teacher", "adopter", False),
]


@pytest.mark.parametrize(("_case", "a", "b", "valid"), ROLE_PAIRS)
def test_role_pairs(_case, a, b, valid):
    assert (rules.roles_problem(a, b) is None) is valid


def test_mentors_of_two_way():
    assert rules.mentors_of("both", "both") == (True, True)
    assert rules.mentors_of("mentor", "adopter") == (True, False)
    assert rules.mentors_of("adopter", "both") == (False, True)


TODAY = date(2026, 6, 15)
STATES = [
    ("_measured", date(2026, 5, 1), date(2026, 4, 20), None, "done", date(2026, 4, 20), "data", 0),
    (
        "_confirmed_late",
        date(2026, 5, 1),
        None,
        date(2026, 5, 11),
        "done",
        date(2026, 5, 11),
        "hand",
        10,
    ),
    (
        "_earlier_counts",
        date(2026, 5, 1),
        date(2026, 4, 25),
        date(2026, 4, 20),
        "done",
        date(2026, 4, 20),
        "hand",
        0,
    ),
    ("_late", date(2026, 6, 1), None, None, "late", None, "", 14),
    ("_due_soon", date(2026, 6, 29), None, None, "due_soon", None, "", 0),
    ("_open", date(2026, 7, 30), None, None, "open", None, "", 0),
]


@pytest.mark.parametrize(
    ("_case", "due", "measured", "confirmed", "state", "done_on", "source", "late"), STATES
)
def test_milestone_state(_case, due, measured, confirmed, state, done_on, source, late):
    got = rules.milestone_state(due, measured_on=measured, confirmed_on=confirmed, today=TODAY)
    assert (got.state, got.done_on, got.source, got.days_late) == (state, done_on, source, late)


def test_stage_is_last_milestone_in_plan_order_and_worst_lateness():
    done = rules.MilestoneState("done", date(2026, 1, 1), "data", 0)
    late = rules.MilestoneState("late", None, "", 20)
    stage = rules.stage(
        [("go_live", done), ("training_done", done), ("first_month_closed", late)], [3, 31]
    )
    assert stage == rules.Stage("go_live", 31, 3)


def test_default_plan_months_after_start():
    plan = dict(rules.default_plan(date(2026, 1, 31)))
    assert plan["training_done"] == date(2026, 2, 28)
    assert plan["first_annual_assessment"] == date(2027, 2, 28)


def test_transitions():
    assert rules.transition_problem("draft", "active") is None
    assert rules.transition_problem("active", "completed") is None
    assert rules.transition_problem("ended", "active") is not None
    assert rules.transition_problem("draft", "completed") is not None


def test_practices_parsed_and_matched():
    assert rules.parse_practices("Wisata sungai; e-budgeting\nwisata  SUNGAI,") == [
        "Wisata sungai",
        "e-budgeting",
    ]
    assert rules.practice_matches("wisata", ["Wisata sungai Batanghari"])
    assert not rules.practice_matches("", ["Wisata sungai"])
    assert not rules.practice_matches("parkir", ["Wisata sungai"])
