"""Grace after incidents, as rules: the logging window of a day extended by the time the
platform failed the city. Pure functions over plain datetimes (no database); the
incidents themselves live in the public `incidents` app, which provides them through
`settings.INCIDENT_SPANS` (core knows no tenancy)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class Span:
    """An incident as the rules see it: start, end (None: still going on), reason."""

    starts_at: datetime
    ends_at: datetime | None
    reason: str = ""


@dataclass(frozen=True)
class Deadline:
    """Until when work of a day may be logged, and the incidents that extended it."""

    at: datetime
    base: datetime
    extended_by: list[tuple[Span, timedelta]]

    @property
    def extension(self) -> timedelta:
        return self.at - self.base


def backdate_deadline(
    day: date,
    max_backdate_days: int,
    incidents: Iterable[Span],
    *,
    tz: tzinfo,
    now: datetime,
) -> Deadline:
    """The end of the window in which the work of `day` may be logged.

    Without incidents: the end of the day `max_backdate_days` after `day` (local time),
    the city's ordinary back-dating window. Each incident that overlaps the window (as
    extended so far, so a later incident inside the extension counts too) extends it by
    the time it took away: from its start (or the start of `day`, if it began earlier)
    to its end (now, while it goes on).
    """
    start = datetime.combine(day, time.min, tz)
    base = datetime.combine(day + timedelta(days=max_backdate_days + 1), time.min, tz)
    deadline = base
    extended: list[tuple[Span, timedelta]] = []
    for span in sorted(incidents, key=lambda s: s.starts_at):
        ends = span.ends_at or now
        if ends <= start or span.starts_at >= deadline:
            continue
        lost = ends - max(span.starts_at, start)
        if lost > timedelta(0):
            deadline += lost
            extended.append((span, lost))
    return Deadline(deadline, base, extended)
