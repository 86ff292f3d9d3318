"""The supervisor's queue: by person and day; approve, reject with a reason, bulk approve."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.performance.forms import DecisionForm
from core.performance.models import ActivityEntry, EntryStatus
from core.performance.services.common import employee_of
from core.performance.services.verification import bulk_approve, verify_activity
from core.performance.views.common import messages_of


def queue_for(verifier) -> list[dict]:
    """Waiting entries for this verifier (escalated ones included), grouped by person and day."""
    entries = (
        ActivityEntry.objects.filter(verifier=verifier, status=EntryStatus.SUBMITTED)
        .exclude(employee=verifier)
        .select_related("employee", "activity_type")
        .order_by("employee__name", "employee_id", "day", "id")
    )
    groups = []
    for (employee, day), items in groupby(entries, key=lambda e: (e.employee, e.day)):
        items = list(items)
        groups.append(
            {
                "employee": employee,
                "day": day,
                "entries": items,
                "minutes": sum(e.minutes for e in items),
            }
        )
    return groups


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    verifier = employee_of(request.user)
    return render(request, "core/performance/verify.html", {"groups": queue_for(verifier)})


@login_required
@require_POST
def decide(request: HttpRequest, entry_id: int) -> HttpResponse:
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
def bulk(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("entry") if i.isdigit()]
    count = bulk_approve(ids, actor=request.user)
    messages.success(request, _("%(count)s activities approved.") % {"count": count})
    return redirect("performance:verify")
