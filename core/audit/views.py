"""The audit trail page: inspectors read every recorded change, filtered."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from core.audit.actions import codes_labelled, object_types_labelled
from core.audit.models import AuditEvent
from core.audit.services import verify_chain
from core.typing import CityRequest

# Each event is a card of five lines on a phone: 25 is a few screens, not fifty.
EVENTS_PER_PAGE = 25


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _start_of(day: date) -> datetime:
    """Midnight of `day` in the city's time zone: a range on the column itself, which its
    index serves (a filter on the column's local date would read every event)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@require_safe
@role_required(Role.INSPECTOR)
def audit_trail(request: CityRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:  # a code, or words of its label ("kegiatan", "disetujui")
            events = events.filter(
                Q(action__icontains=data["action"]) | Q(action__in=codes_labelled(data["action"]))
            )
        if data["actor"]:
            events = events.filter(
                Q(actor_label__icontains=data["actor"])
                | Q(actor__full_name__icontains=data["actor"])
            )
        if data["object_type"]:  # a code, or words of its name ("koreksi", "kegiatan")
            events = events.filter(
                Q(object_type__icontains=data["object_type"])
                | Q(object_type__in=object_types_labelled(data["object_type"]))
            )
        if data["date_from"]:
            events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            events = events.filter(occurred_at__lt=_start_of(data["date_to"] + timedelta(days=1)))
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    if request.GET.get("verify"):
        context["broken_at"] = verify_chain()
        context["verified"] = True
    return render(request, "core/audit/trail.html", context)
