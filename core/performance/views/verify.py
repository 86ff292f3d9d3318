"""The supervisor's queue: by person and day; approve, reject with a reason, bulk approve."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Avg, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.formats import number
from core.performance.forms import DecisionForm
from core.performance.models import ActivityEntry, EntryStatus
from core.performance.policy import logging_rules
from core.performance.rules import day_over_cap, entry_flags
from core.performance.services.common import employee_of
from core.performance.services.verification import bulk_approve, verify_activity
from core.performance.views.common import messages_of
from core.typing import CityRequest


def _usual_volumes(entries: list[ActivityEntry], since: date) -> dict[tuple[int, int], Decimal]:
    """(person, activity) -> average approved volume since `since`, in one query."""
    people = {e.employee_id for e in entries}
    types = {e.activity_type_id for e in entries}
    rows = (
        ActivityEntry.objects.filter(
            employee_id__in=people,
            activity_type_id__in=types,
            status=EntryStatus.APPROVED,
            day__gte=since,
        )
        .values("employee_id", "activity_type_id")
        .annotate(usual=Avg("volume"))
    )
    return {(r["employee_id"], r["activity_type_id"]): r["usual"] for r in rows}


def queue_for(verifier) -> list[dict]:
    """Waiting entries for this verifier (escalated ones included), grouped by person and
    day, each day and entry flagged when it deserves a second look."""
    entries = list(
        ActivityEntry.objects.filter(verifier=verifier, status=EntryStatus.SUBMITTED)
        .exclude(employee=verifier)
        .select_related("employee", "activity_type")
        .order_by("employee__name", "employee_id", "day", "id")
    )
    today = timezone.localdate()
    usual = _usual_volumes(entries, today - timedelta(days=90)) if entries else {}
    day_totals = (
        dict(
            (
                (r["employee_id"], r["day"]),
                r["total"],
            )
            for r in ActivityEntry.objects.filter(
                employee_id__in={e.employee_id for e in entries},
                day__in={e.day for e in entries},
            )
            .exclude(status=EntryStatus.REJECTED)
            .values("employee_id", "day")
            .annotate(total=Sum("minutes"))
        )
        if entries
        else {}
    )
    groups = []
    for (employee, day), group in groupby(entries, key=lambda e: (e.employee, e.day)):
        items = list(group)
        for entry in items:
            entry.flags = entry_flags(  # type: ignore[attr-defined]  # read by the template
                entry.volume, entry.minutes, usual.get((entry.employee_id, entry.activity_type_id))
            )
        total = day_totals.get((employee.pk, day), sum(e.minutes for e in items))
        daily_max = logging_rules(day.year, day.month)[0].daily_max_minutes
        groups.append(
            {
                "employee": employee,
                "day": day,
                "entries": items,
                "minutes": sum(e.minutes for e in items),
                "day_minutes": total,
                "daily_max": daily_max,
                "over_cap": day_over_cap(total, daily_max),
                "flagged": any(e.flags.any for e in items),  # type: ignore[attr-defined]  # set above
            }
        )
    return groups


@login_required
@require_safe
def queue(request: CityRequest) -> HttpResponse:
    """Nothing is ticked unless the supervisor asks for it ("select all", `?select=all`)."""
    verifier = employee_of(request.user)
    groups = queue_for(verifier)
    return render(
        request,
        "core/performance/verify.html",
        {
            "groups": groups,
            "select_all": request.GET.get("select") == "all",
            "count": sum(len(g["entries"]) for g in groups),
        },
    )


@login_required
@require_POST
def decide(request: CityRequest, entry_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    error = ""
    entry = None
    if form.is_valid():
        try:
            entry = verify_activity(
                entry_id,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            error = " ".join(messages_of(exc))
    else:
        error = _("Choose approve or reject.")
    if entry is None:
        entry = ActivityEntry.objects.select_related("activity_type").get(pk=entry_id)
    if request.htmx:
        return render(
            request,
            "core/performance/_verify_entry.html",
            {"entry": entry, "error": error},
            status=200,
        )
    if error:
        messages.error(request, error)
    return redirect("performance:verify")


@login_required
@require_POST
def bulk(request: CityRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("entry") if i.isascii() and i.isdigit()]
    if not ids:
        messages.error(request, _("Nothing was selected: tick the activities to approve first."))
        return redirect("performance:verify")
    try:
        count = bulk_approve(ids, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
        return redirect("performance:verify")
    messages.success(request, _("%(count)s activities approved.") % {"count": number(count)})
    return redirect("performance:verify")
