"""Provisioning adopts the Surabaya model: the city gets exactly the template's content."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from catalog.rules import BUILTIN_DIR
from core.configuration import rules
from core.configuration.models import ActivityType, Adoption, Holiday, Indicator, ItemOrigin
from core.configuration.policy import policy_for, working_days
from core.configuration.services import city_items
from tests.conftest import in_city

SURABAYA_V1 = json.loads((BUILTIN_DIR / "surabaya-v1.json").read_text(encoding="utf-8"))


def test_jambi_gets_exactly_the_template_content_item_by_item(jambi):
    expected = rules.items_from_content(SURABAYA_V1)
    with in_city(jambi):
        actual = city_items()
        origins = set(
            ItemOrigin.objects.values_list("section", "key", "source_template", "source_version")
        )
        adoption = Adoption.objects.get(kind="adopt")
    assert (adoption.source_template, adoption.source_version) == ("surabaya", 1)
    assert set(actual) == set(expected)
    for section, items in expected.items():
        assert set(actual[section]) == set(items), section
        for key, value in items.items():
            assert rules.comparable(section, actual[section][key]) == rules.comparable(
                section, value
            ), (section, key)
            assert (section, key, "surabaya", 1) in origins


def test_every_activity_and_indicator_records_its_source_version(jambi):
    with in_city(jambi):
        sources = set(ActivityType.objects.values_list("source_template", "source_version"))
        sources |= set(Indicator.objects.values_list("source_template", "source_version"))
        count = ActivityType.objects.count()
    assert sources == {("surabaya", 1)}
    assert count == len(SURABAYA_V1["activities"]) >= 150


def test_policy_for_returns_the_domain_defaults(jambi):
    with in_city(jambi):
        policy = policy_for(2026, 3)
    assert policy.effective_minutes_per_day == 300
    assert (policy.result_weights.workload, policy.result_weights.iki) == (50, 50)
    assert (policy.rating_thresholds.above, policy.rating_thresholds.meets) == (110, 80)
    assert (
        policy.performance_factor_weights.result,
        policy.performance_factor_weights.attendance,
    ) == (60, 40)
    assert policy.full_cut_min_score == 50
    assert sorted(policy.tpp_base) == list(range(1, 18))
    assert [(b.min_minutes, b.max_minutes, b.percent) for b in policy.attendance_cuts] == [
        (1, 30, Decimal("0.5")),
        (31, 60, Decimal(1)),
        (61, 90, Decimal("1.5")),
        (91, None, Decimal(2)),
    ]
    assert (policy.no_record_cut_pct, policy.absent_cut_pct) == (2, 4)
    assert policy.cut_for_minutes(45) == 1
    assert [r["opd_predicate"] for r in policy.distribution_rules] == list(rules.OPD_PREDICATES)


def test_working_days_skip_weekends_holidays_and_cuti_bersama(jambi):
    with in_city(jambi):
        days = working_days(2026, 3)
        assert Holiday.objects.filter(date__month=3, date__year=2026).count() == 7
    assert date(2026, 3, 20) not in days  # cuti bersama Idul Fitri (Friday)
    assert date(2026, 3, 21) not in days  # Saturday
    assert date(2026, 3, 25) in days
    assert len(days) == 22 - 5  # 22 weekdays in March 2026, 5 of them days off
