"""The operator console's incident page: the record, and declaring or ending one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.accounts.access import role_required
from core.accounts.roles import Role
from incidents import services
from incidents.forms import DeclareForm
from incidents.models import Incident


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR)
def incident_list(request: HttpRequest) -> HttpResponse:
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.declare_incident(
                actor=request.user,
                city=data["city"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The incident is recorded; the logging windows it touched are extended.")
            )
            return redirect("incidents:list")
    incidents = [
        (incident, span_text(incident.starts_at, incident.ends_at))
        for incident in Incident.objects.select_related("city", "declared_by")[:100]
    ]
    return render(request, "incidents/list.html", {"form": form, "incidents": incidents})


def span_text(starts_at, ends_at) -> str:
    """ "4 Desember 2026, 14.00–18.30" (one day) or both dates in full; "" end: ongoing."""
    from django.utils import timezone
    from django.utils.formats import date_format

    start = timezone.localtime(starts_at)
    text = f"{date_format(start, 'j F Y')}, {start:%H.%M}"
    if ends_at is None:
        return text
    end = timezone.localtime(ends_at)
    if end.date() == start.date():
        return f"{text}–{end:%H.%M}"
    return f"{text} – {date_format(end, 'j F Y')}, {end:%H.%M}"


@require_POST
@role_required(Role.OPERATOR)
def end(request: HttpRequest, incident_id: int) -> HttpResponse:
    get_object_or_404(Incident, pk=incident_id)
    services.end_incident(incident_id)
    messages.success(request, _("The incident is ended."))
    return redirect("incidents:list")
