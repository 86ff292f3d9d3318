"""The read contract other areas build on: their adapters read this city's policy as configured."""

from __future__ import annotations

from decimal import Decimal

from core.configuration import services
from core.configuration.policy import policy_for
from tests.conftest import in_city


def test_performance_reads_the_configured_policy(jambi, jambi_admin):
    from core.performance.policy import current_policy

    with in_city(jambi):
        services.update_policy(
            {"effective_minutes_per_day": 450, "result_weights": {"workload": 40, "iki": 60}},
            actor=jambi_admin,
        )
        city = policy_for(2099, 1)
        performance = current_policy(2099, 1)
    assert performance.minutes_per_day == 450 == city.effective_minutes_per_day
    assert performance.weight_workload == Decimal("0.4")
    assert performance.tpp_base[17] == city.tpp_base_for(17)
    assert performance.no_record_pct == 2 and performance.absent_pct == 4
    assert performance.full_cut_below_score == 50


def test_talent_reads_the_configured_policy(jambi):
    from core.talent.policy import talent_policy

    with in_city(jambi):
        talent = talent_policy(2026, 12)
    assert talent.objection_window_days == 14
    assert talent.periodicity == "monthly"
    assert talent.above_from == 110 and talent.meets_from == 80
    assert len(talent.distribution_rules) == 5
