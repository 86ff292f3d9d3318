"""Talent pages: my box and history, the 9-box grid with drill-down, potential, pools,
succession plans and calibration sessions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.params import is_ascii_id
from core.accounts.access import allowed_by
from core.organisation.models import OrgUnit, Position
from core.people.models import Employee
from core.talent import access, queries, services
from core.talent.forms import CalibrationForm, MoveForm, PotentialForm, SuccessionForm
from core.talent.labels import ACTION_LABELS
from core.talent.models import (
    CalibrationSession,
    PotentialAssessment,
    SuccessionPlan,
    TalentPlacement,
)
from core.talent.rules import KEY_POSITION_TYPES, box_number
from core.talent.views.common import attempt, form_errors, year_param
from core.typing import CityRequest


@require_GET
@login_required
def home(request: CityRequest) -> HttpResponse:
    own = access.own_employee(request.user)
    placement = (
        TalentPlacement.objects.filter(employee=own).order_by("-year").first() if own else None
    )
    return render(
        request,
        "core/talent/home.html",
        {
            "own": own,
            "placement": placement,
            "action": ACTION_LABELS[box_number(placement.box).action] if placement else "",
            "rows": queries.grid(TalentPlacement.objects.none()) if placement else [],
            "can_see_grid": access.can_see_grid(request.user),
            "is_manager": request.user.has_role(*access.TALENT_MANAGERS),
        },
    )


def _grid_scope(request: CityRequest):
    if not access.can_see_grid(request.user):
        raise PermissionDenied(_("Your role does not allow this."))
    year = year_param(request)
    placements = access.visible_placements(request.user).filter(year=year)
    opd = None
    if request.GET.get("opd"):
        opd_id = request.GET["opd"]
        opd = (
            OrgUnit.objects.filter(pk=int(opd_id), parent__isnull=True).first()
            if is_ascii_id(opd_id)
            else None
        )
        if opd is None:
            raise Http404
        placements = placements.filter(opd=opd)
    return year, opd, placements


@require_GET
@login_required
def grid(request: CityRequest) -> HttpResponse:
    year, opd, placements = _grid_scope(request)
    opd_ids = access.visible_placements(request.user).filter(year=year).values("opd_id")
    return render(
        request,
        "core/talent/grid.html",
        {
            "year": year,
            "opd": opd,
            "rows": queries.grid(placements),
            "total": placements.count(),
            "opds": OrgUnit.objects.filter(pk__in=opd_ids).order_by("name"),
            "is_manager": request.user.has_role(*access.TALENT_MANAGERS),
        },
    )


@require_GET
@login_required
def grid_box(request: CityRequest, number: int) -> HttpResponse:
    """Drill-down: the people in one box (a fragment for htmx, a page otherwise)."""
    if not 1 <= number <= 9:
        raise Http404
    year, opd, placements = _grid_scope(request)
    people = placements.filter(box=number).select_related("employee", "opd", "position")
    context = {
        "year": year,
        "opd": opd,
        "box": box_number(number),
        "action": ACTION_LABELS[box_number(number).action],
        "people": people.order_by("opd__name", "employee__name")[:500],
    }
    template = "core/talent/_box_people.html" if request.htmx else "core/talent/grid_box.html"
    return render(request, template, context)


@require_POST
@login_required
def place(request: CityRequest) -> HttpResponse:
    access.require_manager(request.user)
    year = year_param(request)
    result = {}

    def run():
        result.update(services.place_talent(year, actor=request.user))

    if attempt(request, run, ok=_("9-box computed.")) and result["without_potential"]:
        from django.contrib import messages

        messages.warning(
            request,
            _("%(n)s person(s) have no potential assessment yet and were not placed.")
            % {"n": result["without_potential"]},
        )
    return redirect(f"{reverse('talent:grid')}?year={year}")


@require_GET
@login_required
def history(request: CityRequest, employee_id: int | None = None) -> HttpResponse:
    if employee_id is None:
        employee = access.own_employee(request.user)
        if employee is None:
            raise Http404
    else:
        employee = access.get_employee_history_for_viewer(request.user, employee_id)
    return render(
        request,
        "core/talent/history.html",
        {"employee": employee, "rows": queries.history(employee.pk)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def potential(request: CityRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = PotentialForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            employee = Employee.objects.filter(nip=data.pop("nip")).first()
            if employee is None:
                form_errors(request, _error(form, "nip", _("No employee with this NIP.")))
            else:
                attempt(
                    request,
                    lambda: services.record_potential(employee, actor=request.user, **data),
                    ok=_("Potential assessment recorded."),
                )
        else:
            form_errors(request, form)
        return redirect("talent:potential")
    recent = PotentialAssessment.objects.select_related("employee").order_by("-id")[:100]
    return render(request, "core/talent/potential.html", {"form": form, "recent": recent})


def _error(form, field, message):
    form.add_error(field, message)
    return form


@require_GET
@login_required
def pools(request: CityRequest) -> HttpResponse:
    if not access.can_see_grid(request.user):
        raise PermissionDenied(_("Your role does not allow this."))
    year = year_param(request)
    placements = access.visible_placements(request.user).filter(year=year)
    return render(
        request, "core/talent/pools.html", {"year": year, "pools": queries.pools(placements)}
    )


@require_GET
@allowed_by(access.is_reader)
def succession_list(request: CityRequest) -> HttpResponse:
    positions = (
        Position.objects.filter(position_type__in=KEY_POSITION_TYPES, is_active=True)
        .select_related("org_unit")
        .order_by("org_unit__path", "name")[:500]
    )
    plans = {
        p.position_id: p
        for p in SuccessionPlan.objects.filter(position__in=positions).prefetch_related(
            "candidates__employee"
        )
    }
    return render(
        request,
        "core/talent/succession_list.html",
        {"rows": [(position, plans.get(position.pk)) for position in positions]},
    )


def _parse_candidates(text: str) -> list[tuple[Employee, str, str]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parsed = []
    nips = [line.split(";")[0].strip() for line in lines]
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split(";")]
        if parts[0] not in employees or len(parts) < 2:
            raise ValidationError(
                _("Line %(n)s: write NIP;readiness;note with a known NIP.") % {"n": number}
            )
        parsed.append((employees[parts[0]], parts[1], parts[2] if len(parts) > 2 else ""))
    return parsed


@require_http_methods(["GET", "POST"])
@login_required
def succession_detail(request: CityRequest, position_id: int) -> HttpResponse:
    if not access.is_reader(request.user):
        raise PermissionDenied(_("Your role does not allow this."))
    position = Position.objects.filter(pk=position_id, position_type__in=KEY_POSITION_TYPES).first()
    if position is None:
        raise Http404
    plan = SuccessionPlan.objects.filter(position=position).first()
    form = SuccessionForm(request.POST or None)
    if request.method == "POST":
        access.require_manager(request.user)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: services.save_succession_plan(
                    position,
                    _parse_candidates(data["candidates"]),
                    actor=request.user,
                    note=data["note"],
                ),
                ok=_("Succession plan saved."),
            )
        else:
            form_errors(request, form)
        return redirect("talent:succession_detail", position.pk)
    candidates = plan.candidates.select_related("employee") if plan else []
    if plan:
        form = SuccessionForm(
            initial={
                "note": plan.note,
                "candidates": "\n".join(
                    f"{c.employee.nip};{c.readiness};{c.note}" for c in candidates
                ),
            }
        )
    return render(
        request,
        "core/talent/succession_detail.html",
        {
            "position": position,
            "plan": plan,
            "candidates": candidates,
            "form": form,
            "is_manager": request.user.has_role(*access.TALENT_MANAGERS),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def calibration_list(request: CityRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = CalibrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            created = {}

            def run():
                created["session"] = services.open_calibration(
                    actor=request.user, **form.cleaned_data
                )

            if attempt(request, run, ok=_("Calibration session opened.")):
                return redirect("talent:calibration_detail", created["session"].pk)
        else:
            form_errors(request, form)
        return redirect("talent:calibration_list")
    return render(
        request,
        "core/talent/calibration_list.html",
        {"form": form, "sessions": CalibrationSession.objects.all()[:100]},
    )


@require_http_methods(["GET", "POST"])
@login_required
def calibration_detail(request: CityRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_manager(request.user, session_id)
    if request.method == "POST":
        if request.POST.get("close"):
            attempt(
                request,
                lambda: services.close_calibration(session, actor=request.user),
                ok=_("Calibration session closed."),
            )
            return redirect("talent:calibration_detail", session.pk)
        form = MoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            placement = access.get_placement_for_manager(request.user, data["placement"])
            attempt(
                request,
                lambda: services.move_placement(
                    session,
                    placement,
                    to_box=data["to_box"],
                    reason=data["reason"],
                    actor=request.user,
                ),
                ok=_("Moved."),
            )
        else:
            form_errors(request, form)
        return redirect("talent:calibration_detail", session.pk)
    placements = TalentPlacement.objects.filter(year=session.year).select_related("employee", "opd")
    if session.opd_id:
        placements = placements.filter(opd_id=session.opd_id)
    return render(
        request,
        "core/talent/calibration_detail.html",
        {
            "session": session,
            "placements": placements.order_by("-box", "employee__name")[:500],
            "moves": session.moves.select_related("placement__employee", "moved_by"),
        },
    )
