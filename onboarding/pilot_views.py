"""Trainer pages: pilot cities (create, reset, trainee login sheet)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import ROLE_LABELS, TWO_FACTOR_REQUIRED, Role
from core.actors import Actor
from core.typing import CityRequest
from onboarding.access import get_pilot_for_trainer
from onboarding.forms import PilotForm
from onboarding.models import PilotProfile
from onboarding.services import applications, pilots
from onboarding.services.templates import template_adopter
from onboarding.views import request_port


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR, Role.TRAINER)
def pilots_page(request: CityRequest) -> HttpResponse:
    form = PilotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problem = pilots.pilot_slug_problem(data["slug"])
        if problem:
            form.add_error("slug", problem)
        elif data["population"] > pilots.INLINE_MAX_POPULATION:
            # Large pilots take longer than a web request may: a worker generates them.
            pilots.schedule_pilot(**data, actor_label=request.user.username)
            messages.success(
                request,
                _("Pilot city %(city)s is being generated; it appears in the list when ready.")
                % {"city": data["name"]},
            )
            return redirect("onboarding:pilots")
        else:
            actor = Actor.of(request.user)
            try:
                result = pilots.create_pilot(
                    data["slug"],
                    name=data["name"],
                    population=data["population"],
                    history_days=data["history_days"],
                    lifetime_days=data["lifetime_days"],
                    template_code=data["template_code"],
                    actor=actor,
                    after_build=template_adopter(data["template_code"], actor=actor),
                )
            except ValidationError as exc:
                form.add_error("slug", exc)
            else:
                messages.success(
                    request,
                    _("Pilot city %(city)s generated in %(seconds).1f s.")
                    % {"city": result.profile.city.name, "seconds": result.seconds},
                )
                return redirect("onboarding:pilot-logins", slug=result.profile.city.slug)
    profiles = PilotProfile.objects.select_related("city").order_by("-created_at")
    return render(
        request,
        "onboarding/pilots.html",
        {"form": form, "profiles": profiles},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(Role.OPERATOR, Role.TRAINER)
def reset(request: CityRequest, slug: str) -> HttpResponse:
    city = get_pilot_for_trainer(request.user, slug)
    try:
        result = pilots.reset_pilot(city, actor=Actor.of(request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(city)s is back to its initial data (%(seconds).1f s).")
            % {"city": city.name, "seconds": result.seconds},
        )
    return redirect("onboarding:pilots")


@require_safe
@role_required(Role.OPERATOR, Role.TRAINER)
def login_sheet(request: CityRequest, slug: str) -> HttpResponse:
    city = get_pilot_for_trainer(request.user, slug)
    port = request_port(request)
    logins = [
        {
            **login,
            "role_label": ROLE_LABELS.get(login["role"], login["role"]),
            "authenticator": login["role"] in TWO_FACTOR_REQUIRED,
        }
        for login in pilots.login_sheet(city)
    ]
    return render(
        request,
        "onboarding/pilot_logins.html",
        {
            "target": city,
            "profile": city.pilot_profile,
            "logins": logins,
            "any_admin": any(login["authenticator"] for login in logins),
            "address": applications.city_base_url(
                city.slug, scheme=request.scheme or "https", port=port
            )
            + "/",
        },
    )
