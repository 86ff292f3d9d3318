"""The public site's pages: landing, and the operator console's city pages."""

from __future__ import annotations

from collections import Counter
from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog.adoption import provision_with_template
from core.accounts.access import role_required
from core.accounts.roles import Role
from core.typing import CityRequest
from tenants.forms import AddDomainForm, ChangeStatusForm, ProvisionCityForm
from tenants.models import City
from tenants.rules import STATUS_LABELS, CityStatus, allowed_transitions
from tenants.services import (
    Actor,
    ProvisioningError,
    add_domain,
    change_city_status,
)


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    cities = City.objects.filter(status__in=[CityStatus.ACTIVE]).prefetch_related("domains")
    return render(request, "tenants/landing.html", {"cities": cities})


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR, Role.TRAINER)
def console(request: CityRequest) -> HttpResponse:
    form = ProvisionCityForm(request.POST or None)
    if request.method == "POST":
        if request.user.role != Role.OPERATOR and not request.POST.get("pilot"):
            form.add_error("pilot", _("Trainers may only create pilot cities."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                result = provision_with_template(
                    data["slug"],
                    name=data["name"],
                    province=data["province"],
                    pilot=data["pilot"],
                    expires_on=data["expires_on"],
                    actor=Actor.of(request.user),
                )
            except ProvisioningError as exc:
                form.add_error("slug", str(exc))
            else:
                messages.success(
                    request,
                    _("%(city)s is ready at %(host)s.")
                    % {"city": result.city.name, "host": result.domains[0]},
                )
                return redirect("console:city", slug=result.city.slug)
    cities = list(_visible_cities(request.user).prefetch_related("domains").order_by("name"))
    return render(
        request,
        "tenants/console.html",
        {"cities": cities, "form": form, "counts": _status_counts(cities)},
    )


def _visible_cities(user):
    """Operators see every city; trainers only the pilot cities they train in."""
    cities = City.objects.all()
    return cities if user.role == Role.OPERATOR else cities.filter(is_pilot=True)


def _status_counts(cities: list[City]) -> list[dict]:
    """How many cities are in each status, in lifecycle order, skipping empty ones."""
    tally = Counter(city.status for city in cities)
    return [
        {"label": label, "count": tally[status]}
        for status, label in STATUS_LABELS.items()
        if tally[status]
    ]


@require_safe
@role_required(Role.OPERATOR, Role.TRAINER)
def city_detail(request: CityRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(_visible_cities(request.user), slug=slug)
    return render(request, "tenants/city_detail.html", _detail_context(city))


def _detail_context(
    city: City,
    form: ChangeStatusForm | None = None,
    domain_form: AddDomainForm | None = None,
) -> dict:
    form = form or ChangeStatusForm()
    allowed = allowed_transitions(CityStatus(city.status), is_pilot=city.is_pilot)
    status = cast(forms.ChoiceField, form.fields["status"])
    status.choices = [(s.value, text) for s, text in STATUS_LABELS.items() if s in allowed]
    return {
        "target": city,
        "form": form,
        "domain_form": domain_form or AddDomainForm(),
        "domains": city.domains.order_by("-is_primary", "domain"),
        "history": city.status_changes.select_related("actor"),
    }


@require_POST
@role_required(Role.OPERATOR)
def change_status(request: CityRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    form = ChangeStatusForm(request.POST)
    if form.is_valid():
        try:
            change_city_status(
                city,
                CityStatus(form.cleaned_data["status"]),
                actor=Actor.of(request.user),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("status", exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("console:city", slug=city.slug)
    return render(request, "tenants/city_detail.html", _detail_context(city, form), status=400)


@require_POST
@role_required(Role.OPERATOR)
def add_city_domain(request: CityRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    form = AddDomainForm(request.POST)
    if form.is_valid():
        try:
            domain = add_domain(
                city, form.cleaned_data["host"], make_primary=form.cleaned_data["make_primary"]
            )
        except ValidationError as exc:
            form.add_error("host", exc)
        else:
            messages.success(request, _("%(host)s now leads to this city.") % {"host": domain})
            return redirect("console:city", slug=city.slug)
    context = _detail_context(city, domain_form=form)
    return render(request, "tenants/city_detail.html", context, status=400)
