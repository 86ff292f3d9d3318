"""SIASN pages (city site, /siasn/): the city administrator's connection, reconciliation,
outbox and code mapping. Thin: check access, call one service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.accounts.access import allowed_by
from core.page_messages import attempt, show_refusal
from core.people.access import opd_of
from core.siasn import services, tasks
from core.siasn.access import can_manage
from core.siasn.forms import ConnectionForm
from core.siasn.models import (
    TABLE_OF_KIND,
    CodeMapping,
    Difference,
    DiffKind,
    MappingKind,
    OutboxItem,
    OutboxState,
    PullRun,
    PullScope,
    PullStatus,
    ReferenceTable,
)
from core.typing import CityRequest

manager = allowed_by(can_manage)


@require_safe
@manager
def index(request: CityRequest) -> HttpResponse:
    conn = services.get_connection()
    return render(
        request,
        "core/siasn/index.html",
        {
            "conn": conn,
            "open_differences": services.open_differences().count(),
            "counts": services.outbox_counts(),
            "last_run": PullRun.objects.first(),
        },
    )


@manager
def connection(request: CityRequest) -> HttpResponse:
    conn = services.get_connection()
    if request.method == "POST":
        form = ConnectionForm(request.POST)
        if form.is_valid():
            try:
                services.save_connection(form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Connection saved. Test it now."))
                return redirect("siasn:connection")
    else:
        initial = {"cadence": "monthly", "calls_per_second": 5, "auto_queue": True}
        if conn is not None:
            initial = {
                name: getattr(conn, name)
                for name in (*services.PLAIN_FIELDS, "cadence", "calls_per_second", "auto_queue")
            }
        form = ConnectionForm(initial=initial)
    return render(request, "core/siasn/connection.html", {"form": form, "conn": conn})


@require_POST
@manager
def connection_test(request: CityRequest) -> HttpResponse:
    try:
        ok, message = services.test_connection(actor=request.user)
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        (messages.success if ok else messages.error)(request, message)
    return redirect("siasn:connection")


# ---------------------------------------------------------------- reconciliation
def _differences_context(request: CityRequest) -> dict:
    from core.organisation.models import OrgUnit

    diffs = services.open_differences().order_by("kind", "nip", "pk")
    kind = request.GET.get("kind", "")
    if kind in DiffKind.values:
        diffs = diffs.filter(kind=kind)
    page = Paginator(diffs, 50).get_page(request.GET.get("page"))
    people: list[dict] = []
    for diff in page.object_list:
        if not people or people[-1]["nip"] != diff.nip or people[-1]["kind"] != diff.kind:
            people.append(
                {"nip": diff.nip, "kind": diff.kind, "employee": diff.employee, "items": []}
            )
        people[-1]["items"].append(diff)
    return {
        "people": people,
        "page": page,
        "kind": kind,
        "kinds": DiffKind.choices,
        "open_count": diffs.count(),
        "acceptable": services.ACCEPTABLE_FIELDS,
        "opds": OrgUnit.objects.filter(parent=None, is_active=True).order_by("name"),
        "scopes": PullScope.choices,
    }


@require_safe
@manager
def reconcile(request: CityRequest) -> HttpResponse:
    context = _differences_context(request)
    context["run"] = PullRun.objects.first()
    context["conn"] = services.get_connection()
    return render(request, "core/siasn/reconcile.html", context)


@require_POST
@manager
def pull_start(request: CityRequest) -> HttpResponse:
    opd = request.POST.get("opd") or None
    try:
        run = services.start_pull(
            scope=request.POST.get("scope", ""),
            opd_id=int(opd) if opd and opd.isascii() and opd.isdigit() else None,
            nip=request.POST.get("nip", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("siasn:reconcile")
    tasks.start_pull(run.pk)
    if not services.broker_configured():
        services.pull_step(run.pk)
    return redirect("siasn:reconcile")


@require_POST
@manager
def pull_progress(request: CityRequest, run_id: int) -> HttpResponse:
    """The progress fragment; without a broker each poll fetches one more batch."""
    run = get_object_or_404(PullRun, pk=run_id)
    if run.status == PullStatus.RUNNING and not services.broker_configured():
        try:
            run = services.pull_step(run.pk)
        except ValidationError as exc:
            show_refusal(request, exc)
    if not request.htmx:
        return redirect("siasn:reconcile")
    response = render(request, "core/siasn/_progress.html", {"run": run})
    if run.status != PullStatus.RUNNING:
        response["HX-Refresh"] = "true"  # show the differences found
    return response


@require_POST
@manager
def pull_stop(request: CityRequest, run_id: int) -> HttpResponse:
    get_object_or_404(PullRun, pk=run_id)
    services.stop_pull(run_id, actor=request.user)
    return redirect("siasn:reconcile")


def _back_to_reconcile(request: CityRequest) -> HttpResponse:
    url = request.POST.get("next", "")
    return redirect(url if url.startswith("/siasn/reconcile/") else "siasn:reconcile")


@require_POST
@manager
def diff_accept(request: CityRequest, diff_id: int) -> HttpResponse:
    diff = get_object_or_404(Difference, pk=diff_id)
    attempt(
        request,
        lambda: services.accept(diff.pk, actor=request.user),
        ok=_("Taken over from SIASN."),
    )
    return _back_to_reconcile(request)


@require_POST
@manager
def diff_keep(request: CityRequest, diff_id: int) -> HttpResponse:
    diff = get_object_or_404(Difference, pk=diff_id)
    note = request.POST.get("note", "")
    attempt(
        request,
        lambda: services.dismiss(diff.pk, actor=request.user, note=note),
        ok=_("Our data kept."),
    )
    return _back_to_reconcile(request)


@require_POST
@manager
def diff_accept_all(request: CityRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("diff") if v.isascii() and v.isdigit()]
    if not ids:
        ids = list(
            services.open_differences()
            .filter(kind=DiffKind.DIFFERS, field__in=services.ACCEPTABLE_FIELDS)
            .values_list("pk", flat=True)
        )
    accepted, refused = services.accept_many(ids, actor=request.user)
    messages.success(request, _("%(count)s changes taken over from SIASN.") % {"count": accepted})
    for diff, reason in refused[:5]:
        messages.error(request, f"{diff.nip}: {reason}")
    if len(refused) > 5:
        messages.error(
            request, _("%(count)s more could not be taken over.") % {"count": len(refused) - 5}
        )
    return _back_to_reconcile(request)


# ---------------------------------------------------------------- results out
@require_safe
@manager
def results(request: CityRequest) -> HttpResponse:
    from core.organisation.models import OrgUnit
    from core.performance.models import Period, PeriodStatus

    items = OutboxItem.objects.select_related("employee").order_by("state", "employee__name")
    state = request.GET.get("state", "")
    if state in OutboxState.values:
        items = items.filter(state=state)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    conn = services.get_connection()
    counts = services.outbox_counts()
    return render(
        request,
        "core/siasn/results.html",
        {
            "conn": conn,
            "page": page,
            "state": state,
            "states": [(value, text, counts[value]) for value, text in OutboxState.choices],
            "counts": counts,
            "due": services.due_items().count(),
            "closed": Period.objects.filter(status=PeriodStatus.CLOSED).order_by("-year", "-month")[
                :12
            ],
            "sending_inline": not services.broker_configured(),
            "opds": OrgUnit.objects.filter(parent=None, is_active=True).order_by("name"),
        },
    )


@require_POST
@manager
def results_queue(request: CityRequest) -> HttpResponse:
    from core.performance.models import Period

    period = get_object_or_404(Period, pk=request.POST.get("period") or 0)
    try:
        queued = services.queue_results(period.year, period.month, actor=request.user)
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("siasn:results")
    messages.success(
        request,
        _("%(created)s results queued, %(replaced)s to be replaced, %(unchanged)s unchanged.")
        % {"created": queued.created, "replaced": queued.replaced, "unchanged": queued.unchanged},
    )
    for reason in queued.skipped:
        messages.error(request, reason)
    tasks.start_sending()
    return redirect("siasn:results")


@require_POST
@manager
def results_send(request: CityRequest) -> HttpResponse:
    """Send one batch now (without a broker the page polls this while items are due)."""
    try:
        sent = services.send_step()
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(status=204)
        show_refusal(request, exc)
        return redirect("siasn:results")
    if request.htmx:
        response = render(
            request,
            "core/siasn/_sending.html",
            {"counts": services.outbox_counts(), "due": services.due_items().count()},
        )
        if not services.due_items().exists():
            response["HX-Refresh"] = "true"
        return response
    messages.success(
        request,
        _("Sent %(sent)s; %(retry)s will be retried; %(stopped)s stopped.")
        % {"sent": sent.sent, "retry": sent.retry, "stopped": sent.stopped},
    )
    return redirect("siasn:results")


@require_POST
@manager
def item_retry(request: CityRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(OutboxItem, pk=item_id)
    attempt(
        request,
        lambda: services.retry_item(item.pk, actor=request.user),
        ok=_("Queued to be sent again."),
    )
    return redirect("siasn:results")


@require_POST
@manager
def item_delete(request: CityRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(OutboxItem, pk=item_id)
    attempt(
        request,
        lambda: services.delete_item(item.pk, actor=request.user),
        ok=_("Deleted from SIASN."),
    )
    return redirect("siasn:results")


# ---------------------------------------------------------------- daily progress export
@require_safe
@login_required
def progress_export(request: CityRequest) -> HttpResponse:
    """The month's verified activities as CSV: the city admin for any OPD or person, an
    OPD admin for their OPD, every ASN for themself (`?nip=` their own)."""
    from core.accounts.roles import Role
    from core.organisation.models import OrgUnit
    from core.people.access import admin_opd_id
    from core.people.models import Employee
    from core.siasn import progress

    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        date(year, month, 1)
    except ValueError:
        return HttpResponse(_("Give the month as YYYY-MM."), status=400, content_type="text/plain")
    user = request.user
    opd_param, nip = request.GET.get("opd", ""), request.GET.get("nip", "")
    if nip:
        person = Employee.objects.filter(nip=nip).first()
        own = getattr(user, "employee", None)
        if person is None:
            raise Http404
        allowed = (
            user.role == Role.CITY_ADMIN
            or (own is not None and own.pk == person.pk)
            or (user.role == Role.OPD_ADMIN and admin_opd_id(user) == opd_of(person.pk))
        )
        if not allowed:
            raise PermissionDenied(_("You may export only your own activities."))
        ids, name = [person.pk], nip
    elif opd_param.isascii() and opd_param.isdigit():
        opd = get_object_or_404(OrgUnit, pk=int(opd_param), parent=None)
        if not (
            user.role == Role.CITY_ADMIN
            or (user.role == Role.OPD_ADMIN and admin_opd_id(user) == opd.pk)
        ):
            raise PermissionDenied(_("You may export only your own OPD."))
        ids = _people_of_opd(opd.pk, year, month)
        name = f"opd-{opd.pk}"
    else:
        return HttpResponse(_("Choose an OPD or a NIP."), status=400, content_type="text/plain")
    base = f"{request.scheme}://{request.get_host()}"
    data = progress.CsvExport().deliver(progress.rows(ids, year, month, base))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kegiatan-{name}-{year}-{month:02d}.csv"'
    )
    return response


def _people_of_opd(opd_id: int, year: int, month: int) -> list[int]:
    from core.people.models import Assignment

    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1)
    return list(
        Assignment.objects.filter(position__org_unit__opd_id=opd_id, starts_on__lt=last)
        .exclude(ends_on__lt=first)
        .values_list("employee_id", flat=True)
        .distinct()
    )


# ---------------------------------------------------------------- mapping
@require_safe
@manager
def mapping(request: CityRequest) -> HttpResponse:
    all_rows = list(CodeMapping.objects.all())
    choices = services.reference_choices()
    groups = []
    for kind, label in MappingKind.choices:
        rows = [row for row in all_rows if row.kind == kind]
        if rows:
            table = TABLE_OF_KIND[str(kind)]
            groups.append({"kind": kind, "label": label, "rows": rows, "table": table,
                           "choices": choices.get(table, [])})  # fmt: skip
    return render(
        request,
        "core/siasn/mapping.html",
        {"groups": groups, "tables": ReferenceTable.choices, "loaded": choices},
    )


@require_POST
@manager
def mapping_upload(request: CityRequest) -> HttpResponse:
    """Load one of BKN's reference downloads (CSV or JSON of code and name)."""
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise services.SiasnRefused(_("Choose the file downloaded from BKN."))
        if upload.size and upload.size > services.REFERENCE_MAX_BYTES:
            raise services.SiasnRefused(_("The file is too large."))
        loaded = services.load_reference(
            request.POST.get("table", ""), upload.read(), actor=request.user
        )
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(
            request,
            _("Reference loaded: %(added)s added, %(updated)s renamed, %(removed)s removed.")
            % {"added": loaded.added, "updated": loaded.updated, "removed": loaded.removed},
        )
        if loaded.unknown:
            messages.warning(
                request,
                _("Codes in use that the table does not hold: %(codes)s.")
                % {"codes": ", ".join(loaded.unknown)},
            )
    return redirect("siasn:mapping")


@require_POST
@manager
def mapping_set(request: CityRequest, mapping_id: int) -> HttpResponse:
    row = get_object_or_404(CodeMapping, pk=mapping_id)
    try:
        services.set_mapping(
            row.pk,
            request.POST.get("code", ""),
            bkn_label=request.POST.get("bkn_label"),
            actor=request.user,
        )
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Code saved."))
    return redirect("siasn:mapping")
