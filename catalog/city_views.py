"""The city's configuration home and the screens that read the public catalogue: the
three-way comparison with a template version (taking items from it) and publishing the
city's model back as a proposal. Served on the city's host under /configuration/ (the
URL names stay `configuration:*`, see config/urls_tenant.py); core.configuration owns
the city's own configuration and knows nothing of the catalogue.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from catalog.adoption import comparison_for, propose_from_city, published_versions, take_from
from catalog.models import TemplateProposal
from catalog.services import TemplateError
from core.configuration import access, services
from core.configuration.forms import SECTION_LABELS, ProposalForm
from core.configuration.models import ActivityType, Adoption, Indicator
from core.configuration.policy import first_open_month, last_closed_month
from core.configuration.rules import ChangeKind, comparable, summarise
from core.formats import month_year
from core.typing import CityRequest


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@require_safe
@login_required
def index(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    adoption = services.adoption_state()
    newer = []
    if adoption:
        newer = [
            v
            for v in published_versions()
            if v.template.slug == adoption.source_template and v.version > adoption.source_version
        ]
    counts = {
        "activities": ActivityType.objects.aggregate(
            total=Count("id"), active=Count("id", filter=Q(is_active=True))
        ),
        "indicators": Indicator.objects.aggregate(
            total=Count("id"), active=Count("id", filter=Q(is_active=True))
        ),
    }
    return render(
        request,
        "core/configuration/index.html",
        {
            "adoption": adoption,
            "newer": newer,
            "counts": counts,
            "history": Adoption.objects.all()[:10],
            "can_edit": access.can_edit(request.user),
            "open_month": _month_label(first_open_month()),
            "closed": last_closed_month(),
        },
    )


# ---------------------------------------------------------------- comparison
KIND_LABELS = {
    ChangeKind.UPSTREAM_ADDED: _("Added upstream"),
    ChangeKind.UPSTREAM_CHANGED: _("Changed upstream"),
    ChangeKind.UPSTREAM_REMOVED: _("Removed upstream"),
    ChangeKind.LOCAL_CHANGED: _("Changed by this city (kept)"),
    ChangeKind.LOCAL_ADDED: _("Added by this city (kept)"),
    ChangeKind.CONFLICT: _("Conflict: both changed"),
    ChangeKind.SAME: _("Same"),
}


@require_http_methods(["GET", "POST"])
@login_required
def upgrade(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    adoption = services.adoption_state()
    versions = published_versions()
    ref = request.POST.get("ref") or request.GET.get("ref") or _default_ref(adoption, versions)
    if request.method == "POST":
        access.require_editor(request.user)
        taken = _take(request, ref)
        if taken is not None:
            return taken
    version = changes = None
    if ref:
        try:
            version, _content, changes = comparison_for(ref)
        except TemplateError as exc:
            messages.error(request, " ".join(_errors(exc)))
    shown = [c for c in changes or [] if c.kind is not ChangeKind.SAME]
    return render(
        request,
        "catalog/city/upgrade.html",
        {
            "ref": ref,
            "version": version,
            "versions": versions,
            "rows": _upgrade_rows(shown),
            "summary": summarise(changes or []),
            "adoption": adoption,
            "clean_count": sum(1 for c in shown if c.clean),
            "can_edit": access.can_edit(request.user),
        },
    )


def _default_ref(adoption, versions) -> str:
    """The newest published version of the template the city adopted, if any."""
    if not adoption:
        return ""
    same = [v for v in versions if v.template.slug == adoption.source_template]
    return same[0].ref if same else ""


def _take(request: CityRequest, ref: str) -> HttpResponse | None:
    """Take the chosen items of `ref`; a redirect when done, None to show the page again."""
    if "take_all" in request.POST:
        keys = None
    elif "take_everything" in request.POST:  # adopt the template whole, conflicts included
        keys = _all_takeable(ref)
    else:
        keys = [_item_key(i) for i in request.POST.getlist("item") if ":" in i]
    if keys == []:
        messages.error(request, _("Choose at least one item to take."))
        return None
    try:
        taken = take_from(ref, keys=keys, actor=request.user)
    except (TemplateError, ValidationError) as exc:
        messages.error(request, " ".join(_errors(exc)))
        return None
    messages.success(
        request, _("%(count)s item(s) taken from %(ref)s.") % {"count": len(taken), "ref": ref}
    )
    return redirect(f"{request.path}?ref={ref}")


def _item_key(value: str) -> tuple[str, str]:
    """A chosen item, "section:key", as (section, key)."""
    section, key = value.split(":", 1)
    return section, key


def _upgrade_rows(shown: list) -> list[dict]:
    origin_of = services.origin_versions()
    return [
        {
            "change": c,
            "label": KIND_LABELS[c.kind],
            "section_label": SECTION_LABELS[c.section],
            "from_version": origin_of.get((c.section, c.key), _("this city")),
            "id": f"{c.section}:{c.key}",
            "fields": _field_changes(c),
            "label_current": _item_label(c.current),
            "label_new": _item_label(c.new),
        }
        for c in shown
    ]


# ---------------------------------------------------------------- publish back
@require_http_methods(["GET", "POST"])
@login_required
def publish(request: CityRequest) -> HttpResponse:
    access.require_editor(request.user)
    city = request.city
    if city is None:
        raise Http404
    short = city.name.removeprefix("Kota ").strip()
    form = ProposalForm(
        request.POST or None,
        initial={
            "attribution": f"Model {short}",
            "title": f"Model {short}",
            "target_slug": city.slug,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal = propose_from_city(
                city,
                actor=request.user,
                target_slug=d["target_slug"],
                title=d["title"],
                changelog=d["changelog"],
                sections=d["sections"],
                keys=form.keys(),
                attribution=d["attribution"],
            )
        except TemplateError as exc:
            for path, reason in exc.problems or [("", m) for m in exc.messages]:
                form.add_error(None, f"{path}: {reason}" if path else reason)
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Proposal “%(title)s” sent to the platform operators.")
                % {"title": proposal.title},
            )
            return redirect("configuration:publish")
    proposals = TemplateProposal.objects.filter(city_slug=city.slug)[:20]
    return render(request, "catalog/city/publish.html", {"form": form, "proposals": proposals})


def _field_changes(change) -> list[tuple[str, object, object]]:
    """(field, city value, template value) for the fields that differ, for display."""
    current = comparable(change.section, change.current) or {}
    new = comparable(change.section, change.new) or {}
    if not isinstance(current, dict) or not isinstance(new, dict):
        return [("value", current, new)]
    fields = [f for f in dict.fromkeys([*current, *new]) if current.get(f) != new.get(f)]
    return [(f, current.get(f, "—"), new.get(f, "—")) for f in fields]


def _all_takeable(ref: str) -> list[tuple[str, str]]:
    try:
        _version, _content, changes = comparison_for(ref)
    except TemplateError:
        return []
    return [(c.section, c.key) for c in changes if c.takeable]


def _item_label(value) -> str:
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    return str(value.get("name", value.get("value", "")))


def _month_label(month: tuple[int, int]) -> str:
    """(2026, 12) -> "Desember 2026" in Indonesian (never "2026-12")."""
    return month_year(date(month[0], month[1], 1))
