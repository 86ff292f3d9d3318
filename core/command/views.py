"""The city screen, its live fragments (ETag / 304), drill-down, settings, weekly pack."""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_http_methods, require_safe

from config.params import parse_int
from core.accounts.access import allowed_by
from core.accounts.roles import Role
from core.command import access, charts, panels, svg
from core.command.forms import SettingsForm, TppBudgetForm
from core.performance.views.common import month_arg
from core.typing import CityRequest
from core.versioned_cache import usable

FRAGMENTS = ("today", "month", "money", "alerts")
REFRESH_SECONDS = 45


def _period(request: HttpRequest) -> tuple[int, int, bool]:
    year, month = month_arg(request)
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        year, month = today.year, today.month
    return year, month, (year, month) == (today.year, today.month)


_ETAG_SQL = """
SELECT (SELECT hash FROM audit_chainhead ORDER BY id LIMIT 1),
       (SELECT computed_at FROM command_opdmonth
        WHERE year = %(year)s AND month = %(month)s AND opd_id = -1 LIMIT 1),
       (SELECT max(updated_at) FROM command_commandsettings),
       (SELECT updated_at FROM command_tppbudget WHERE year = %(year)s)
"""


def data_version(request: HttpRequest) -> str:
    """What the screen's data depends on: any audited write in the city (the audit chain
    head), a refreshed month snapshot, the settings or the budget, and the hour (the day
    chart and the 14:00 check). One query, read once per request."""
    from django.db import connection

    cached = getattr(request, "_command_version", None)
    if cached is not None:
        return cached
    year, month, _live = _period(request)
    with connection.cursor() as cursor:
        cursor.execute(_ETAG_SQL, {"year": year, "month": month})
        row = cursor.fetchone()
    parts = [*map(str, row), timezone.localtime().strftime("%Y%m%d%H")]
    version = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    setattr(request, "_command_version", version)  # noqa: B010 (not an HttpRequest field)
    return version


