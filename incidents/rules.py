"""Grace after incidents: pure functions over plain datetimes (no database)."""

from __future__ import annotations

from core.performance.grace_rules import Deadline, Span, backdate_deadline

__all__ = ["FAILURES_TO_OPEN", "Deadline", "Span", "backdate_deadline", "health_transition"]

# Consecutive failed health probes before an incident is opened (one blip is not one).
FAILURES_TO_OPEN = 2


def health_transition(open_incident: bool, recent: list[bool]) -> str:
    """What the latest health probes mean: 'open', 'close' or '' (nothing to do).

    `recent`: the latest results, newest first (True = healthy).
    """
    if not open_incident and len(recent) >= FAILURES_TO_OPEN and not any(recent[:FAILURES_TO_OPEN]):
        return "open"
    if open_incident and recent and recent[0]:
        return "close"
    return ""
