"""Operator pages for a city's data lifecycle: export, backup, download, purge."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import Role
from onboarding.access import get_city_for_operator
from onboarding.forms import ReasonForm
from onboarding.services import lifecycle
from tenants.services import Actor


def _done(
    request: HttpRequest, slug: str, error: ValidationError | None, success: str
) -> HttpResponse:
    if error is not None:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("onboarding:city", slug=slug)


@require_POST
@role_required(Role.OPERATOR)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    try:
        lifecycle.export_city(city, actor=Actor.of(request.user))
    except ValidationError as exc:
        return _done(request, slug, exc, "")
    return _done(request, slug, None, _("Export ready."))


@require_POST
@role_required(Role.OPERATOR)
def backup(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    try:
        lifecycle.backup_city(city, actor=Actor.of(request.user))
    except ValidationError as exc:
        return _done(request, slug, exc, "")
    return _done(request, slug, None, _("Backup ready."))


@require_safe
@role_required(Role.OPERATOR)
def download(request: HttpRequest, slug: str, file_id: int) -> FileResponse:
    city = get_city_for_operator(request.user, slug)
    record = get_object_or_404(city.exports, pk=file_id)
    path = Path(record.path)
    if not path.is_file():
        raise Http404(_("The file is no longer on the server."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_POST
@role_required(Role.OPERATOR)
def request_purge(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _done(request, slug, ValidationError(_("Give a reason for this change.")), "")
    try:
        lifecycle.request_purge(city, operator=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _done(request, slug, exc, "")
    return _done(request, slug, None, _("Purge requested: a second operator must confirm it."))


@require_POST
@role_required(Role.OPERATOR)
def confirm_purge(request: HttpRequest, slug: str, purge_id: int) -> HttpResponse:
    city = get_city_for_operator(request.user, slug)
    purge = get_object_or_404(city.purge_requests, pk=purge_id)
    try:
        lifecycle.confirm_purge(purge, operator=request.user)
    except ValidationError as exc:
        return _done(request, slug, exc, "")
    return _done(request, slug, None, _("The city's data has been purged."))
