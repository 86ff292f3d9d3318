"""Operator pages for a city's data lifecycle: export, backup, download, purge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from core.actors import Actor
from core.typing import CityRequest
from onboarding.access import get_city_for_operator
from onboarding.forms import ReasonForm
from onboarding.services import lifecycle


def _run(request: CityRequest, slug: str, step: Callable[[], object], success: str) -> HttpResponse:
    """Run one lifecycle step; its refusal or `success` as a message, back to the city page."""
    try:
        step()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("onboarding:city", slug=slug)


@require_POST
@role_required(Role.OPERATOR)
def export(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    actor = Actor.of(request.user)
    return _run(request, slug, lambda: lifecycle.export_city(city, actor=actor), _("Export ready."))


@require_POST
@role_required(Role.OPERATOR)
def backup(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    actor = Actor.of(request.user)
    return _run(request, slug, lambda: lifecycle.backup_city(city, actor=actor), _("Backup ready."))


@require_safe
@role_required(Role.OPERATOR)
def download(request: CityRequest, slug: str, file_id: int) -> FileResponse:
    city = get_city_for_operator(request.user, slug)
    record = get_object_or_404(city.exports, pk=file_id)
    path = Path(record.path)
    if not path.is_file():
        raise Http404(_("The file is no longer on the server."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_POST
@role_required(Role.OPERATOR)
def request_purge(request: CityRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    form = ReasonForm(request.POST)

    def step() -> None:
        if not form.is_valid():
            raise ValidationError(_("Give a reason for this change."))
        lifecycle.request_purge(city, operator=request.user, reason=form.cleaned_data["reason"])

    return _run(request, slug, step, _("Purge requested: a second operator must confirm it."))


@require_POST
@role_required(Role.OPERATOR)
def confirm_purge(request: CityRequest, slug: str, purge_id: int) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    purge = get_object_or_404(city.purge_requests, pk=purge_id)
    return _run(
        request,
        slug,
        lambda: lifecycle.confirm_purge(purge, operator=request.user),
        _("The city's data has been purged."),
    )
