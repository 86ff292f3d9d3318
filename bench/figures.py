"""What a benchmark module returns: figures, each with its baseline and target.

A `Figure` is one measured operation (`value`), usually set against a `baseline`
measured in the same run: the lower bound (the same work done the cheapest possible
way) or, for "at least N times faster" targets, the slower alternative. The `target`
decides PASS or FAIL; a figure without a target is shown for information.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from bench.timing import Stat, format_seconds


class Target(ABC):
    """A pass/fail rule over a figure."""

    @abstractmethod
    def describe(self) -> str:
        """The rule as shown in the table, e.g. "ratio ≤ 1.5×"."""

    @abstractmethod
    def met(self, figure: Figure) -> bool:
        """Whether `figure` meets the rule."""


@dataclass(frozen=True)
class RatioAtMost(Target):
    """value.median / baseline.median <= limit, e.g. "within 1.5x of the lower bound"."""

    limit: float

    def describe(self) -> str:
        return f"ratio ≤ {self.limit:g}×"

    def met(self, figure: Figure) -> bool:
        return figure.ratio is not None and figure.ratio <= self.limit


@dataclass(frozen=True)
class RatioAtLeast(Target):
    """value.median / baseline.median >= limit, e.g. "replaying is at least 5x slower"."""

    limit: float

    def describe(self) -> str:
        return f"ratio ≥ {self.limit:g}×"

    def met(self, figure: Figure) -> bool:
        return figure.ratio is not None and figure.ratio >= self.limit


@dataclass(frozen=True)
class DifferenceAtMost(Target):
    """value.median - baseline.median <= limit seconds (an overhead budget)."""

    limit: float

    def describe(self) -> str:
        return f"+ ≤ {format_seconds(self.limit)}"

    def met(self, figure: Figure) -> bool:
        return figure.difference is not None and figure.difference <= self.limit


@dataclass(frozen=True)
class P95AtMost(Target):
    """value.p95 <= limit seconds (a latency budget)."""

    limit: float

    def describe(self) -> str:
        return f"p95 ≤ {format_seconds(self.limit)}"

    def met(self, figure: Figure) -> bool:
        return figure.value.p95 <= self.limit


@dataclass(frozen=True)
class ValueAtMost(Target):
    """value.median <= limit seconds (an absolute budget)."""

    limit: float

    def describe(self) -> str:
        return f"≤ {format_seconds(self.limit)}"

    def met(self, figure: Figure) -> bool:
        return figure.value.median <= self.limit


@dataclass
class Figure:
    """One line of the results table."""

    name: str
    value: Stat
    baseline: Stat | None = None
    baseline_label: str = ""
    target: Target | None = None
    note: str = ""
    module: str = field(default="", compare=False)
    count: bool = False  # the value is a count (e.g. lost entries), not seconds

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median == 0:
            return None
        return self.value.median / self.baseline.median

    @property
    def difference(self) -> float | None:
        if self.baseline is None:
            return None
        return self.value.median - self.baseline.median

    @property
    def passed(self) -> bool | None:
        """True/False against the target; None when the figure has no target."""
        return None if self.target is None else self.target.met(self)

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]
