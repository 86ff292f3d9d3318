"""City-host pages of onboarding (mounted at /support/ on each city's host):
the first administrator's invitation, the platform support login and its banner,
and the city admin's view of the go-live checklist and of support sessions."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from core.accounts.services import needs_two_factor
from core.accounts.views import PENDING_KEY
from core.typing import CityRequest, RoutedRequest
from onboarding.forms import AcceptInvitationForm
from onboarding.models import SupportGrant
from onboarding.services import applications, metrics, support
from tenants.middleware import city_of

BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_safe
@role_required(Role.CITY_ADMIN)
def overview(request: CityRequest) -> HttpResponse:
    """The city admin's go-live checklist and every support access into this city."""
    grants = SupportGrant.objects.filter(city=city_of(request)).order_by("-created_at")[:50]
    checklist = metrics.checklist_for(city_of(request))
    done = {item.key: item.done for item in checklist["items"]}
    return render(
        request,
        "onboarding/city/overview.html",
        {
            "checklist": checklist,
            "configuration_done": done["configuration"],
            "grants": grants,
        },
    )


@require_POST
@role_required(Role.CITY_ADMIN)
def confirm_item(request: CityRequest, item: str) -> HttpResponse:
    if item not in metrics.CONFIRMABLE_ITEMS:
        raise Http404
    metrics.confirm_checklist_item(city_of(request), item, actor_label=request.user.username)
    messages.success(request, _("Checklist updated."))
    return redirect("support:overview")


@require_POST
@role_required(Role.CITY_ADMIN)
def revoke_grant(request: CityRequest, grant_id: int) -> HttpResponse:
    grant = SupportGrant.objects.filter(city=city_of(request), pk=grant_id).first()
    if grant is None:
        raise Http404
    support.end_grant(grant, actor_label=request.user.username)
    messages.success(request, _("Support access ended."))
    return redirect("support:overview")


@require_http_methods(["GET", "POST"])
def welcome(request: RoutedRequest, token: str) -> HttpResponse:
    """The invited administrator chooses a user name and password, and is signed in."""
    invitation = applications.open_invitation(city_of(request), token)
    if invitation is None:
        return render(request, "onboarding/city/invitation_invalid.html", status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = applications.accept_invitation(
                city_of(request),
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Welcome! Your administrator account is ready."))
            if needs_two_factor(user):
                # Administrators sign in with a second factor: enrol an authenticator now,
                # through the same pending step as the login form uses.
                request.session.cycle_key()
                request.session[PENDING_KEY] = {
                    "user": user.pk,
                    "at": time.time(),
                    "next": reverse("support:overview"),
                }
                return redirect("accounts:two_factor")
            login(request, user, backend=BACKEND)
            return redirect("support:overview")
    return render(
        request,
        "onboarding/city/welcome.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@require_safe
def enter(request: RoutedRequest, token: str) -> HttpResponse:
    """A platform operator's support link: signs in a one-off support user, once."""
    try:
        user, grant = support.enter_city(city_of(request), token)
    except ValidationError as exc:
        return render(
            request,
            "onboarding/city/support_refused.html",
            {"message": " ".join(exc.messages)},
            status=403,
        )
    logout(request)
    login(request, user, backend=BACKEND)
    request.session.set_expiry(grant.expires_at)
    request.session[support.SESSION_KEY] = {
        "grant": grant.pk,
        "operator": grant.operator_label,
        "expires_at": grant.expires_at.isoformat(),
    }
    return redirect("/")


@require_POST
def leave(request: RoutedRequest) -> HttpResponse:
    """The support user ends the session early; the grant stops working at once."""
    info = request.session.get(support.SESSION_KEY)
    if info:
        grant = SupportGrant.objects.filter(city=city_of(request), pk=info["grant"]).first()
        if grant is not None:
            support.end_grant(grant, actor_label=request.user.username)
    logout(request)
    return redirect("accounts:login")
