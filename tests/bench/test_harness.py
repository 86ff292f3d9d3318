"""The bench harness: statistics, targets, and BENCHMARKS.md sections kept across runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.database import database_name, with_database
from bench.figures import DifferenceAtMost, Figure, RatioAtLeast, RatioAtMost, ValueAtMost
from bench.report import Machine, ModuleResult, terminal_table, write_benchmarks
from bench.timing import Stat, format_seconds, interleave, measure

HOST = Machine(cpu="Test CPU", cores=2, ram_gib=4.0, python="3.11.7", postgres="PostgreSQL 15.2")
WHEN = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def test_median_and_p95_use_measured_samples():
    stat = Stat.of([float(n) for n in range(1, 21)])  # 1..20
    assert stat.median == 10.5
    assert stat.p95 == 19.0  # nearest rank: ceil(0.95 * 20) = 19th value
    assert Stat.of([3.0]).p95 == 3.0


def test_empty_measurement_is_refused():
    with pytest.raises(ValueError):
        Stat.of([])


def test_measure_skips_warmup_calls():
    calls = []
    stat = measure(calls.append, repeat=3, warmup=2)
    assert calls == [-2, -1, 0, 1, 2]
    assert stat.n == 3


def test_interleave_runs_round_robin_and_limits_slow_operations():
    order = []
    result = interleave(
        {"a": lambda i: order.append(("a", i)), "b": lambda i: order.append(("b", i))},
        rounds=3,
        warmup=1,
        repeat_each={"b": 1},
    )
    assert order == [("a", -1), ("b", -1), ("a", 0), ("b", 0), ("a", 1), ("a", 2)]
    assert result.stat("a").n == 3
    assert result.stat("b").n == 1


@pytest.mark.parametrize(
    ("_case", "target", "value", "baseline", "passed"),
    [
        ("_within_ratio", RatioAtMost(1.5), 0.15, 0.1, True),
        ("_over_ratio", RatioAtMost(1.5), 0.16, 0.1, False),
        ("_fast_enough", RatioAtLeast(5), 0.5, 0.1, True),
        ("_not_5x_slower", RatioAtLeast(5), 0.49, 0.1, False),
        ("_overhead_ok", DifferenceAtMost(0.3e-3), 0.0005, 0.0003, True),
        ("_overhead_high", DifferenceAtMost(0.3e-3), 0.0007, 0.0003, False),
        ("_under_budget", ValueAtMost(10), 9.9, None, True),
        ("_over_budget", ValueAtMost(10), 10.1, None, False),
    ],
)
def test_targets(_case, target, value, baseline, passed):
    figure = Figure(
        "x",
        Stat.of([value]),
        baseline=Stat.of([baseline]) if baseline is not None else None,
        target=target,
    )
    assert figure.passed is passed
    assert figure.verdict == ("PASS" if passed else "FAIL")


def test_ratio_target_fails_without_a_baseline():
    assert Figure("x", Stat.of([1.0]), target=RatioAtMost(2)).passed is False


def test_figure_without_target_is_information():
    assert Figure("x", Stat.of([1.0])).verdict == "info"


def test_durations_are_printed_with_a_readable_unit():
    assert format_seconds(0.000_103_4) == "103.4 µs"
    assert format_seconds(0.0785) == "78.50 ms"
    assert format_seconds(0.4951) == "495.1 ms"
    assert format_seconds(12.345) == "12.35 s"


def test_table_shows_value_baseline_ratio_target_and_verdict():
    figure = Figure(
        "provision",
        Stat.of([0.2, 0.2, 0.2]),
        baseline=Stat.of([0.1]),
        baseline_label="lower bound",
        target=RatioAtMost(1.5),
    )
    table = terminal_table([figure])
    assert "provision" in table and "lower bound" in table
    assert "2.00×" in table and "ratio ≤ 1.5×" in table and "FAIL" in table


def _result(name: str, value: float) -> ModuleResult:
    return ModuleResult(name, f"Title {name}", [Figure(f"fig {name}", Stat.of([value]))], [], 1.0)


def test_benchmarks_file_keeps_sections_of_modules_not_run(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    write_benchmarks(
        [_result("alpha", 1.0), _result("beta", 2.0)],
        host=HOST,
        when=WHEN,
        command="python -m bench",
        path=path,
    )
    write_benchmarks(
        [_result("beta", 3.0)], host=HOST, when=WHEN, command="python -m bench beta", path=path
    )
    text = path.read_text()
    assert text.count("<!-- bench:alpha -->") == 1 and text.count("<!-- bench:beta -->") == 1
    assert "1.00 s" in text  # alpha's figure survived
    assert "3.00 s" in text and "2.00 s" not in text  # beta's was replaced
    assert "Test CPU (2 cores)" in text and "`python -m bench beta`" in text


def test_bench_database_is_named_after_the_development_one(monkeypatch):
    from bench.database import bench_database_url

    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("BENCH_DATABASE_NAME", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_dev")
    assert bench_database_url() == "postgres://postgres@127.0.0.1:5432/h_dev_bench"
    monkeypatch.setenv("BENCH_DATABASE_NAME", "mine")
    assert bench_database_url() == "postgres://postgres@127.0.0.1:5432/mine"
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://u@db:5432/exact")
    assert bench_database_url() == "postgres://u@db:5432/exact"


def test_bench_database_is_a_sibling_of_the_development_one():
    url = "postgres://postgres@127.0.0.1:5432/h_dev"
    assert with_database(url, "sinergi_bench") == "postgres://postgres@127.0.0.1:5432/sinergi_bench"
    embedded = "postgres://postgres@/sinergi?host=/srv/.pgdata"
    assert (
        with_database(embedded, "sinergi_bench")
        == "postgres://postgres@/sinergi_bench?host=/srv/.pgdata"
    )
    assert database_name(embedded) == "sinergi"
