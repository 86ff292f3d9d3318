"""Small helpers shared by the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone


def messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def month_arg(request, year: int | None = None, month: int | None = None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", year or today.year))
        month = int(request.GET.get("month", month or today.month))
    except ValueError:
        return today.year, today.month
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month
