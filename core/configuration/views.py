"""The city's configuration pages: parse, check access, call one service, render.

The configuration home and the screens that read the public catalogue (comparison with
a template version, publish back) are catalog.city_views: core knows no catalogue.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.configuration import access, services
from core.configuration.filters import PAGE_SIZE, ActivityFilter, IndicatorFilter
from core.configuration.forms import (
    ActivityForm,
    BrandingForm,
    HolidayForm,
    IndicatorForm,
    PolicyForm,
    TermForm,
)
from core.configuration.models import (
    ActivityType,
    Branding,
    Holiday,
    Indicator,
    PolicyVersion,
    Term,
)
from core.configuration.policy import first_open_month
from core.formats import month_year
from core.typing import CityRequest


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# ---------------------------------------------------------------- activities
@require_http_methods(["GET", "POST"])
@login_required
def activities(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    form = ActivityForm(request.POST or None, initial={"evidence_required": True})
    if request.method == "POST":
        access.require_editor(request.user)
        if form.is_valid():
            try:
                activity = services.create_activity(form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Activity %(code)s added.") % {"code": activity.code})
                return redirect("configuration:activities")
    context = {
        **_filtered_page(request, ActivityFilter, ActivityType.objects.order_by("code")),
        "form": form,
        "can_edit": access.can_edit(request.user),
    }
    if request.htmx and request.method == "GET":
        return render(request, "core/configuration/_activity_table.html", context)
    return render(request, "core/configuration/activities.html", context)


def _filtered_page(request: CityRequest, filter_class, queryset) -> dict:
    """The filter form and the page of matching rows (the pager keeps the filters)."""
    filters = filter_class(request.GET, queryset=queryset)
    rows = filters.qs if filters.is_valid() else queryset.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"filter": filters, "page": page, "rows": page.object_list}


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: CityRequest, code: str) -> HttpResponse:
    activity = access.get_activity_for_editor(request.user, code)
    return _edit_item(
        request,
        activity,
        ActivityForm,
        services.ACTIVITY_FIELDS,
        services.update_activity,
        kind=_("activity"),
        saved=_("Activity %(code)s saved."),
        back="configuration:activities",
    )


@require_POST
@login_required
def activity_toggle(request: CityRequest, code: str) -> HttpResponse:
    return _toggle_active(
        request,
        access.get_activity_for_editor(request.user, code),
        services.update_activity,
        row=("core/configuration/_activity_row.html", "a"),
        back="configuration:activities",
    )


# ---------------------------------------------------------------- indicators
@require_http_methods(["GET", "POST"])
@login_required
def indicators(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        access.require_editor(request.user)
        if form.is_valid():
            try:
                indicator = services.create_indicator(form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Indicator %(code)s added.") % {"code": indicator.code})
                return redirect("configuration:indicators")
    context = {
        **_filtered_page(request, IndicatorFilter, Indicator.objects.order_by("code")),
        "form": form,
        "can_edit": access.can_edit(request.user),
    }
    if request.htmx and request.method == "GET":
        return render(request, "core/configuration/_indicator_table.html", context)
    return render(request, "core/configuration/indicators.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request: CityRequest, code: str) -> HttpResponse:
    indicator = access.get_indicator_for_editor(request.user, code)
    return _edit_item(
        request,
        indicator,
        IndicatorForm,
        services.INDICATOR_FIELDS,
        services.update_indicator,
        kind=_("indicator"),
        saved=_("Indicator %(code)s saved."),
        back="configuration:indicators",
    )


def _edit_item(request, item, form_class, fields, update, *, kind, saved, back) -> HttpResponse:
    """The edit page of a catalogue item (activity or indicator): form, service, redirect."""
    initial = {f: getattr(item, f) for f in ("code", *fields)}
    form = form_class(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            update(item, form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, saved % {"code": item.code})
            return redirect(back)
    return render(
        request,
        "core/configuration/item_edit.html",
        {"form": form, "item": item, "kind": kind, "back": back},
    )


@require_POST
@login_required
def indicator_toggle(request: CityRequest, code: str) -> HttpResponse:
    return _toggle_active(
        request,
        access.get_indicator_for_editor(request.user, code),
        services.update_indicator,
        row=("core/configuration/_indicator_row.html", "i"),
        back="configuration:indicators",
    )


def _toggle_active(request: CityRequest, item, update, *, row: tuple[str, str], back: str):
    """Switch an activity or indicator on or off; htmx gets its table row back."""
    item = update(item, {"is_active": not item.is_active}, actor=request.user)
    if request.htmx:
        template, name = row
        return render(request, template, {name: item, "can_edit": True})
    return redirect(back)


# ---------------------------------------------------------------- policy
@require_http_methods(["GET", "POST"])
@login_required
def policy(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    current = services.current_policy_version()
    cut_codes = [c["code"] for c in current.data["attendance_cuts"]]
    form = PolicyForm(
        request.POST or None, cut_codes=cut_codes, initial=PolicyForm.initial_from(current.data)
    )
    if request.method == "POST":
        access.require_editor(request.user)
        if form.is_valid():
            try:
                version = services.update_policy(
                    form.changes(), actor=request.user, note=request.POST.get("note", "")
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Saved. The new settings apply from %(month)s; closed months keep theirs.")
                    % {"month": month_year(version.effective_from)},
                )
                return redirect("configuration:policy")
    tpp_fields = [form[f"tpp_{k}"] for k in range(1, 18)]
    cut_fields = [(form[f"cut_{c['code']}"], c) for c in current.data["attendance_cuts"]]
    other = [form[name] for name in form.fields if not name.startswith(("tpp_", "cut_"))]
    return render(
        request,
        "core/configuration/policy.html",
        {
            "form": form,
            "tpp_fields": tpp_fields,
            "cut_fields": cut_fields,
            "other_fields": other,
            "versions": PolicyVersion.objects.order_by("-effective_from"),
            "open_month": _month_label(first_open_month()),
            "current": current,
            "distribution": current.data["distribution_rules"],
            "can_edit": access.can_edit(request.user),
        },
    )


# ---------------------------------------------------------------- calendar
@require_http_methods(["GET", "POST"])
@login_required
def calendar_page(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    try:
        year = int(request.GET.get("year", first_open_month()[0]))
    except ValueError:
        year = first_open_month()[0]
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        access.require_editor(request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.add_holiday(d["date"], d["name"], d["kind"], actor=request.user)
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Holiday saved."))
                return redirect(f"{request.path}?year={d['date'].year}")
    from core.configuration.policy import PolicyMissing, working_days

    months = []
    for month in range(1, 13):
        try:
            months.append((date(year, month, 1), len(working_days(year, month))))
        except PolicyMissing:
            break
    return render(
        request,
        "core/configuration/calendar.html",
        {
            "year": year,
            "form": form,
            "months": months,
            "holidays": Holiday.objects.filter(date__year=year),
            "can_edit": access.can_edit(request.user),
        },
    )


@require_POST
@login_required
def holiday_deactivate(request: CityRequest, pk: int) -> HttpResponse:
    holiday = access.get_holiday_for_editor(request.user, pk)
    try:
        services.deactivate_holiday(holiday, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("%(name)s is no longer a day off.") % {"name": holiday.name})
    return redirect(f"/configuration/calendar/?year={holiday.date.year}")


# ---------------------------------------------------------------- branding
@require_http_methods(["GET", "POST"])
@login_required
def branding(request: CityRequest) -> HttpResponse:
    access.require_reader(request.user)
    current = Branding.objects.filter(pk=1).first() or Branding(pk=1)
    initial = {
        f: getattr(current, f)
        for f in ("display_name", "tagline", "primary_colour", "secondary_colour")
    }
    if not initial["display_name"] and request.city:
        initial["display_name"] = request.city.name
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        access.require_editor(request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "logo"}
            try:
                services.update_branding(
                    data, actor=request.user, logo=form.cleaned_data.get("logo")
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Branding saved."))
                return redirect("configuration:branding")
    return render(
        request,
        "core/configuration/branding.html",
        {
            "form": form,
            "branding": current,
            "can_edit": access.can_edit(request.user),
            "terms": Term.objects.all(),
            "term_form": TermForm(),
        },
    )


@require_POST
@login_required
def term_set(request: CityRequest) -> HttpResponse:
    access.require_editor(request.user)
    form = TermForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give both the word and what it stands for."))
    else:
        services.set_term(form.cleaned_data["key"], form.cleaned_data["value"], actor=request.user)
        messages.success(request, _("Term saved."))
    return redirect("configuration:branding")


# ---------------------------------------------------------------- upgrade / take parts
def _month_label(month: tuple[int, int]) -> str:
    """(2026, 12) -> "Desember 2026" in Indonesian (never "2026-12")."""
    return month_year(date(month[0], month[1], 1))
