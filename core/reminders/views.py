"""A person's reminder choices (and, for the city administrator, the city's settings),
and the endpoint a phone posts its push subscription to."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.accounts.roles import Role
from core.performance.services.common import employee_of
from core.reminders import services
from core.reminders.forms import OptOutForm, SettingsForm
from core.reminders.models import Channel, OptOut
from core.typing import CityRequest


def _is_city_admin(user) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.CITY_ADMIN))


@login_required
@require_http_methods(["GET", "POST"])
def my_reminders(request: CityRequest) -> HttpResponse:
    employee = employee_of(request.user)
    off = set(OptOut.objects.filter(employee=employee).values_list("channel", flat=True))
    form = OptOutForm(
        request.POST if request.POST.get("form") == "mine" else None,
        initial={c: c not in off for c in Channel.values},
    )
    admin = _is_city_admin(request.user)
    city_form = SettingsForm(
        request.POST if admin and request.POST.get("form") == "city" else None,
        instance=services.reminder_settings(),
    )
    if request.method == "POST":
        if request.POST.get("form") == "city":
            if not admin:
                raise PermissionDenied(_("Your role does not allow this."))
            if city_form.is_valid():
                services.update_settings(actor=request.user, values=city_form.cleaned_data)
                messages.success(request, _("The city's reminder settings are saved."))
                return redirect("reminders:mine")
        elif form.is_valid():
            services.set_opt_outs(
                actor=request.user, employee=employee, channels_off=form.channels_off()
            )
            messages.success(request, _("Your reminder choices are saved."))
            return redirect("reminders:mine")
    return render(
        request,
        "core/reminders/mine.html",
        {
            "form": form,
            "city_form": city_form if admin else None,
            "vapid_public_key": getattr(settings, "VAPID_PUBLIC_KEY", ""),
            "has_email": bool(employee.email or request.user.email),
            "has_phone": bool(employee.phone),
        },
    )


@login_required
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    """The phone's PushSubscription (JSON, as the browser gives it)."""
    employee_of(request.user)
    try:
        data = json.loads(request.body)
        endpoint = str(data["endpoint"])
        keys = data["keys"]
        p256dh, auth = str(keys["p256dh"]), str(keys["auth"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"message": _("Not a push subscription.")}, status=400)
    if (
        not endpoint.startswith("https://")
        and not settings.DEBUG
        and not getattr(settings, "PUSH_ALLOW_HTTP", False)
    ):
        return JsonResponse({"message": _("Not a push subscription.")}, status=400)
    services.subscribe_push(actor=request.user, endpoint=endpoint, p256dh=p256dh, auth=auth)
    return JsonResponse({"ok": True}, status=201)
