"""The logging window of a day, extended by platform incidents (grace_rules). The
incidents come from the callable named by `settings.INCIDENT_SPANS` (the public
`incidents` app provides it for the current city)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from core.performance.grace_rules import Deadline, Span, backdate_deadline


def incident_spans() -> list[Span]:
    """The incidents that touched the current city, from the configured provider."""
    provider = getattr(settings, "INCIDENT_SPANS", "")
    return list(import_string(provider)()) if provider else []


def logging_deadline(day: date, max_backdate_days: int) -> Deadline:
    """Until when work of `day` may be logged in the current city, incidents included."""
    return backdate_deadline(
        day,
        max_backdate_days,
        incident_spans(),
        tz=timezone.get_current_timezone(),
        now=timezone.now(),
    )


def duration_words(seconds: float) -> str:
    """4 hours 30 minutes, in the page's language (whole minutes, at least one)."""
    from django.utils.translation import ngettext

    total = max(1, round(seconds / 60))
    hours, minutes = divmod(total, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if minutes:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    return " ".join(parts)


def month_grace(year: int, month: int) -> dict | None:
    """What the incidents of a month did to its logging, for the personal statement:
    each incident (when, why, by how much it extended the days it touched) and the
    month's cut-off (the window of its last working day) as extended. None: no incident."""
    from datetime import date, datetime, time, timedelta

    from core.performance.policy import calendar_days, current_policy

    tz = timezone.get_current_timezone()
    start = datetime.combine(date(year, month, 1), time.min, tz)
    days = calendar_days(year, month)
    max_days = current_policy(year, month).max_backdate_days
    last = days[-1] if days else date(year, month, 1)
    cutoff = logging_deadline(last, max_days)
    now = timezone.now()
    touched = [
        s
        for s in incident_spans()
        if (s.ends_at or now) > start and s.starts_at < cutoff.at + timedelta(seconds=1)
    ]
    if not touched:
        return None
    return {
        "incidents": [
            {
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "reason": s.reason,
                "length": duration_words(((s.ends_at or now) - s.starts_at).total_seconds()),
            }
            for s in touched
        ],
        "cutoff": cutoff.at - timedelta(minutes=1),
        "cutoff_extended": duration_words(cutoff.extension.total_seconds())
        if cutoff.extension
        else "",
    }
