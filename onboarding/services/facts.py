"""Facts gathered in a city schema for the onboarding metrics (plain values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PerformanceFacts:
    periods_opened: int = 0
    periods_closed: int = 0
    active_last_7_days: int = 0
    verification_backlog: int = 0
    median_verification_hours: float | None = None
    last_activity_at: datetime | None = None


@dataclass(frozen=True)
class PeopleFacts:
    org_units: int
    positions: int
    employees: int
    activated: int
    with_position: int
    with_supervisor: int
