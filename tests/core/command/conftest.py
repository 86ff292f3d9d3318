"""The command centre reuses the daily-work personas (tests/core/performance/conftest.py)."""

from tests.core.performance.conftest import frozen_clock, policy, work  # noqa: F401
