"""Onboarding rules, table-driven: checklist, stalled alerts, benchmark anonymity, sparkline."""

from datetime import date

import pytest

from onboarding.rules import (
    ChecklistFacts,
    MetricFacts,
    benchmark,
    evaluate_checklist,
    implementation_alerts,
    normalise_name,
    pilot_size_problem,
    sparkline,
)

EMPTY = ChecklistFacts(False, 0, 0, 0, 1000, 0, 0, 0, 0, 0)
READY = ChecklistFacts(True, 40, 300, 950, 1000, 800, 940, 900, 1, 2)


def _done(facts):
    return {item.key: item.done for item in evaluate_checklist(facts)}


def test_empty_city_has_nothing_done():
    assert set(_done(EMPTY).values()) == {False}


def test_ready_city_has_everything_done():
    assert set(_done(READY).values()) == {True}


@pytest.mark.parametrize(
    ("_case", "changes", "key", "done"),
    [
        ("79% activated is not enough", {"accounts_activated": 750}, "activated", False),
        ("80% activated is enough", {"accounts_activated": 760}, "activated", True),
        ("89% imported vs estimate", {"employees": 890, "accounts_activated": 800}, "asn", False),
        ("no estimate: any import counts", {"estimated_asn": None}, "asn", True),
        ("supervised share under 90%", {"employees_with_supervisor": 800}, "supervisors", False),
        ("no month opened", {"periods_opened": 0}, "first_month", False),
        ("no training", {"training_sessions": 0}, "training", False),
        ("configuration not confirmed", {"configuration_reviewed": False}, "configuration", False),
    ],
)
def test_checklist_item(_case, changes, key, done):
    facts = ChecklistFacts(**{**READY.__dict__, **changes})
    assert _done(facts)[key] is done


HEALTHY = MetricFacts(1000, 900, 700, 300, 20.0, 2)


@pytest.mark.parametrize(
    ("_case", "facts", "days_live", "expected"),
    [
        ("healthy", HEALTHY, 60, 0),
        ("too early to judge", MetricFacts(1000, 100, 0, 0, None, 0), 29, 0),
        ("under 50% activated after 30 days", MetricFacts(1000, 499, 400, 0, 5.0, 1), 30, 1),
        ("nobody imported", MetricFacts(0, 0, 0, 0, None, 0), 45, 1),
        ("no month opened", MetricFacts(1000, 900, 0, 0, None, 0), 45, 1),
        ("few logging work", MetricFacts(1000, 900, 100, 0, 5.0, 1), 45, 1),
        ("backlog and slow verification", MetricFacts(1000, 900, 700, 2500, 100.0, 1), 45, 2),
    ],
)
def test_stalled_alerts(_case, facts, days_live, expected):
    today = date(2026, 11, 28)
    live = date.fromordinal(today.toordinal() - days_live)
    assert len(implementation_alerts(facts, live_since=live, today=today)) == expected


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([0.5, 0.6, 0.7, 0.8], False),
        ([0.5, 0.6, 0.7, 0.8, None], False),
        ([0.5, 0.6, 0.7, 0.8, 0.9], True),
    ],
)
def test_benchmark_needs_five_contributing_cities(values, shown):
    result = benchmark(values)
    assert (result is not None) is shown
    if shown:
        assert (result.contributors, result.median) == (5, 0.7)


def test_names_are_compared_without_case_or_spacing():
    assert normalise_name("  KOTA   Jambi ") == normalise_name("kota jambi")


def test_sparkline_scales_into_the_box():
    assert (
        sparkline([0.0, 0.5, 1.0], width=100, height=10, top=1.0) == "0.0,10.0 50.0,5.0 100.0,0.0"
    )
    assert sparkline([]) == ""


@pytest.mark.parametrize(
    ("population", "days", "ok"),
    [(100, 0, True), (20_000, 90, True), (99, 0, False), (20_001, 0, False), (500, 91, False)],
)
def test_pilot_size_bounds(population, days, ok):
    assert (pilot_size_problem(population, days) is None) is ok


def test_configuration_item_names_the_adopted_template():
    facts = ChecklistFacts(**{**READY.__dict__, "adopted_template": "surabaya@1"})
    item = evaluate_checklist(facts)[0]
    assert item.key == "configuration" and item.detail.startswith("surabaya@1 · ")
