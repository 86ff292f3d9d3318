"""The second approver's page: corrections above the city's threshold wait here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from core.people.access import DutyRefused
from core.performance.services.corrections import decide_correction, pending_corrections
from core.performance.views.common import messages_of
from core.typing import CityRequest

ADMINS = (Role.CITY_ADMIN, Role.OPD_ADMIN)


@role_required(*ADMINS)
@require_safe
def pending(request: CityRequest) -> HttpResponse:
    return render(
        request,
        "core/performance/corrections_pending.html",
        {"corrections": pending_corrections(request.user)[:200]},
    )


@role_required(*ADMINS)
@require_POST
def decide(request: CityRequest, correction_id: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    try:
        decide_correction(
            correction_id, actor=request.user, approve=approve, note=request.POST.get("note", "")
        )
    except DutyRefused as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        messages.error(request, " ".join(messages_of(error)))
    else:
        messages.success(
            request,
            _("Correction approved; the result was recomputed.")
            if approve
            else _("Correction rejected; nothing was changed."),
        )
    return redirect("performance:corrections")
