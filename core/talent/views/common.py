"""Shared bits of the talent pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

from core.page_messages import attempt

__all__ = ["attempt", "form_errors", "submit_form", "year_param"]


def form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def submit_form(request: HttpRequest, form, action: Callable[[dict], object], *, ok: str) -> bool:
    """A posted form: its errors, or `action(cleaned_data)` run as by `attempt`."""
    if not form.is_valid():
        form_errors(request, form)
        return False
    return attempt(request, lambda: action(form.cleaned_data), ok=ok)


def year_param(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
