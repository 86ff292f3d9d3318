"""SKP pages: my SKPs, the SKPs waiting for my agreement, one SKP with its plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.talent import access, services
from core.talent.forms import (
    DecisionForm,
    ExpectationForm,
    IkiForm,
    RealisationForm,
    RhkForm,
    SkpCreateForm,
)
from core.talent.models import Iki, Rhk, Skp, SkpStatus
from core.talent.rules import BERAKHLAK
from core.talent.views.common import attempt, form_errors, submit_form
from core.typing import CityRequest


@require_GET
@login_required
def skp_list(request: CityRequest) -> HttpResponse:
    own = access.own_employee(request.user)
    mine = Skp.objects.filter(employee=own).select_related("position") if own else []
    waiting = Skp.objects.none()
    if own is not None:
        waiting = Skp.objects.filter(supervisor=own, status=SkpStatus.SUBMITTED)
    if access.acts_for(request.user, None):
        waiting |= Skp.objects.filter(supervisor__isnull=True, status=SkpStatus.SUBMITTED)
    waiting = waiting.select_related("employee")
    return render(
        request,
        "core/talent/skp_list.html",
        {"mine": mine, "waiting": waiting, "form": SkpCreateForm(), "own": own},
    )


@require_POST
@login_required
def skp_create(request: CityRequest) -> HttpResponse:
    own = access.own_employee(request.user)
    if own is None:
        raise PermissionDenied(_("Your account is not linked to an employee record."))
    form = SkpCreateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("talent:skp_list")
    created = {}

    def run():
        created["skp"] = services.create_skp(own, form.cleaned_data["year"], actor=request.user)

    if attempt(request, run, ok=_("SKP started.")):
        return redirect("talent:skp_detail", created["skp"].pk)
    return redirect("talent:skp_list")


@require_GET
@login_required
def skp_detail(request: CityRequest, skp_id: int) -> HttpResponse:
    skp = access.get_skp_for_viewer(request.user, skp_id)
    own_id = getattr(access.own_employee(request.user), "pk", None)
    rhks = skp.rhks.select_related("parent").prefetch_related(
        Prefetch("indicators", queryset=Iki.objects.order_by("id"))
    )
    parents = Rhk.objects.filter(skp__employee_id=skp.supervisor_id or 0, skp__year=skp.year)
    expectations = {e.value: e.expectation for e in skp.expectations.all()}
    return render(
        request,
        "core/talent/skp_detail.html",
        {
            "skp": skp,
            "rhks": rhks,
            "values": [(code, name, expectations.get(code, "")) for code, name in BERAKHLAK],
            "approvals": skp.approvals.select_related("decided_by"),
            "is_owner": own_id == skp.employee_id,
            "is_supervisor": access.acts_for(request.user, skp.supervisor_id),
            "editable": skp.status == SkpStatus.DRAFT,
            "rhk_form": RhkForm(parents=parents),
            "iki_form": IkiForm(),
            "expectation_form": ExpectationForm(),
            "decision_form": DecisionForm(),
        },
    )


@require_POST
@login_required
def skp_add_rhk(request: CityRequest, skp_id: int) -> HttpResponse:
    skp = access.get_skp_for_owner(request.user, skp_id)
    parents = Rhk.objects.filter(skp__employee_id=skp.supervisor_id or 0, skp__year=skp.year)
    submit_form(
        request,
        RhkForm(request.POST, parents=parents),
        lambda data: services.add_rhk(
            skp, data["text"], actor=request.user, parent=parents.filter(pk=data["parent"]).first()
        ),
        ok=_("Planned result added."),
    )
    return redirect("talent:skp_detail", skp.pk)


@require_POST
@login_required
def skp_add_iki(request: CityRequest, rhk_id: int) -> HttpResponse:
    rhk = Rhk.objects.filter(pk=rhk_id).first()
    if rhk is None:
        raise Http404
    skp = access.get_skp_for_owner(request.user, rhk.skp_id)
    submit_form(
        request,
        IkiForm(request.POST),
        lambda data: services.add_indicator(rhk, actor=request.user, **data),
        ok=_("Indicator added."),
    )
    return redirect("talent:skp_detail", skp.pk)


@require_POST
@login_required
def skp_expectation(request: CityRequest, skp_id: int) -> HttpResponse:
    skp = access.get_skp_for_owner(request.user, skp_id)
    submit_form(
        request,
        ExpectationForm(request.POST),
        lambda data: services.set_expectation(
            skp, data["value"], data["expectation"], actor=request.user
        ),
        ok=_("Expectation saved."),
    )
    return redirect("talent:skp_detail", skp.pk)


@require_POST
@login_required
def skp_submit(request: CityRequest, skp_id: int) -> HttpResponse:
    skp = access.get_skp_for_viewer(request.user, skp_id)
    if getattr(access.own_employee(request.user), "pk", None) != skp.employee_id:
        raise PermissionDenied(_("Only the person can submit their SKP."))
    attempt(
        request,
        lambda: services.submit_skp(skp, actor=request.user),
        ok=_("SKP sent to your supervisor."),
    )
    return redirect("talent:skp_detail", skp.pk)


@require_POST
@login_required
def skp_decide(request: CityRequest, skp_id: int) -> HttpResponse:
    skp = access.get_skp_for_supervisor(request.user, skp_id)
    submit_form(
        request,
        DecisionForm(request.POST),
        lambda data: services.decide_skp(skp, actor=request.user, **data),
        ok=_("Decision recorded."),
    )
    return redirect("talent:skp_detail", skp.pk)


@require_POST
@login_required
def iki_realise(request: CityRequest, iki_id: int) -> HttpResponse:
    iki = Iki.objects.select_related("rhk").filter(pk=iki_id).first()
    if iki is None:
        raise Http404
    skp = access.get_skp_for_owner(request.user, iki.rhk.skp_id)
    submit_form(
        request,
        RealisationForm(request.POST),
        lambda data: services.record_realisation(iki, data["realised"], actor=request.user),
        ok=_("Realisation recorded."),
    )
    return redirect("talent:skp_detail", skp.pk)
