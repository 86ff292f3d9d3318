"""Pages of the register: people, their history, import, export, activation letters."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.accounts.access import role_required
from core.accounts.roles import CITY_WIDE_READERS, Role
from core.accounts.services import issue_activation_codes
from core.organisation.models import OrgUnit, Position
from core.people import access, services
from core.people.exporting import export_rows
from core.people.forms import ActingForm, EmployeeFilterForm, LettersForm, StatusForm, UploadForm
from core.people.hierarchy import position_on, subordinates_of, supervisor_of
from core.people.imports import ImportReport, import_asn
from core.people.letters import city_letterhead, pending_accounts, render_letters
from core.people.tabular import (
    UnreadableFile,
    check_upload_size,
    open_upload,
    read_table,
    write_csv,
    write_xlsx,
)
from core.typing import CityRequest

if TYPE_CHECKING:
    from core.accounts.models import User

IMPORTS_SESSION_KEY = "people_imports"


@require_safe
@login_required
def employee_list(request: CityRequest) -> HttpResponse:
    access.require_people_reader(request.user)
    people = access.visible_employees(request.user)
    opds = OrgUnit.objects.filter(parent__isnull=True)
    form = EmployeeFilterForm(request.GET or None, opds=opds)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            people = people.filter(Q(name__icontains=data["q"]) | Q(nip__startswith=data["q"]))
        if data["opd"]:
            people = people.filter(
                assignments__position__org_unit__opd_id=data["opd"],
                assignments__ends_on__isnull=True,
            )
        if data["asn_type"]:
            people = people.filter(asn_type=data["asn_type"])
        if data["status"]:
            people = people.filter(status=data["status"])
    page = Paginator(people.distinct().order_by("name", "nip"), 50).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page}
    template = "core/people/_rows.html" if request.htmx else "core/people/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def employee_detail(request: CityRequest, employee_id: int) -> HttpResponse:
    employee = access.get_employee_for_viewer(request.user, employee_id)
    manage = access.can_manage(request.user, employee)
    acting_form = None
    if manage:
        positions = Position.objects.filter(is_active=True).select_related("org_unit")
        if request.user.role == Role.OPD_ADMIN:  # other OPDs' posts are the city admin's
            positions = positions.filter(org_unit__opd_id=access.admin_opd_id(request.user))
        acting_form = ActingForm(request.POST or None, positions=positions)
        if request.method == "POST" and acting_form.is_valid():
            data = acting_form.cleaned_data
            try:
                services.appoint(
                    employee,
                    data["position"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    acting=data["acting"],
                    actor=request.user,
                )
            except ValidationError as exc:
                acting_form.add_error(None, exc)
            except access.DutyRefused as refusal:
                acting_form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The appointment has been recorded."))
                return redirect("people:detail", employee_id=employee.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Your role does not allow this."))
    history = employee.assignments.select_related("position__org_unit").order_by("-starts_on")
    return render(
        request,
        "core/people/detail.html",
        {
            "employee": employee,
            "assignment": position_on(employee),
            "supervisor": supervisor_of(employee),
            "reports": subordinates_of(employee).order_by("name")[:100],
            "history": history,
            "acting_form": acting_form,
            "status_form": StatusForm(initial={"status": employee.status}) if manage else None,
        },
    )


@require_POST
@login_required
def employee_status(request: CityRequest, employee_id: int) -> HttpResponse:
    employee = access.get_employee_for_viewer(request.user, employee_id)
    if not access.can_manage(request.user, employee):
        raise PermissionDenied(_("Your role does not allow this."))
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                employee, data["status"], on=data["on"], actor=request.user, reason=data["reason"]
            )
        except access.DutyRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The status has been recorded."))
    else:
        messages.error(request, _("Choose a status and a date."))
    return redirect("people:detail", employee_id=employee.pk)


# ---------------------------------------------------------------- import
@require_http_methods(["GET", "POST"])
@role_required(Role.CITY_ADMIN)
def import_upload(request: CityRequest) -> HttpResponse:
    """Step 1: upload. The file is kept server-side under a random token until confirmed."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
            data = upload.read()
            read_table(data, upload.name)
        except UnreadableFile as exc:
            form.add_error("file", exc.message)
        except (UnicodeError, ValueError):
            form.add_error("file", _("This file cannot be read as .xlsx or .csv."))
        else:
            token = secrets.token_urlsafe(16)
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            default_storage.save(f"imports/{token}{suffix}", ContentFile(data))
            pending = request.session.get(IMPORTS_SESSION_KEY, {})
            pending[token] = {"name": upload.name, "suffix": suffix}
            request.session[IMPORTS_SESSION_KEY] = pending
            return redirect("people:import_preview", token=token)
    return render(request, "core/people/import.html", {"form": form})


def _stored_upload(request: CityRequest, token: str) -> tuple[bytes, dict]:
    meta = request.session.get(IMPORTS_SESSION_KEY, {}).get(token)
    if meta is None:
        raise Http404
    path = f"imports/{token}{meta['suffix']}"
    if not default_storage.exists(path):
        raise Http404
    with default_storage.open(path, "rb") as handle:
        return handle.read(), meta


