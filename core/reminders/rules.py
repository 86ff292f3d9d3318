"""Which reminders are due: pure functions over plain values (no database)."""

from __future__ import annotations

from datetime import date, time


def in_quiet_hours(now: time, starts: time, ends: time) -> bool:
    """Quiet hours may wrap midnight (21:00-06:00). Equal bounds: no quiet hours."""
    if starts == ends:
        return False
    if starts < ends:
        return starts <= now < ends
    return now >= starts or now < ends


def due_kinds(
    *,
    hour: int,
    log_hour: int,
    verify_hour: int,
    working_day: bool,
    cutoff_reminder_day: bool,
) -> list[str]:
    """The reminder kinds due at this local hour. Each is queued at most once a day per
    person and channel, so a run that comes late (or twice) still sends each once."""
    due: list[str] = []
    if working_day and hour >= log_hour:
        due.append("not_logged")
    if working_day and hour >= verify_hour:
        due.append("to_verify")
    if cutoff_reminder_day and hour >= log_hour:
        due.append("cutoff")
    return due


def cutoff_reminder_day(today: date, cutoff: date, days_before: int) -> bool:
    """True on the days from `days_before` days before the month's cut-off to the cut-off."""
    return 0 <= (cutoff - today).days <= days_before
