"""The public console's catalogue pages: templates, versions, imports and proposals."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog import services
from catalog.forms import ImportForm, ReviewForm
from catalog.models import ModelTemplate, ProposalStatus, TemplateProposal, TemplateVersion
from core.accounts.access import role_required
from core.accounts.roles import Role
from core.configuration.rules import comparable, items_from_content
from core.typing import CityRequest

STAFF = (Role.OPERATOR, Role.TRAINER)


def _section_counts(content: dict) -> dict[str, int]:
    return {section: len(items) for section, items in items_from_content(content).items()}


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def index(request: CityRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.user.role != Role.OPERATOR:
            messages.error(request, _("Only platform operators can import templates."))
        elif form.is_valid():
            try:
                version = services.import_template(
                    form.cleaned_data["file"].read(), actor=request.user
                )
            except services.TemplateError as exc:
                return render(
                    request,
                    "catalog/index.html",
                    _index_context(form, exc.problems or [("$", m) for m in exc.messages]),
                )
            messages.success(request, _("Imported %(ref)s as a draft.") % {"ref": version.ref})
            return redirect("catalog:version", slug=version.template.slug, number=version.version)
    return render(request, "catalog/index.html", _index_context(form, []))


def _index_context(form, problems) -> dict:
    templates = ModelTemplate.objects.prefetch_related("versions").order_by("slug")
    pending = TemplateProposal.objects.filter(status=ProposalStatus.PENDING).count()
    return {"templates": templates, "form": form, "problems": problems, "pending": pending}


@require_safe
@role_required(*STAFF)
def version_detail(request: CityRequest, slug: str, number: int) -> HttpResponse:
    version = get_object_or_404(
        TemplateVersion.objects.select_related("template"), template__slug=slug, version=number
    )
    if request.GET.get("download"):
        response = HttpResponse(
            services.dump(services.version_content(version)), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}-v{number}.json"'
        return response
    previous = (
        TemplateVersion.objects.filter(template=version.template, version__lt=version.version)
        .order_by("-version")
        .first()
    )
    changes = _differences(previous.content, version.content, removed=True) if previous else []
    return render(
        request,
        "catalog/version.html",
        {
            "version": version,
            "counts": _section_counts(version.content),
            "previous": previous,
            "changes": changes[:500],
        },
    )


@require_POST
@role_required(Role.OPERATOR)
def version_status(request: CityRequest, slug: str, number: int) -> HttpResponse:
    version = get_object_or_404(TemplateVersion, template__slug=slug, version=number)
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.publish_version(version, actor=request.user)
            messages.success(request, _("%(ref)s is published.") % {"ref": version.ref})
        elif action == "deprecate":
            services.deprecate_version(version, actor=request.user)
            messages.success(request, _("%(ref)s is deprecated.") % {"ref": version.ref})
    except services.TemplateError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("catalog:version", slug=slug, number=number)


@require_safe
@role_required(*STAFF)
def proposals(request: CityRequest) -> HttpResponse:
    rows = TemplateProposal.objects.select_related("result", "result__template")
    return render(request, "catalog/proposals.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def proposal_detail(request: CityRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(TemplateProposal, pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if request.user.role != Role.OPERATOR:
            messages.error(request, _("Only platform operators can review proposals."))
        elif form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if "publish" in request.POST:
                    version = services.publish_proposal(proposal, actor=request.user, note=note)
                    messages.success(request, _("Published as %(ref)s.") % {"ref": version.ref})
                    return redirect(
                        "catalog:version", slug=version.template.slug, number=version.version
                    )
                services.reject_proposal(proposal, actor=request.user, note=note)
                messages.success(request, _("Proposal rejected."))
                return redirect("catalog:proposals")
            except services.TemplateError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
    target = ModelTemplate.objects.filter(slug=proposal.target_slug).first()
    latest = target.latest_published() if target else None
    changes = _differences(latest.content if latest else {}, proposal.content)
    return render(
        request,
        "catalog/proposal.html",
        {
            "proposal": proposal,
            "form": form,
            "latest": latest,
            "changes": changes[:300],
            "counts": _section_counts(proposal.content),
        },
    )


def _differences(old: dict, new: dict, *, removed: bool = False) -> list[tuple[str, str, str]]:
    """(section, key, "added" | "changed") of `new` against `old`, for the reviewer."""
    before, after = items_from_content(old), items_from_content(new)
    rows = []
    for section, items in after.items():
        for key, value in sorted(items.items()):
            previous = before.get(section, {}).get(key)
            if previous is None:
                rows.append((section, key, _("added")))
            elif comparable(section, previous) != comparable(section, value):
                rows.append((section, key, _("changed")))
    if removed:
        for section, items in before.items():
            if section in after:
                rows += [
                    (section, key, _("removed")) for key in sorted(set(items) - set(after[section]))
                ]
    return rows