def screen_etag(request: HttpRequest, *args, **kwargs) -> str:
    """Changes whenever anything the screen shows may have (`data_version`), or the
    language, the query or the role."""
    parts = [
        data_version(request),
        get_language() or "",
        request.get_full_path(),
        str(getattr(request.user, "role", "")),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


CACHE_SECONDS = 15 * 60


def rendered_panels(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    """The panels' HTML, rendered at most once per data version: the cache (whose key
    function adds the city) keeps, per period, language and panel, the last rendering
    with its `data_version` and time. It is served when the version is still current,
    or when `core.versioned_cache.usable` (the city's logging moves the version many
    times a second; the panel shows the time of its data). What is missing is computed
    with one shared context."""
    import time

    from django.core.cache import cache
    from django.utils.safestring import mark_safe

    year, month, live = _period(request)
    version = data_version(request)
    now = time.time()
    stem = f"command:{year}:{month}:{int(live)}:{get_language()}"
    keys = {name: f"{stem}:{name}" for name in names}
    found = cache.get_many(list(keys.values()))
    html = {}
    for name, key in keys.items():
        if key in found:
            seen, at, text = found[key]
            if usable(seen, at, version, now):
                html[name] = text
                if seen != version:  # its ETag must not say "current" (views.mark_stale)
                    setattr(request, "_command_stale", seen)  # noqa: B010
    missing = tuple(name for name in names if name not in html)
    if missing:
        context = screen_context(year, month, live, parts=missing)
        context["refresh"] = REFRESH_SECONDS
        fresh = {
            name: loader.render_to_string(f"core/command/_{name}.html", context) for name in missing
        }
        cache.set_many(
            {keys[name]: (version, now, text) for name, text in fresh.items()}, CACHE_SECONDS
        )
        html.update(fresh)
    return {name: mark_safe(text) for name, text in html.items()}  # noqa: S308 (our templates)


def mark_stale(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A response built from a panel of an older data version carries that version as
    its ETag, so the next conditional request is answered in full, not with a 304 that
    would keep the older panel on the screen."""
    seen = getattr(request, "_command_stale", None)
    if seen:
        response["ETag"] = f'"stale-{seen}"'
    return response


def _labels() -> list[str]:
    from core.performance.dashboards import predicate_label
    from core.performance.rules import PREDICATE_ORDER

    return [predicate_label(p.value) for p in PREDICATE_ORDER]


def screen_context(year: int, month: int, live: bool, parts=FRAGMENTS) -> dict:
    """Everything the screen shows (or only `parts`); the PDF reuses it. Each part
    reads only what it shows, so a fragment's refresh costs only its own queries."""
    now = timezone.localtime()
    context: dict = {
        "year": year,
        "month": month,
        "live": live,
        "now": now,
        "months": range(1, 13),
        "first_day": date(year, month, 1),
    }
    if "month" in parts:
        month_data = panels.month_panel(year, month)
        context["predicate_labels"] = _labels()
        for o in month_data["opds"]:
            o["spark"] = svg.sparkline(_("Verified minutes, day by day"), o["trend"])
        context["month_chart"] = charts.month_chart(month_data)
        context["opd_chart"] = charts.opd_bars(month_data)
        context["predicate_chart"] = charts.predicate_chart(month_data, context["predicate_labels"])
    elif "money" in parts or "alerts" in parts:
        month_data = panels.month_light(year, month)
    else:
        month_data = None
    context["m"] = month_data
    if "today" in parts and live:
        today = panels.today_panel(now)
        context["t"] = today
        context["backlog"] = panels.backlog(now.date())
        context["day_chart"] = charts.day_chart(today)
    if "money" in parts and month_data is not None:
        context["tpp"] = panels.tpp_panel(year, month, month_data["totals"])
        context["tpp_chart"] = charts.tpp_chart(context["tpp"])
        context["pad"] = panels.revenue_panel(year)
        context["pad_chart"] = charts.revenue_chart(context["pad"])
    if "alerts" in parts and live:
        context["alerts"] = panels.alerts(now, month=month_data)
    return context


@allowed_by(access.can_read_city)
@require_safe
@condition(etag_func=screen_etag)
def city(request: HttpRequest) -> HttpResponse:
    year, month, live = _period(request)
    names = FRAGMENTS if live else ("month", "money")
    context = {
        "year": year,
        "month": month,
        "live": live,
        "months": range(1, 13),
        "first_day": date(year, month, 1),
        "panel": rendered_panels(request, names),
        "can_configure": access.can_configure(request.user),
    }
    return mark_stale(request, render(request, "core/command/city.html", context))


@allowed_by(access.can_read_city)
@require_safe
@condition(etag_func=screen_etag)
def fragment(request: HttpRequest, name: str) -> HttpResponse:
    if name not in FRAGMENTS:
        raise Http404
    # No request context: a fragment needs no menu, so the context processors (the
    # navigation's access checks) are skipped.
    return mark_stale(request, HttpResponse(rendered_panels(request, (name,))[name]))


@allowed_by(access.can_read_city)
@require_safe
def opd(request: HttpRequest, opd_id: int) -> HttpResponse:
    from core.organisation.models import OrgUnit

    unit = OrgUnit.objects.filter(pk=opd_id, parent__isnull=True).first()
    if unit is None:
        raise Http404
    year, month, _live = _period(request)
    units = panels.opd_units(opd_id, year, month)
    head = panels.heads_of([opd_id], timezone.localdate()).get(opd_id)
    return render(
        request,
        "core/command/opd.html",
        {
            "opd": unit,
            "units": units,
            "head": head,
            "year": year,
            "month": month,
            "first_day": date(year, month, 1),
        },
    )


@allowed_by(access.can_read_city)
@require_safe
def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    from core.organisation.models import OrgUnit

    found = OrgUnit.objects.filter(pk=unit_id).select_related("opd").first()
    if found is None:
        raise Http404
    year, month, _live = _period(request)
    rows = panels.unit_people(unit_id, year, month)
    return render(
        request,
        "core/command/unit.html",
        {
            "unit": found,
            "opd": found.opd or found,
            "rows": rows,
            "year": year,
            "month": month,
            "first_day": date(year, month, 1),
        },
    )


def _int_arg(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    number = parse_int(value, 1, 2**63 - 1)  # ASCII digits only: "²".isdigit() is True
    if number is None:
        raise Http404
    return number


@allowed_by(access.can_read_city)
@require_safe
def waiting(request: HttpRequest) -> HttpResponse:
    """Read-only: the entries behind a waiting alert (one supervisor or OPD, past the
    escalation limit) or behind the backlog figure (`?backlog=1`)."""
    from core.organisation.models import OrgUnit
    from core.people.models import Employee

    verifier_id, opd_id = _int_arg(request, "verifier"), _int_arg(request, "opd")
    backlog_only = request.GET.get("backlog") == "1"
    verifier = opd = None
    if verifier_id is not None:
        verifier = Employee.objects.filter(pk=verifier_id).first()
        if verifier is None:
            raise Http404
    if opd_id is not None:
        opd = OrgUnit.objects.filter(pk=opd_id, parent__isnull=True).first()
        if opd is None:
            raise Http404
    found = panels.waiting_entries(
        timezone.now(), verifier_id=verifier_id, opd_id=opd_id, backlog_only=backlog_only
    )
    return render(
        request,
        "core/command/waiting.html",
        {
            **found,
            "verifier": verifier,
            "opd": opd,
            "backlog_only": backlog_only,
            "now": timezone.localtime(),
            "cap": panels.WAITING_ROWS,
        },
    )


@allowed_by(access.can_read_city)
@require_safe
def pack(request: HttpRequest) -> HttpResponse:
    from core.command.pdf import weekly_pack

    year, month, live = _period(request)
    context = screen_context(year, month, live)
    body = weekly_pack(context)
    response = HttpResponse(body, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rapat-evaluasi-{stamp}.pdf"'
    return response


@allowed_by(access.can_configure)
@require_http_methods(["GET", "POST"])
def settings_page(request: CityRequest) -> HttpResponse:
    from core.command import services

    if request.user.role != Role.CITY_ADMIN:
        raise PermissionDenied
    year = timezone.localdate().year
    conf = panels.settings_of()
    budget = panels.budget_of(year)
    form = SettingsForm(instance=conf, prefix="s")
    budget_form = TppBudgetForm(initial={"year": year, "amount": budget.amount if budget else None})
    if request.method == "POST":
        if "s-check_hour" in request.POST:
            form = SettingsForm(request.POST, instance=conf, prefix="s")
            if form.is_valid():
                services.update_settings(actor=request.user, values=form.cleaned_data)
                messages.success(request, _("The alert thresholds were saved."))
                return redirect("command:settings")
        else:
            budget_form = TppBudgetForm(request.POST)
            if budget_form.is_valid():
                services.set_tpp_budget(
                    actor=request.user,
                    year=budget_form.cleaned_data["year"],
                    amount=budget_form.cleaned_data["amount"],
                )
                messages.success(request, _("The TPP budget was saved."))
                return redirect("command:settings")
    budgets = list(panels.budget_of(y) for y in (year - 1, year, year + 1))
    return render(
        request,
        "core/command/settings.html",
        {
            "form": form,
            "budget_form": budget_form,
            "budgets": [b for b in budgets if b],
            "screen": reverse("command:city"),
        },
    )