def _import(
    data: bytes, meta: dict, actor: User, *, dry_run: bool, unit_mapping: dict | None = None
) -> ImportReport:
    """The import of a stored upload; a file that cannot be read is one report line."""
    try:
        source = open_upload(data, meta["name"])
    except UnreadableFile as exc:
        return ImportReport(
            dry_run=dry_run, errors=[{"row": 0, "column": "", "message": exc.message}]
        )
    except (UnicodeError, ValueError):
        message = _("This file cannot be read as .xlsx or .csv.")
        return ImportReport(dry_run=dry_run, errors=[{"row": 0, "column": "", "message": message}])
    return import_asn(source, actor=actor, dry_run=dry_run, unit_mapping=unit_mapping)


@require_http_methods(["GET", "POST"])
@role_required(Role.CITY_ADMIN)
def import_preview(request: CityRequest, token: str) -> HttpResponse:
    """Step 2: every problem, or what would change, written nowhere.

    A POST chooses which new units are existing ones spelled otherwise (among the
    preview's suggestions), then shows the preview again with them mapped.
    """
    data, meta = _stored_upload(request, token)
    mapping = meta.get("unit_mapping", {})
    if request.method == "POST":
        report = _import(data, meta, request.user, dry_run=True)
        offered = {s["new"]: s["existing"] for s in report.unit_suggestions}
        chosen = set(request.POST.getlist("map"))
        mapping = {new: existing for new, existing in offered.items() if new in chosen}
        pending = request.session.get(IMPORTS_SESSION_KEY, {})
        pending[token] = {**meta, "unit_mapping": mapping}
        request.session[IMPORTS_SESSION_KEY] = pending
        if mapping:
            messages.success(
                request,
                _("The import will put these people in the existing units: %(count)d.")
                % {"count": len(mapping)},
            )
        return redirect("people:import_preview", token=token)
    report = _import(data, meta, request.user, dry_run=True, unit_mapping=mapping)
    return render(
        request,
        "core/people/import_preview.html",
        {"report": report, "token": token, "filename": meta["name"], "mapping": mapping},
    )


@require_POST
@role_required(Role.CITY_ADMIN)
def import_confirm(request: CityRequest, token: str) -> HttpResponse:
    """Step 3: write it (checked again: the city may have changed since the preview)."""
    data, meta = _stored_upload(request, token)
    report = _import(data, meta, request.user, dry_run=False, unit_mapping=meta.get("unit_mapping"))
    if report.ok:
        pending = request.session.get(IMPORTS_SESSION_KEY, {})
        pending.pop(token, None)
        request.session[IMPORTS_SESSION_KEY] = pending
        default_storage.delete(f"imports/{token}{meta['suffix']}")
    return render(
        request,
        "core/people/import_done.html",
        {"report": report, "filename": meta["name"], "token": token},
    )


@require_safe
@role_required(*CITY_WIDE_READERS)
def export(request: CityRequest) -> HttpResponse:
    rows = export_rows()
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            write_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="asn-{stamp}.xlsx"'
        return response
    response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="asn-{stamp}.csv"'
    return response


# ---------------------------------------------------------------- activation letters
@require_http_methods(["GET", "POST"])
@role_required(Role.CITY_ADMIN, Role.OPD_ADMIN)
def activation_letters(request: CityRequest) -> HttpResponse:

    opd_id = None
    units = OrgUnit.objects.filter(is_active=True)
    if request.user.role == Role.OPD_ADMIN:
        opd_id = access.admin_opd_id(request.user)
        if opd_id is None:
            raise PermissionDenied(_("Your account is not linked to a position in an OPD."))
        units = units.filter(opd_id=opd_id)
    form = LettersForm(
        request.POST or None,
        units=units.order_by("path"),
        allow_all=request.user.role == Role.CITY_ADMIN,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["unit"]
        unit = units.filter(pk=chosen).first() if chosen else None
        people = list(pending_accounts(unit, opd_id=opd_id))
        if request.POST.get("send") == "email":
            from core.accounts.services import send_activation_links

            sent = send_activation_links(
                [p.user for p in people if p.user is not None],
                actor=request.user,
                base_url=f"{request.scheme}://{request.get_host()}",
            )
            messages.success(
                request, _("Activation links sent by e-mail: %(count)d.") % {"count": sent}
            )
            return redirect("people:letters")
        codes = issue_activation_codes(
            [p.user for p in people if p.user is not None],
            actor=request.user,
            reason="activation letters",
        )
        rows = [
            {
                "nip": p.nip,
                "name": p.display_name,
                "unit": getattr(p, "unit_path", ""),
                "code": codes[p.user_id],
            }
            for p in people
            if p.user_id in codes
        ]
        pdf = render_letters(
            city_letterhead(request.city.name if request.city else ""),
            f"{request.scheme}://{request.get_host()}",
            rows,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="surat-aktivasi.pdf"'
        return response
    waiting = pending_accounts(None, opd_id=opd_id).count()
    return render(request, "core/people/letters.html", {"form": form, "waiting": waiting})
