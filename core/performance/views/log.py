"""The activity log: one phone screen, big targets, htmx submission."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.people.hierarchy import position_on
from core.performance.forms import ActivityPicker, LogForm, ResubmitForm
from core.performance.models import ActivityEntry, EntryStatus, Favourite
from core.performance.policy import logging_rules
from core.performance.services.activities import (
    LogResult,
    log_activity,
    repeat_day,
    resubmit_activity,
    set_favourite,
    withdraw_activity,
)
from core.performance.services.common import employee_of
from core.performance.views.common import messages_of
from core.typing import CityRequest


def picker_for(employee, today: date) -> ActivityPicker:
    """The activities this person may log today: their position type's, favourites and
    the ones used in the last 30 days first."""
    assignment = position_on(employee, today)
    favourite_ids = list(
        Favourite.objects.filter(employee=employee, activity_type__is_active=True)
        .order_by("activity_type__name")
        .values_list("activity_type_id", flat=True)
    )
    recent_ids = list(
        dict.fromkeys(
            ActivityEntry.objects.filter(employee=employee, day__gte=today - timedelta(days=30))
            .order_by("-day", "-id")
            .values_list("activity_type_id", flat=True)[:200]
        )
    )[:10]
    return ActivityPicker(
        assignment.position.position_type if assignment else "", favourite_ids, recent_ids
    )


def new_form(request: HttpRequest, initial: dict | None = None) -> LogForm:
    """A fresh form: the date kept from the last save (`?day=`), else today."""
    employee = employee_of(request.user)
    today = timezone.localdate()
    initial = dict(initial or {})
    if "day" not in initial:
        kept = parse_date_or_none(request.GET.get("day") or request.POST.get("keep_day") or "")
        if kept is not None and today - timedelta(days=60) <= kept <= today:
            initial["day"] = kept
    return LogForm(initial=initial, picker=picker_for(employee, today))


def _plain(volume: Decimal) -> Decimal | int:
    """2.00 -> 2 and 1.50 -> 1.5 for the volume input (never 1E+1)."""
    if volume == volume.to_integral_value():
        return int(volume)
    return volume.normalize()


def parse_date_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _panel_context(
    request: CityRequest, form: LogForm, notice: str = "", refusals: list[str] | None = None
) -> dict:
    employee = employee_of(request.user)
    today = timezone.localdate()
    entries = list(
        ActivityEntry.objects.filter(employee=employee, day__gte=today.replace(day=1))
        .select_related("activity_type")
        .order_by("-day", "-id")[:20]
    )
    favourites = list(
        Favourite.objects.filter(employee=employee, activity_type__is_active=True)
        .select_related("activity_type")
        .order_by("activity_type__name")
    )
    today_minutes = (
        ActivityEntry.objects.filter(employee=employee, day=today)
        .exclude(status=EntryStatus.REJECTED)
        .aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    policy, _working_days = logging_rules(today.year, today.month)
    selected = form.selected_activity()
    return {
        "form": form,
        "entries": entries,
        "today": today,
        "today_minutes": today_minutes,
        "daily_max": policy.daily_max_minutes,
        "minutes_left": max(0, policy.daily_max_minutes - today_minutes),
        "favourites": favourites,
        "favourite_ids": {f.activity_type_id for f in favourites},
        "notice": notice,
        "refusals": refusals or [],
        "selected": selected,
        "evidence_needed": bool(selected and selected.evidence_required),
    }


def _render(
    request: CityRequest,
    form: LogForm,
    status: int = 200,
    notice: str = "",
    refusals: list[str] | None = None,
) -> HttpResponse:
    context = _panel_context(request, form, notice, refusals)
    if request.htmx:
        # htmx swaps only 2xx answers: errors come back as 200 with the form's messages.
        return render(request, "core/performance/_log_panel.html", context)
    return render(request, "core/performance/log.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def log_page(request: CityRequest) -> HttpResponse:
    employee = employee_of(request.user)
    if request.method == "GET":
        return _render(request, new_form(request))
    form = LogForm(request.POST, request.FILES, picker=picker_for(employee, timezone.localdate()))
    if not form.is_valid():
        return _render(request, form, 400)
    data = form.cleaned_data
    return _logged(
        request,
        form,
        lambda: log_activity(
            actor=request.user,
            activity_type_id=data["activity_type"].pk,
            volume=data["volume"],
            day=data["day"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            note=data["note"],
            evidence=data["evidence"],
            idempotency_key=data["idempotency_key"],
        ),
    )


def _logged(request: CityRequest, form: LogForm, log: Callable[[], LogResult]) -> HttpResponse:
    """Run `log()`: the form in place with the refusal as sentences (400), or the saved
    notice and a fresh form that keeps the date just used."""
    try:
        result = log()
    except ValidationError as error:
        return _render(request, form, 400, refusals=messages_of(error))
    entry = result.entry
    notice = _("Saved: %(name)s, %(minutes)s minutes. Waiting for verification.") % {
        "name": entry.activity_type.name,
        "minutes": entry.minutes,
    }
    if not request.htmx:
        messages.success(request, notice)
        return redirect(f"{reverse('performance:log')}?day={entry.day.isoformat()}")
    return _render(request, new_form(request, {"day": entry.day}), notice=notice)


@login_required
@require_POST
def favourite_log(request: CityRequest, activity_type_id: int) -> HttpResponse:
    """One tap: log a favourite with its usual volume today. A favourite that needs
    evidence opens the form prefilled, with the camera field, instead."""
    employee = employee_of(request.user)
    favourite = (
        Favourite.objects.filter(employee=employee, activity_type_id=activity_type_id)
        .select_related("activity_type")
        .first()
    )
    if favourite is None:
        return _render(
            request,
            new_form(request),
            404,
            refusals=[_("This activity is not among your favourites.")],
        )
    today = timezone.localdate()
    form = new_form(
        request,
        {"activity_type": activity_type_id, "volume": _plain(favourite.volume), "day": today},
    )
    if favourite.activity_type.evidence_required:
        notice = _("%(name)s needs evidence: add a photo, then save.") % {
            "name": favourite.activity_type.name
        }
        return _render(request, form, notice=notice)
    return _logged(
        request,
        form,
        lambda: log_activity(
            actor=request.user,
            activity_type_id=activity_type_id,
            volume=favourite.volume,
            day=today,
            idempotency_key=request.POST.get("idempotency_key", ""),
        ),
    )


@login_required
@require_POST
def toggle_favourite(request: CityRequest, activity_type_id: int) -> HttpResponse:
    employee = employee_of(request.user)
    on = not Favourite.objects.filter(employee=employee, activity_type_id=activity_type_id).exists()
    try:
        set_favourite(actor=request.user, activity_type_id=activity_type_id, on=on)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
    if request.htmx:
        return _render(request, new_form(request))
    return redirect("performance:log")


@login_required
@require_POST
def repeat_yesterday(request: CityRequest) -> HttpResponse:
    employee_of(request.user)
    form = new_form(request)
    try:
        created = repeat_day(
            actor=request.user,
            day=timezone.localdate(),
            idempotency_key=request.POST.get("idempotency_key", ""),
        )
    except ValidationError as error:
        return _render(request, form, 400, refusals=messages_of(error))
    notice = _("Repeated %(count)s activities for today.") % {"count": len(created)}
    if not request.htmx:
        messages.success(request, notice)
        return redirect("performance:log")
    return _render(request, form, notice=notice)


@login_required
@require_POST
def withdraw(request: CityRequest, entry_id: int) -> HttpResponse:
    try:
        withdraw_activity(entry_id, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
    if request.htmx:
        return _render(request, new_form(request))
    return redirect("performance:log")


@login_required
@require_http_methods(["GET", "POST"])
def resubmit(request: CityRequest, entry_id: int) -> HttpResponse:
    employee = employee_of(request.user)
    entry = (
        ActivityEntry.objects.select_related("activity_type")
        .filter(pk=entry_id, employee=employee)
        .first()
    )
    if entry is None:
        from django.http import Http404

        raise Http404
    form = ResubmitForm(
        request.POST or None,
        request.FILES or None,
        initial={"volume": entry.volume, "note": entry.note},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            resubmit_activity(
                entry.pk,
                actor=request.user,
                volume=form.cleaned_data["volume"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
            )
            messages.success(request, _("Sent again for verification."))
            return redirect("performance:log")
        except ValidationError as error:
            for message in messages_of(error):
                form.add_error(None, message)
    if request.method == "POST":
        status = 400
    return render(
        request, "core/performance/resubmit.html", {"form": form, "entry": entry}, status=status
    )
