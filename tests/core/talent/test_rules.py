"""The regulation tables of core.talent.rules, one table row per case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

import core.performance.rules as performance_rules
from core.talent import rules
from core.talent.rules import (
    DEFAULT_DISTRIBUTION_RULES,
    Action,
    Bound,
    DistributionRule,
    Level,
    OrgPredicate,
    Potential,
    PotentialRanges,
    Predicate,
    box_for,
    box_number,
    check_distribution,
    credit_points,
    indicator_achievement,
    median_level,
    months_in_force,
    performance_level,
    potential_level,
    propose_results_rating,
    rules_from_data,
    rules_to_data,
)

A, M, B = Level.ABOVE, Level.MEETS, Level.BELOW
HI, MID, LO = Potential.HIGH, Potential.MEDIUM, Potential.LOW
SB, BK, BP, KR, SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
)

# docs/domain.md §3.2, one row per box.
NINE_BOX_ROWS = [
    ("_box9", A, HI, 9, Action.PROMOTE_RETAIN, True),
    ("_box8", M, HI, 8, Action.RETAIN_ROTATE, True),
    ("_box7", A, MID, 7, Action.RETAIN_DEVELOP, True),
    ("_box6", B, HI, 6, Action.PLACE_COACH_COUNSEL, False),
    ("_box5", M, MID, 5, Action.PLACE_COACH_DEVELOP, False),
    ("_box4", A, LO, 4, Action.ROTATE_DEVELOP, False),
    ("_box3", B, MID, 3, Action.COACH_COUNSEL_DEVELOP, False),
    ("_box2", M, LO, 2, Action.COACH_DEVELOP, False),
    ("_box1", B, LO, 1, Action.CIVIL_SERVICE_RULES, False),
]


@pytest.mark.parametrize(
    ("_case", "performance", "potential", "number", "action", "succession"), NINE_BOX_ROWS
)
def test_nine_box(_case, performance, potential, number, action, succession):
    box = box_for(performance, potential)
    assert box.number == number
    assert box.action is action
    assert box.in_succession_group is succession
    assert box_number(number) == box


def test_nine_box_covers_every_cell_once():
    numbers = {box_for(p, q).number for p in Level for q in Potential}
    assert numbers == set(range(1, 10))
    assert rules.GRID_ROWS == ((6, 8, 9), (3, 5, 7), (1, 2, 4))
    assert {7, 8, 9} == rules.SUCCESSION_BOXES


def test_unknown_box_number_is_refused():
    with pytest.raises(KeyError):
        box_number(10)


def test_talent_reuses_the_one_predicate_matrix():
    assert rules.predicate is performance_rules.predicate
    assert rules.Level is performance_rules.Level
    assert rules.Predicate is performance_rules.Predicate
    assert not hasattr(rules, "_PREDICATE_MATRIX")


PERFORMANCE_AXIS_ROWS = [
    ("_sangat_baik_above", SB, A),
    ("_baik_meets", BK, M),
    ("_butuh_perbaikan_below", BP, B),
    ("_kurang_below", KR, B),
    ("_sangat_kurang_below", SK, B),
]


@pytest.mark.parametrize(("_case", "annual", "expected"), PERFORMANCE_AXIS_ROWS)
def test_performance_axis_from_annual_predicate(_case, annual, expected):
    assert performance_level(annual) is expected


RANGES = PotentialRanges(Decimal(60), Decimal(80))
POTENTIAL_ROWS = [
    ("_zero_low", "0", LO),
    ("_just_below_medium", "59.99", LO),
    ("_medium_bound_is_medium", "60", MID),
    ("_just_below_high", "79.99", MID),
    ("_high_bound_is_high", "80", HI),
    ("_top", "100", HI),
]


@pytest.mark.parametrize(("_case", "score", "expected"), POTENTIAL_ROWS)
def test_potential_level_by_ranges(_case, score, expected):
    assert potential_level(Decimal(score), RANGES) is expected


def test_potential_ranges_are_configurable():
    strict = PotentialRanges(Decimal(70), Decimal(90))
    assert potential_level(Decimal(85), strict) is MID
    assert potential_level(Decimal(85), RANGES) is HI


def test_potential_ranges_must_be_ordered():
    with pytest.raises(ValueError):
        PotentialRanges(Decimal(80), Decimal(80))


# ---------------------------------------------------------------- distribution curve
def staff(**counts: int) -> list[Predicate]:
    return [Predicate(name) for name, n in counts.items() for _ in range(n)]


def rule_of(org: OrgPredicate, index: int) -> DistributionRule:
    return DEFAULT_DISTRIBUTION_RULES[org][index]


# (case, OPD predicate, staff predicates, violated rule indexes, people off per violation)
DISTRIBUTION_ROWS = [
    # Istimewa: Sangat Baik at most 70%
    ("_istimewa_exactly_70", OrgPredicate.ISTIMEWA, staff(sangat_baik=7, baik=3), [], []),
    ("_istimewa_71", OrgPredicate.ISTIMEWA, staff(sangat_baik=71, baik=29), [0], [1]),
    ("_istimewa_8_of_10", OrgPredicate.ISTIMEWA, staff(sangat_baik=8, baik=2), [0], [1]),
    # Baik: Baik at most 70%; at least one Butuh Perbaikan or Kurang
    ("_baik_inside", OrgPredicate.BAIK, staff(baik=7, sangat_baik=2, kurang=1), [], []),
    (
        "_baik_one_bp_enough",
        OrgPredicate.BAIK,
        staff(baik=7, sangat_baik=2, butuh_perbaikan=1),
        [],
        [],
    ),
    ("_baik_71", OrgPredicate.BAIK, staff(baik=71, sangat_baik=28, kurang=1), [0], [1]),
    ("_baik_none_below", OrgPredicate.BAIK, staff(baik=7, sangat_baik=3), [1], [1]),
    (
        "_baik_sangat_kurang_does_not_count",
        OrgPredicate.BAIK,
        staff(baik=7, sangat_baik=2, sangat_kurang=1),
        [1],
        [1],
    ),
    # Butuh Perbaikan: BP at least 60%; Sangat Baik at most 10%
    (
        "_bp_inside",
        OrgPredicate.BUTUH_PERBAIKAN,
        staff(butuh_perbaikan=6, sangat_baik=1, baik=3),
        [],
        [],
    ),
    (
        "_bp_59",
        OrgPredicate.BUTUH_PERBAIKAN,
        staff(butuh_perbaikan=59, sangat_baik=10, baik=31),
        [0],
        [1],
    ),
    (
        "_bp_sb_11",
        OrgPredicate.BUTUH_PERBAIKAN,
        staff(butuh_perbaikan=60, sangat_baik=11, baik=29),
        [1],
        [1],
    ),
    # Kurang: Kurang >= 60%; BP >= 10%; SB <= 10%
    (
        "_kurang_inside",
        OrgPredicate.KURANG,
        staff(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2),
        [],
        [],
    ),
    (
        "_kurang_59",
        OrgPredicate.KURANG,
        staff(kurang=59, butuh_perbaikan=10, sangat_baik=10, baik=21),
        [0],
        [1],
    ),
    (
        "_kurang_bp_9",
        OrgPredicate.KURANG,
        staff(kurang=60, butuh_perbaikan=9, sangat_baik=10, baik=21),
        [1],
        [1],
    ),
    (
        "_kurang_sb_11",
        OrgPredicate.KURANG,
        staff(kurang=60, butuh_perbaikan=10, sangat_baik=11, baik=19),
        [2],
        [1],
    ),
    # Sangat Kurang: SK >= 60%; Kurang or BP >= 10%; no Sangat Baik
    ("_sk_inside", OrgPredicate.SANGAT_KURANG, staff(sangat_kurang=6, kurang=1, baik=3), [], []),
    (
        "_sk_inside_bp_counts",
        OrgPredicate.SANGAT_KURANG,
        staff(sangat_kurang=6, butuh_perbaikan=1, baik=3),
        [],
        [],
    ),
    ("_sk_59", OrgPredicate.SANGAT_KURANG, staff(sangat_kurang=59, kurang=10, baik=31), [0], [1]),
    (
        "_sk_k_or_bp_9",
        OrgPredicate.SANGAT_KURANG,
        staff(sangat_kurang=60, kurang=5, butuh_perbaikan=4, baik=31),
        [1],
        [1],
    ),
    (
        "_sk_one_sangat_baik",
        OrgPredicate.SANGAT_KURANG,
        staff(sangat_kurang=6, kurang=1, sangat_baik=1, baik=2),
        [2],
        [1],
    ),
    # several at once, all reported
    ("_kurang_all_three", OrgPredicate.KURANG, staff(sangat_baik=10), [0, 1, 2], [6, 1, 9]),
]


@pytest.mark.parametrize(("_case", "org", "predicates", "violated", "people"), DISTRIBUTION_ROWS)
def test_distribution_rules(_case, org, predicates, violated, people):
    rule_set = DEFAULT_DISTRIBUTION_RULES[org]
    violations = check_distribution(predicates, rule_set)
    assert [rule_set.index(v.rule) for v in violations] == violated
    assert [v.people for v in violations] == people


def test_violation_reports_by_how_much():
    [violation] = check_distribution(
        staff(sangat_baik=8, baik=2), DEFAULT_DISTRIBUTION_RULES[OrgPredicate.ISTIMEWA]
    )
    assert violation.share == Fraction(4, 5)
    assert violation.limit == Fraction(7, 10)
    assert violation.share_pct == Decimal("80.00")
    assert violation.limit_pct == Decimal("70.00")
    assert violation.off_by_pct == Decimal("10.00")
    assert (violation.count, violation.total, violation.people) == (8, 10, 1)


def test_seventy_percent_of_three_rounds_the_safe_way():
    # 70% of 3 is 2.1 people: 2 allowed, 3 not; "at least 60%" of 3 is 1.8: 2 needed.
    istimewa = DEFAULT_DISTRIBUTION_RULES[OrgPredicate.ISTIMEWA]
    assert check_distribution(staff(sangat_baik=2, baik=1), istimewa) == []
    assert check_distribution(staff(sangat_baik=3), istimewa)[0].people == 1
    bp = (DEFAULT_DISTRIBUTION_RULES[OrgPredicate.BUTUH_PERBAIKAN][0],)
    assert check_distribution(staff(butuh_perbaikan=1, baik=2), bp)[0].people == 1
    assert check_distribution(staff(butuh_perbaikan=2, baik=1), bp) == []


def test_nobody_assessed_breaks_nothing():
    for org in OrgPredicate:
        assert check_distribution([], DEFAULT_DISTRIBUTION_RULES[org]) == []


def test_rule_sets_round_trip_through_json_data():
    data = rules_to_data(DEFAULT_DISTRIBUTION_RULES)
    assert data["baik"][1] == {
        "predicates": ["butuh_perbaikan", "kurang"],
        "bound": "at_least_count",
        "value": 1,
    }
    assert rules_from_data(data) == DEFAULT_DISTRIBUTION_RULES


@pytest.mark.parametrize(
    ("_case", "item"),
    [
        ("_unknown_predicate", {"predicates": ["hebat"], "bound": "at_most_pct", "value": 5}),
        ("_unknown_bound", {"predicates": ["baik"], "bound": "about", "value": 5}),
        ("_over_100_pct", {"predicates": ["baik"], "bound": "at_most_pct", "value": 101}),
        ("_negative", {"predicates": ["baik"], "bound": "at_least_count", "value": -1}),
    ],
)
def test_bad_rule_data_is_refused(_case, item):
    with pytest.raises(ValueError):
        rules_from_data({"baik": [item]})


def test_a_city_rule_set_is_plain_data():
    custom = {OrgPredicate.ISTIMEWA: (DistributionRule(frozenset({SB}), Bound.AT_MOST_PCT, 50),)}
    assert check_distribution(staff(sangat_baik=5, baik=5), custom[OrgPredicate.ISTIMEWA]) == []
    assert len(check_distribution(staff(sangat_baik=6, baik=4), custom[OrgPredicate.ISTIMEWA])) == 1


# ---------------------------------------------------------------- credit points
CREDIT_ROWS = [
    ("_sangat_baik_150", SB, "12.5", 12, Decimal("18.750")),
    ("_baik_100", BK, "12.5", 12, Decimal("12.500")),
    ("_butuh_perbaikan_75", BP, "12.5", 12, Decimal("9.375")),
    ("_kurang_50", KR, "12.5", 12, Decimal("6.250")),
    ("_sangat_kurang_25", SK, "12.5", 12, Decimal("3.125")),
    ("_one_month", BK, "12.5", 1, Decimal("1.042")),
    ("_quarter_sangat_baik", SB, "25", 3, Decimal("9.375")),
    ("_half_year_butuh_perbaikan", BP, "37.5", 6, Decimal("14.063")),
]


@pytest.mark.parametrize(("_case", "pred", "coefficient", "months", "expected"), CREDIT_ROWS)
def test_credit_points(_case, pred, coefficient, months, expected):
    assert credit_points(pred, Decimal(coefficient), months) == expected


@pytest.mark.parametrize("months", [0, 13])
def test_credit_points_months_out_of_range(months):
    with pytest.raises(ValueError):
        credit_points(BK, Decimal(10), months)


# ---------------------------------------------------------------- proposing the rating
PROPOSAL_ROWS = [
    ("_monthly_only_above", ["115", "110", "120"], [], "115.00", A),
    ("_monthly_only_meets", ["80", "90"], [], "85.00", M),
    ("_monthly_only_below", ["79.99"], [], "79.99", B),
    ("_indicators_only", [], ["100", "120"], "110.00", A),
    ("_half_half", ["100"], ["60"], "80.00", M),
    ("_half_half_below", ["100"], ["59.98"], "79.99", B),
]


@pytest.mark.parametrize(("_case", "monthly", "iki", "score", "level"), PROPOSAL_ROWS)
def test_propose_results_rating(_case, monthly, iki, score, level):
    proposal = propose_results_rating([Decimal(s) for s in monthly], [Decimal(s) for s in iki])
    assert proposal.score == Decimal(score)
    assert proposal.level is level


def test_no_data_no_proposal():
    assert propose_results_rating([], []) is None


def test_proposal_uses_city_thresholds():
    proposal = propose_results_rating([Decimal(100)], [], above_from=Decimal(100))
    assert proposal.level is A


ACHIEVEMENT_ROWS = [
    ("_quantity_met", "10", "10", False, "100.00"),
    ("_quantity_half", "10", "5", False, "50.00"),
    ("_time_faster", "10", "8", True, "125.00"),
    ("_time_slower", "10", "20", True, "50.00"),
    ("_capped", "10", "100", False, "150.00"),
    ("_zero_cost_capped", "10", "0", True, "150.00"),
]


@pytest.mark.parametrize(("_case", "target", "realised", "lower", "expected"), ACHIEVEMENT_ROWS)
def test_indicator_achievement(_case, target, realised, lower, expected):
    got = indicator_achievement(Decimal(target), Decimal(realised), lower_is_better=lower)
    assert got == Decimal(expected)


def test_indicator_target_must_be_positive():
    with pytest.raises(ValueError):
        indicator_achievement(Decimal(0), Decimal(1), lower_is_better=False)


MEDIAN_ROWS = [
    ("_odd", [A, M, B], M),
    ("_even_takes_lower_middle", [A, A, M, B], M),
    ("_all_above", [A, A], A),
    ("_empty", [], None),
]


@pytest.mark.parametrize(("_case", "levels", "expected"), MEDIAN_ROWS)
def test_median_level(_case, levels, expected):
    assert median_level(levels) == expected


MONTHS_ROWS = [
    ("_whole_year", date(2026, 1, 1), None, list(range(1, 13))),
    ("_until_mid_july", date(2026, 1, 1), date(2026, 7, 14), [1, 2, 3, 4, 5, 6]),
    ("_from_mid_july", date(2026, 7, 15), None, [7, 8, 9, 10, 11, 12]),
    ("_until_end_of_june", date(2026, 1, 1), date(2026, 6, 30), [1, 2, 3, 4, 5, 6]),
    ("_started_last_year", date(2025, 3, 1), date(2026, 2, 28), [1, 2]),
]


@pytest.mark.parametrize(("_case", "starts", "ends", "expected"), MONTHS_ROWS)
def test_months_in_force(_case, starts, ends, expected):
    assert months_in_force(2026, starts, ends) == expected


def test_split_skps_share_the_year_without_gap_or_overlap():
    first = months_in_force(2026, date(2026, 1, 1), date(2026, 7, 14))
    second = months_in_force(2026, date(2026, 7, 15), None)
    assert sorted(first + second) == list(range(1, 13))


def test_assessment_periods():
    assert rules.assessment_periods("quarterly") == [(1, 1, 3), (2, 4, 6), (3, 7, 9), (4, 10, 12)]
    assert len(rules.assessment_periods("monthly")) == 12
    with pytest.raises(ValueError):
        rules.assessment_periods("weekly")


@pytest.mark.parametrize(
    ("position_type", "key"),
    [("JPT_PRATAMA", True), ("ADMINISTRATOR", True), ("PENGAWAS", False), ("FUNGSIONAL", False)],
)
def test_key_positions(position_type, key):
    assert rules.is_key_position(position_type) is key


def test_template_form_of_the_rules_parses_to_the_defaults():
    template = [
        {
            "opd_predicate": "istimewa",
            "bounds": [{"predicates": ["sangat_baik"], "op": "at_most", "percent": 70}],
        },
        {
            "opd_predicate": "baik",
            "bounds": [
                {"predicates": ["baik"], "op": "at_most", "percent": 70},
                {"predicates": ["butuh_perbaikan", "kurang"], "op": "at_least", "count": 1},
            ],
        },
        {
            "opd_predicate": "butuh_perbaikan",
            "bounds": [
                {"predicates": ["butuh_perbaikan"], "op": "at_least", "percent": 60},
                {"predicates": ["sangat_baik"], "op": "at_most", "percent": 10},
            ],
        },
        {
            "opd_predicate": "kurang",
            "bounds": [
                {"predicates": ["kurang"], "op": "at_least", "percent": 60},
                {"predicates": ["butuh_perbaikan"], "op": "at_least", "percent": 10},
                {"predicates": ["sangat_baik"], "op": "at_most", "percent": 10},
            ],
        },
        {
            "opd_predicate": "sangat_kurang",
            "bounds": [
                {"predicates": ["sangat_kurang"], "op": "at_least", "percent": 60},
                {"predicates": ["kurang", "butuh_perbaikan"], "op": "at_least", "percent": 10},
                {"predicates": ["sangat_baik"], "op": "at_most", "count": 0},
            ],
        },
    ]
    assert rules.parse_distribution_rules(template) == DEFAULT_DISTRIBUTION_RULES


def test_template_form_of_potential_ranges():
    ranges = rules.parse_potential_ranges(
        {"rendah": [0, 70], "menengah": [70, 85], "tinggi": [85, 100]}
    )
    assert ranges == rules.DEFAULT_POTENTIAL_RANGES
    assert potential_level(Decimal("84.99"), ranges) is MID
