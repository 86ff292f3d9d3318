"""The logging window of a day, extended by platform incidents (incidents.rules)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.utils import timezone

from incidents.rules import Deadline, backdate_deadline
from incidents.services import incident_spans


def logging_deadline(day: date, max_backdate_days: int) -> Deadline:
    """Until when work of `day` may be logged in the current city, incidents included."""
    city_id = getattr(getattr(connection, "tenant", None), "pk", None)
    return backdate_deadline(
        day,
        max_backdate_days,
        incident_spans(city_id),
        tz=timezone.get_current_timezone(),
        now=timezone.now(),
    )
