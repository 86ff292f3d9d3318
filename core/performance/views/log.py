"""The activity log: one phone screen, big targets, htmx submission."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.performance.forms import LogForm, ResubmitForm
from core.performance.models import ActivityEntry, EntryStatus, Favourite
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


def _panel_context(request: HttpRequest, form: LogForm, notice: str = "") -> dict:
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
    return {
        "form": form,
        "entries": entries,
        "today": today,
        "today_minutes": sum(
            e.minutes for e in entries if e.day == today and e.status != EntryStatus.REJECTED
        ),
        "favourites": favourites,
        "favourite_ids": {f.activity_type_id for f in favourites},
        "notice": notice,
    }


def _render(
    request: HttpRequest, form: LogForm, status: int = 200, notice: str = ""
) -> HttpResponse:
    context = _panel_context(request, form, notice)
    if request.htmx:
        # htmx swaps only 2xx answers: errors come back as 200 with the form's messages.
        return render(request, "core/performance/_log_panel.html", context)
    return render(request, "core/performance/log.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def log_page(request: HttpRequest) -> HttpResponse:
    employee_of(request.user)
    if request.method == "GET":
        return _render(request, LogForm())
    form = LogForm(request.POST, request.FILES)
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


def _logged(request: HttpRequest, form: LogForm, log: Callable[[], LogResult]) -> HttpResponse:
    """Run `log()`: the form with the refusal (400), or the saved notice and a fresh form."""
    try:
        result = log()
    except ValidationError as error:
        for message in messages_of(error):
            form.add_error(None, message)
        return _render(request, form, 400)
    notice = _("Saved: %(name)s, %(minutes)s minutes. Waiting for verification.") % {
        "name": result.entry.activity_type.name,
        "minutes": result.entry.minutes,
    }
    if not request.htmx:
        messages.success(request, notice)
        return redirect("performance:log")
    return _render(request, LogForm(), notice=notice)


@login_required
@require_POST
def favourite_log(request: HttpRequest, activity_type_id: int) -> HttpResponse:
    """One tap: log a favourite with its usual volume today."""
    employee = employee_of(request.user)
    favourite = Favourite.objects.filter(
        employee=employee, activity_type_id=activity_type_id
    ).first()
    if favourite is None:
        return _render(request, LogForm(), 404)
    return _logged(
        request,
        LogForm(),
        lambda: log_activity(
            actor=request.user,
            activity_type_id=activity_type_id,
            volume=favourite.volume,
            day=timezone.localdate(),
            idempotency_key=request.POST.get("idempotency_key", ""),
        ),
    )


@login_required
@require_POST
def toggle_favourite(request: HttpRequest, activity_type_id: int) -> HttpResponse:
    employee = employee_of(request.user)
    on = not Favourite.objects.filter(employee=employee, activity_type_id=activity_type_id).exists()
    try:
        set_favourite(actor=request.user, activity_type_id=activity_type_id, on=on)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
    if request.htmx:
        return _render(request, LogForm())
    return redirect("performance:log")


@login_required
@require_POST
def repeat_yesterday(request: HttpRequest) -> HttpResponse:
    employee_of(request.user)
    form = LogForm()
    try:
        created = repeat_day(
            actor=request.user,
            day=timezone.localdate(),
            idempotency_key=request.POST.get("idempotency_key", ""),
        )
    except ValidationError as error:
        for message in messages_of(error):
            form.add_error(None, message)
        return _render(request, form, 400)
    notice = _("Repeated %(count)s activities for today.") % {"count": len(created)}
    if not request.htmx:
        messages.success(request, notice)
        return redirect("performance:log")
    return _render(request, form, notice=notice)


@login_required
@require_POST
def withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        withdraw_activity(entry_id, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
    if request.htmx:
        return _render(request, LogForm())
    return redirect("performance:log")


@login_required
@require_http_methods(["GET", "POST"])
def resubmit(request: HttpRequest, entry_id: int) -> HttpResponse:
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
