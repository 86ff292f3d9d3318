"""Public-site pages of onboarding: applying, deciding applications, and one city's
onboarding page for platform staff (checklist, trends, support access, actions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from core.actors import Actor
from core.typing import CityRequest
from onboarding.access import get_city_for_operator, get_city_for_staff
from onboarding.forms import (
    ApplicationForm,
    ReasonForm,
    RejectForm,
    SupportGrantForm,
    TrainingSessionForm,
)
from onboarding.models import ApplicationStatus, CityApplication
from onboarding.services import applications, lifecycle, metrics, support
from onboarding.services.templates import template_adopter
from tenants.rules import CityStatus, allowed_transitions
from tenants.services import change_city_status


def request_port(request: HttpRequest) -> str:
    """The port the visitor used, when it is not the default (development servers)."""
    host = request.get_host()
    return host.rsplit(":", 1)[1] if ":" in host else ""


def _city_base_url(request: CityRequest, slug: str) -> str:
    return applications.city_base_url(
        slug, scheme=request.scheme or "https", port=request_port(request)
    )


# ---------------------------------------------------------------- applying (no login)
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = applications.submit_application(
                applications.ApplicationData(**form.cleaned_data)
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "onboarding/applied.html", {"application": application})
    return render(
        request, "onboarding/apply.html", {"form": form}, status=400 if form.errors else 200
    )


# ---------------------------------------------------------------- deciding
@require_safe
@role_required(Role.OPERATOR)
def application_list(request: CityRequest) -> HttpResponse:
    status = request.GET.get("status", ApplicationStatus.PENDING)
    items = CityApplication.objects.filter(status=status).select_related("city")
    return render(
        request,
        "onboarding/applications.html",
        {"applications": items, "status": status, "statuses": ApplicationStatus.choices},
    )


@require_safe
@role_required(Role.OPERATOR)
def application_detail(request: CityRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(CityApplication, pk=pk)
    return render(
        request,
        "onboarding/application_detail.html",
        {"application": application, "reject_form": RejectForm()},
    )


@require_POST
@role_required(Role.OPERATOR)
def approve(request: CityRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(CityApplication, pk=pk)
    try:
        approval = applications.approve_application(
            application,
            actor=Actor.of(request.user),
            scheme=request.scheme or "https",
            port=request_port(request),
            after_build=template_adopter(application.template_code, actor=Actor.of(request.user)),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("onboarding:application", pk=pk)
    # The link exists only now: e-mailed, and kept in this operator's session so the
    # printable page can be reloaded (POST-redirect-GET).
    messages.success(
        request, _("Application approved: %(city)s is ready.") % {"city": approval.city.name}
    )
    return _show_invitation(request, approval.city, approval.invitation)


@require_POST
@role_required(Role.OPERATOR)
def reject(request: CityRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(CityApplication, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            applications.reject_application(
                application, actor=Actor.of(request.user), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Application rejected; the applicant has been told why."))
            return redirect("onboarding:applications")
    return render(
        request,
        "onboarding/application_detail.html",
        {"application": application, "reject_form": form},
        status=400,
    )


# ---------------------------------------------------------------- one city
@require_safe
@role_required(Role.OPERATOR, Role.TRAINER)
def city_page(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_staff(request.user, slug)
    return render(request, "onboarding/city.html", _city_context(request, city))


def _city_context(request: CityRequest, city, **forms) -> dict:
    allowed = allowed_transitions(city.status, is_pilot=city.is_pilot)
    checklist = metrics.checklist_for(
        city, base_url=_city_base_url(request, city.slug), training_link="#training"
    )
    return {
        "target": city,
        "checklist": checklist,
        "history": metrics.history(city),
        "grants": city.support_grants.all()[:20],
        "trainings": city.training_sessions.all()[:20],
        "exports": city.exports.all()[:10],
        "purges": city.purge_requests.select_related("requested_by", "confirmed_by")[:5],
        "invitations": city.invitations.all()[:5],
        "can_suspend": CityStatus.SUSPENDED in allowed,
        "can_reactivate": city.status == CityStatus.SUSPENDED
        and bool(allowed & {CityStatus.ACTIVE, CityStatus.PILOT}),
        "can_archive": CityStatus.ARCHIVED in allowed,
        "support_form": forms.get("support_form") or SupportGrantForm(),
        "training_form": forms.get("training_form") or TrainingSessionForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
    }


@require_POST
@role_required(Role.OPERATOR)
def city_status(request: CityRequest, slug: str, action: str) -> HttpResponse:
    """Suspend, reactivate or archive, with a reason (recorded by change_city_status)."""
    city = get_city_for_operator(request.user, slug)
    targets = {
        "suspend": CityStatus.SUSPENDED,
        "reactivate": CityStatus.PILOT if city.is_pilot else CityStatus.ACTIVE,
        "archive": CityStatus.ARCHIVED,
    }
    if action not in targets:
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        actor, reason = Actor.of(request.user), form.cleaned_data["reason"]
        try:
            if action == "archive":  # exports the city's data first
                lifecycle.archive_city(city, actor=actor, reason=reason)
            else:
                change_city_status(city, targets[action], actor=actor, reason=reason)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("onboarding:city", slug=slug)
    city.refresh_from_db()
    return render(
        request, "onboarding/city.html", _city_context(request, city, reason_form=form), status=400
    )


@require_POST
@role_required(Role.OPERATOR, Role.TRAINER)
def record_training(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_staff(request.user, slug)
    form = TrainingSessionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "onboarding/city.html",
            _city_context(request, city, training_form=form),
            status=400,
        )
    metrics.record_training_session(city, actor=Actor.of(request.user), **form.cleaned_data)
    messages.success(request, _("Training session recorded."))
    return redirect("onboarding:city", slug=slug)


@require_POST
@role_required(Role.OPERATOR)
def reissue_invitation(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    previous = city.invitations.first()
    application = getattr(city, "application", None)
    full_name = (
        previous.full_name if previous else (application.contact_name if application else "")
    )
    email = previous.email if previous else (application.contact_email if application else "")
    if not email:
        messages.error(request, _("This city has no administrator contact to invite."))
        return redirect("onboarding:city", slug=slug)
    issued = applications.issue_invitation(
        city,
        full_name=full_name,
        email=email,
        actor=Actor.of(request.user),
        base_url=_city_base_url(request, city.slug),
    )
    return _show_invitation(request, city, issued)


INVITATION_LINKS_KEY = "onboarding_invitation_links"


def _show_invitation(request: CityRequest, city, issued) -> HttpResponse:
    """Keep the new link for this session, then redirect to the page showing it."""
    links = request.session.get(INVITATION_LINKS_KEY, {})
    links[city.slug] = {"invitation": issued.invitation.pk, "link": issued.link}
    request.session[INVITATION_LINKS_KEY] = links
    return redirect("onboarding:invitation-letter", slug=city.slug)


@require_safe
@role_required(Role.OPERATOR)
def invitation_letter(request: CityRequest, slug: str) -> HttpResponse:
    """The printable invitation: the link only to the operator who issued it, in the
    session they issued it in (it is not stored anywhere else)."""
    city = get_city_for_operator(request.user, slug)
    kept = request.session.get(INVITATION_LINKS_KEY, {}).get(slug)
    invitation = city.invitations.filter(pk=kept["invitation"]).first() if kept else None
    return render(
        request,
        "onboarding/invitation_letter.html",
        {
            "city": city,
            "invitation": invitation,
            "link": kept["link"] if invitation else "",
            "target": city,
        },
    )


@require_POST
@role_required(Role.OPERATOR)
def grant_support(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    form = SupportGrantForm(request.POST)
    if form.is_valid():
        try:
            issued = support.grant_support_access(
                city,
                operator=request.user,
                reason=form.cleaned_data["reason"],
                minutes=form.cleaned_data["minutes"],
                base_url=_city_base_url(request, city.slug),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(
                request,
                "onboarding/support_link.html",
                {"target": city, "grant": issued.grant, "link": issued.link},
            )
    return render(
        request, "onboarding/city.html", _city_context(request, city, support_form=form), status=400
    )


@require_POST
@role_required(Role.OPERATOR)
def end_support(request: CityRequest, slug: str, grant_id: int) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    grant = get_object_or_404(city.support_grants, pk=grant_id)
    support.end_grant(grant, actor_label=request.user.username)
    messages.success(request, _("Support access ended."))
    return redirect("onboarding:city", slug=slug)
