"""Effective-dated policy: a change applies from the first open month; closed months keep theirs."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.configuration import policy as policy_module
from core.configuration import services
from core.configuration.models import Holiday, PolicyVersion
from core.configuration.policy import first_open_month, policy_for
from tests.conftest import in_city


@pytest.fixture
def october_closed(monkeypatch):
    """Periods up to October 2026 are closed (the performance area's answer)."""
    monkeypatch.setattr(policy_module, "last_closed_month", lambda: (2026, 10))


def test_a_weight_change_in_an_open_period_leaves_the_closed_period_alone(
    jambi, jambi_admin, october_closed
):
    with in_city(jambi):
        before = policy_for(2026, 10)
        services.update_policy(
            {"result_weights": {"workload": 40, "iki": 60}},
            actor=jambi_admin,
            note="IKI counts more",
        )
        closed, open_ = policy_for(2026, 10), policy_for(2026, 11)
        later = policy_for(2027, 3)
    assert closed == before
    assert (closed.result_weights.workload, closed.result_weights.iki) == (50, 50)
    assert (open_.result_weights.workload, open_.result_weights.iki) == (40, 60)
    assert open_.effective_from == date(2026, 11, 1)
    assert later == open_


def test_first_open_month_follows_the_last_closed_period(monkeypatch):
    monkeypatch.setattr(policy_module, "last_closed_month", lambda: (2026, 12))
    assert first_open_month() == (2027, 1)
    monkeypatch.setattr(policy_module, "last_closed_month", lambda: None)
    with time_machine.travel(date(2026, 5, 31)):
        assert first_open_month() == (2026, 5)


def test_a_second_change_in_the_same_open_month_updates_that_version(
    jambi, jambi_admin, october_closed
):
    with in_city(jambi):
        services.update_policy({"effective_minutes_per_day": 330}, actor=jambi_admin)
        services.update_policy({"effective_minutes_per_day": 450}, actor=jambi_admin)
        months = list(PolicyVersion.objects.values_list("effective_from", flat=True))
        minutes = policy_for(2026, 11).effective_minutes_per_day
    assert len(months) == 2 and date(2026, 11, 1) in months
    assert minutes == 450


def test_the_change_is_audited_with_before_and_after(jambi, jambi_admin, october_closed):
    with in_city(jambi):
        services.update_policy({"tpp_base": {"17": 35_000_000}}, actor=jambi_admin)
        event = AuditEvent.objects.filter(action="configuration.policy.update").get()
        tpp = policy_for(2026, 11).tpp_base_for(17)
    assert event.actor_id == jambi_admin.pk
    assert event.before["tpp_base"]["17"] == 32_000_000
    assert event.after["tpp_base"]["17"] == 35_000_000
    assert tpp == 35_000_000


BAD_CHANGES = [
    ("_weights_not_100", {"result_weights": {"workload": 60, "iki": 60}}, "add up to 100"),
    (
        "_factor_not_100",
        {"performance_factor_weights": {"result": 50, "attendance": 40}},
        "add up to 100",
    ),
    ("_thresholds_inverted", {"rating_thresholds": {"above": 80, "meets": 110}}, "higher"),
    ("_minutes_too_many", {"effective_minutes_per_day": 900}, "between 60 and 600"),
    ("_unknown_setting", {"bonus": 1}, "Unknown settings"),
    ("_unknown_band", {"attendance_cuts": {"late_999": 3}}, "late_999"),
    ("_negative_tpp", {"tpp_base": {"3": -1}}, "negative"),
]


@pytest.mark.parametrize(("_case", "changes", "message"), BAD_CHANGES)
def test_an_invalid_change_is_refused_and_writes_nothing(
    _case, changes, message, jambi, jambi_admin, october_closed
):
    with in_city(jambi):
        before = list(PolicyVersion.objects.values("effective_from", "data"))
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError, match=message):
            services.update_policy(changes, actor=jambi_admin)
        assert list(PolicyVersion.objects.values("effective_from", "data")) == before
        assert AuditEvent.objects.count() == events


def test_holidays_of_a_closed_month_cannot_change(jambi, jambi_admin, october_closed):
    with in_city(jambi):
        with pytest.raises(ValidationError, match="closed"):
            services.add_holiday(date(2026, 10, 2), "Hari Jadi Kota", "local", actor=jambi_admin)
        holiday = Holiday.objects.get(date=date(2026, 8, 17))
        with pytest.raises(ValidationError, match="closed"):
            services.deactivate_holiday(holiday, actor=jambi_admin)
        services.add_holiday(date(2026, 11, 17), "Hari Jadi Kota Jambi", "local", actor=jambi_admin)
        assert Holiday.objects.get(date=date(2026, 11, 17)).kind == "local"
        assert Holiday.objects.get(date=date(2026, 8, 17)).is_active


def test_policy_for_costs_one_query_and_working_days_two(jambi, django_assert_num_queries):
    from core.configuration.policy import working_days

    with in_city(jambi):
        policy_for(2026, 1)  # the search path is set on first use
        with django_assert_num_queries(1):
            policy_for(2026, 6)
        with django_assert_num_queries(2):
            working_days(2026, 6)


def test_distribution_rules_change_through_the_service(jambi, jambi_admin, october_closed):
    rule = [{"predicates": ["sangat_baik"], "op": "at_most", "percent": 60}]
    with in_city(jambi):
        services.update_policy({"distribution_rules": {"istimewa": rule}}, actor=jambi_admin)
        bounds = policy_for(2026, 11).bounds_for("istimewa")
        closed = policy_for(2026, 10).bounds_for("istimewa")
    assert bounds[0]["percent"] == 60 and closed[0]["percent"] == 70
