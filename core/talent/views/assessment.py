"""Assessment pages: rounds per OPD and period, rating, closing against the curve, objections."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.organisation.models import OrgUnit
from core.talent import access, queries, services
from core.talent.forms import (
    ObjectionDecisionForm,
    ObjectionForm,
    OpenRoundForm,
    OrgPredicateForm,
    RateForm,
)
from core.talent.labels import PREDICATE_LABELS
from core.talent.models import Assessment, AssessmentRound, Objection
from core.talent.views.common import attempt, form_errors, submit_form
from core.typing import CityRequest


def _opds():
    return OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name")


@require_http_methods(["GET", "POST"])
@login_required
def round_list(request: CityRequest) -> HttpResponse:
    rounds = access.visible_rounds(request.user)
    if not (access.can_see_grid(request.user)):
        raise PermissionDenied(_("Your role does not allow this."))
    form = OpenRoundForm(request.POST or None, opds=_opds())
    if request.method == "POST":
        access.require_manager(request.user)
        if form.is_valid():
            data = form.cleaned_data
            opd = _opds().get(pk=data["opd"])
            opened = {}

            def run():
                opened["round"] = services.open_round(
                    opd,
                    data["year"],
                    kind=data["kind"],
                    actor=request.user,
                    period_no=data["period_no"] or 0,
                )

            if attempt(request, run, ok=_("Assessment opened.")):
                return redirect("talent:round_detail", opened["round"].pk)
        else:
            form_errors(request, form)
        return redirect("talent:round_list")
    shown = list(rounds.select_related("opd")[:200])
    return render(
        request,
        "core/talent/round_list.html",
        {
            "rounds": shown,
            "counts": queries.predicate_counts(shown),
            "predicates": PREDICATE_LABELS.items(),
            "form": form,
            "is_manager": request.user.has_role(*access.TALENT_MANAGERS),
        },
    )


@require_GET
@login_required
def round_detail(request: CityRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_viewer(request.user, round_id)
    return render(
        request,
        "core/talent/round_detail.html",
        {
            "round": round_,
            "assessments": round_.assessments.select_related("employee", "assessor", "position"),
            "chart": queries.distribution(round_),
            "predicate_form": OrgPredicateForm(initial={"org_predicate": round_.org_predicate}),
            "is_manager": request.user.has_role(*access.TALENT_MANAGERS),
        },
    )


@require_POST
@login_required
def round_predicate(request: CityRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_manager(request.user, round_id)
    submit_form(
        request,
        OrgPredicateForm(request.POST),
        lambda data: services.set_org_predicate(round_, data["org_predicate"], actor=request.user),
        ok=_("Organisation predicate set."),
    )
    return redirect("talent:round_detail", round_.pk)


@require_POST
@login_required
def round_close(request: CityRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_manager(request.user, round_id)
    attempt(
        request,
        lambda: services.close_round(round_, actor=request.user),
        ok=_("Assessment closed; predicates published."),
    )
    return redirect("talent:round_detail", round_.pk)


@require_POST
@login_required
def round_refresh(request: CityRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round_for_manager(request.user, round_id)
    attempt(
        request,
        lambda: services.open_round(
            round_.opd,
            round_.year,
            kind=round_.kind,
            period_no=round_.period_no,
            actor=request.user,
        ),
        ok=_("Assessment refreshed."),
    )
    return redirect("talent:round_detail", round_.pk)


@require_GET
@login_required
def assessment_list(request: CityRequest) -> HttpResponse:
    own = access.own_employee(request.user)
    mine = Assessment.objects.filter(employee=own) if own else Assessment.objects.none()
    to_rate = Assessment.objects.none()
    if own is not None:
        to_rate = Assessment.objects.filter(assessor=own)
    if access.acts_for(request.user, None):
        to_rate |= Assessment.objects.filter(assessor__isnull=True)
    to_rate = to_rate.filter(round__status=AssessmentRound.Status.OPEN)
    return render(
        request,
        "core/talent/assessment_list.html",
        {
            "mine": mine.select_related("round__opd").order_by("-round__year", "-round__period_no"),
            "to_rate": to_rate.select_related("round__opd", "employee"),
            "to_decide": Objection.objects.filter(
                decider=own, status=Objection.Status.PENDING
            ).select_related("assessment__employee")
            if own
            else [],
        },
    )


@require_GET
@login_required
def assessment_detail(request: CityRequest, assessment_id: int) -> HttpResponse:
    assessment = access.get_assessment_for_viewer(request.user, assessment_id)
    own_id = getattr(access.own_employee(request.user), "pk", None)
    round_ = assessment.round
    deadline = services.objection_deadline(round_)
    objection = Objection.objects.filter(assessment=assessment).first()
    can_object = (
        own_id == assessment.employee_id
        and deadline is not None
        and timezone.now() <= deadline
        and objection is None
    )
    return render(
        request,
        "core/talent/assessment_detail.html",
        {
            "assessment": assessment,
            "round": round_,
            "can_rate": access.acts_for(request.user, assessment.assessor_id)
            and round_.status == "open",
            "rate_form": RateForm(
                initial={
                    "results": assessment.results_rating or assessment.proposed_results,
                    "behaviour": assessment.behaviour_rating or assessment.proposed_behaviour,
                }
            ),
            "deadline": deadline,
            "objection": objection,
            "can_object": can_object,
            "objection_form": ObjectionForm(),
        },
    )


@require_POST
@login_required
def assessment_rate(request: CityRequest, assessment_id: int) -> HttpResponse:
    assessment = access.get_assessment_for_assessor(request.user, assessment_id)
    submit_form(
        request,
        RateForm(request.POST),
        lambda data: services.rate_assessment(assessment, actor=request.user, **data),
        ok=_("Rating saved."),
    )
    return redirect("talent:assessment_detail", assessment.pk)


@require_POST
@login_required
def assessment_object(request: CityRequest, assessment_id: int) -> HttpResponse:
    assessment = access.get_assessment_for_subject(request.user, assessment_id)
    submit_form(
        request,
        ObjectionForm(request.POST),
        lambda data: services.file_objection(assessment, data["reasons"], actor=request.user),
        ok=_("Objection filed."),
    )
    return redirect("talent:assessment_detail", assessment.pk)


@require_http_methods(["GET", "POST"])
@login_required
def objection_detail(request: CityRequest, objection_id: int) -> HttpResponse:
    objection = access.get_objection_for_viewer(request.user, objection_id)
    own_id = getattr(access.own_employee(request.user), "pk", None)
    form = ObjectionDecisionForm(request.POST or None)
    if request.method == "POST":
        objection = access.get_objection_for_decider(request.user, objection_id)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: services.decide_objection(
                    objection,
                    actor=request.user,
                    uphold=data["uphold"],
                    note=data["note"],
                    results=data["results"] or None,
                    behaviour=data["behaviour"] or None,
                ),
                ok=_("Decision recorded."),
            )
        else:
            form_errors(request, form)
        return redirect("talent:objection_detail", objection.pk)
    return render(
        request,
        "core/talent/objection_detail.html",
        {
            "objection": objection,
            "can_decide": own_id == objection.decider_id
            and objection.status == Objection.Status.PENDING,
            "form": form,
        },
    )
