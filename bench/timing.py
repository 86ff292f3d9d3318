"""Timing helpers: repeated runs, medians and 95th percentiles.

Every figure is a `Stat` over samples in seconds taken with `time.perf_counter`.
Comparisons that matter are measured interleaved (`interleave`), so that drift on a
shared machine (another process, autovacuum, a growing catalog) hits both sides alike.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stat:
    """Samples (seconds) of one measured operation."""

    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: list[float] | tuple[float, ...]) -> Stat:
        if not samples:
            raise ValueError("A measurement needs at least one sample.")
        return cls(tuple(samples))

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """95th percentile by the nearest-rank method (a sample that was really measured)."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def total(self) -> float:
        return sum(self.samples)

    def window(self, start: int, stop: int) -> Stat:
        """The samples `start:stop` (Python slice rules) as a Stat of their own."""
        return Stat.of(self.samples[start:stop])


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as elapsed: ...` then `elapsed[0]` holds the seconds."""
    holder: list[float] = []
    started = time.perf_counter()
    try:
        yield holder
    finally:
        holder.append(time.perf_counter() - started)


def measure(
    operation: Callable[[int], object],
    *,
    repeat: int,
    warmup: int = 1,
    setup: Callable[[int], object] | None = None,
) -> Stat:
    """Time `operation(i)` `repeat` times after `warmup` untimed calls.

    `setup(i)`, when given, runs untimed before each call (e.g. to pick a new slug).
    """
    samples: list[float] = []
    for i in range(-warmup, repeat):
        if setup is not None:
            setup(i)
        started = time.perf_counter()
        operation(i)
        elapsed = time.perf_counter() - started
        if i >= 0:
            samples.append(elapsed)
    return Stat.of(samples)


@dataclass
class Interleaved:
    """Samples of several operations measured round-robin."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def stat(self, name: str) -> Stat:
        return Stat.of(self.samples[name])


def interleave(
    operations: Mapping[str, Callable[[int], object]],
    *,
    rounds: int,
    warmup: int = 1,
    repeat_each: Mapping[str, int] | None = None,
) -> Interleaved:
    """Run each operation once per round, in turn, and time every call.

    `repeat_each` lowers the count for slow operations: an operation named there runs
    only in the first `repeat_each[name]` rounds (still interleaved with the others).
    `warmup` untimed rounds come first.
    """
    result = Interleaved({name: [] for name in operations})
    limits = dict(repeat_each or {})
    for round_ in range(-warmup, rounds):
        for name, operation in operations.items():
            if round_ >= limits.get(name, rounds):
                continue
            started = time.perf_counter()
            operation(round_)
            elapsed = time.perf_counter() - started
            if round_ >= 0:
                result.samples[name].append(elapsed)
    return result


def percentile_text(samples: list[float], q: float) -> str:
    """The `q` percentile (nearest rank) of `samples`, formatted; 0 for no samples."""
    ordered = sorted(samples) or [0.0]
    return format_seconds(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


def format_seconds(seconds: float) -> str:
    """A duration with a unit a reader takes in at a glance: µs, ms or s."""
    magnitude = abs(seconds)
    if magnitude < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if magnitude < 1:
        return f"{seconds * 1e3:.2f} ms" if magnitude < 0.1 else f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"
