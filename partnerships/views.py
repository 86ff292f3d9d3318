"""Partnership pages, on a city's host (its own partnerships) and on the root domain
(operators: the APEKSI overview). Thin: parse, check access, call one service, render."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.accounts.access import allowed_by
from core.accounts.roles import Role
from core.page_messages import outcome, show_refusal
from core.typing import CityRequest
from onboarding.models import CityMetrics, TrainingSession
from partnerships import forms, rules
from partnerships.access import (
    can_see_partnerships,
    current_city,
    get_action,
    get_adoption,
    get_partnership,
    partnerships_of,
    side_of,
)
from partnerships.models import (
    ActionStatus,
    Member,
    MentorAccess,
    Milestone,
    MonthlyReport,
    Partnership,
    PartnershipStatus,
    Practice,
)
from partnerships.services import adoption, agreements, mentor_access, plan, reports
from partnerships.services.common import actor_for
from tenants.models import City
from tenants.services import primary_host_for

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _detail(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("partnerships:detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


def _proposal_form(request: CityRequest, data=None) -> forms.ProposalForm | None:
    city = current_city()
    if city is None and request.user.role == Role.OPERATOR:
        return forms.ProposalForm(data)
    if city is not None and request.user.role == Role.CITY_ADMIN:
        return forms.ProposalForm(data, own_city=city)
    return None


def _index_context(request: CityRequest, form=None) -> dict:
    city = current_city()
    query = request.GET.get("q", "").strip()
    context = {
        "form": form if form is not None else _proposal_form(request),
        "query": query,
        "mentors_found": adoption.search_mentors(query) if query else None,
    }
    if city is None:
        context["overview"] = adoption.overview()
        return context
    rows = []
    for p in partnerships_of(city).prefetch_related("milestones"):
        adopter = adoption.adopter_of(p, city)
        rows.append(
            {
                "partnership": p,
                "partner": p.city_b if p.city_a_id == city.pk else p.city_a,
                "my_role": p.get_role_a_display()
                if p.city_a_id == city.pk
                else p.get_role_b_display(),
                "mentoring": adopter is not None,
                "stage": adoption.stage_of(p),
            }
        )
    context["rows"] = rows
    context["my_actions"] = adoption.open_actions_for(city, request.user.pk)
    return context


@require_safe
@allowed_by(can_see_partnerships)
def index(request: CityRequest) -> HttpResponse:
    """A city's partnerships and its people's open actions; for operators, every pair."""
    return render(request, "partnerships/index.html", _index_context(request))


@require_POST
@allowed_by(can_see_partnerships)
def propose(request: CityRequest) -> HttpResponse:
    form = _proposal_form(request, request.POST)
    if form is None:
        raise PermissionDenied(_("Your role does not allow this."))
    if form.is_valid():
        data = form.cleaned_data
        city = current_city()
        try:
            p = agreements.propose_partnership(
                agreements.Proposal(
                    city_a=city or data["city_a"],
                    role_a=data["role_a"],
                    city_b=data["city_b"],
                    role_b=data["role_b"],
                    agreement_number=data["agreement_number"],
                    agreement_date=data["agreement_date"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    signatories=data["signatories"],
                    scope_asn=data["scope_asn"],
                    scope_pad=data["scope_pad"],
                    other_practices=rules.parse_practices(data["other_practices"]),
                ),
                actor=actor_for(request),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request, _("Partnership proposed: the partner city's administrator must accept it.")
            )
            return _detail(p.pk)
    return render(request, "partnerships/index.html", _index_context(request, form), status=400)


def _people(p) -> list[Member]:
    return list(
        Member.objects.filter(partnership=p, removed_at__isnull=True).select_related("city")
    )


@require_safe
@login_required
def detail(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    city = current_city()
    actor = actor_for(request)
    members = _people(p)
    is_admin = city is not None and request.user.role == Role.CITY_ADMIN
    can_work = plan.may_work_on(actor, p)
    adopters = adoption.adopters_in(p)
    actions = list(
        p.actions.select_related("assignee_city", "meeting").order_by("status", "due_on")
    )
    closable = {
        item.pk
        for item in actions
        if item.status == ActionStatus.OPEN and plan.may_close(actor, item)
    }
    mentors = [m for m in members if m.is_mentor]
    accesses = _accesses(p, city, adopters, is_admin)
    context = {
        "p": p,
        "side": side_of(p, city),
        "members": members,
        "milestones": adoption.milestones_with_state(p),
        "meetings": p.meetings.all()[:20],
        "actions": actions,
        "closable": closable,
        "practices": p.practices.select_related("offered_by"),
        "proposals": _proposals(adopters),
        "pilots": _pilots(p),
        "trainings": TrainingSession.objects.filter(city__in=adopters)[:20],
        "reports": p.reports.all()[:24],
        "events": p.events.all()[:30],
        **_detail_permissions(p, city, adopters, is_admin=is_admin, can_work=can_work),
        **_detail_forms(members, mentors),
        "accesses": accesses,
        "can_grant_access": bool(mentors) and is_admin and city in adopters,
        "this_month": timezone.localdate().replace(day=1),
    }
    return render(request, "partnerships/detail.html", context)


def _detail_permissions(
    p: Partnership, city: City | None, adopters: list[City], *, is_admin: bool, can_work: bool
) -> dict[str, bool]:
    """What the page offers the viewer (the services check again on every POST)."""
    open_ = p.status in rules.OPEN_STATUSES
    mentoring = city is not None and adoption.adopter_of(p, city) is not None
    return {
        "can_work": can_work and open_,
        "is_admin": is_admin,
        "is_operator": city is None,
        "mentoring": (mentoring or (city is None and bool(adopters)))
        and p.status == PartnershipStatus.ACTIVE,
        "can_accept": p.status == PartnershipStatus.DRAFT
        and is_admin
        and city is not None
        and city.pk != p.proposed_by_city_id,
        "can_end": (is_admin or city is None) and open_,
    }


def _detail_forms(members: list[Member], mentors: list[Member]) -> dict[str, object]:
    return {
        "status_form": forms.StatusForm(),
        "document_form": forms.DocumentForm(),
        "member_form": forms.MemberForm(),
        "meeting_form": forms.MeetingForm(),
        "action_forms": [forms.ActionForm(prefix=f"action-{i}", members=members) for i in range(3)],
        "close_form": forms.CloseActionForm(),
        "confirm_form": forms.ConfirmMilestoneForm(),
        "practice_form": forms.PracticeForm(),
        "practice_status_form": forms.PracticeStatusForm(),
        "pilot_form": forms.PilotForm(),
        "access_form": forms.AccessForm(mentors=mentors) if mentors else None,
    }


def _pilots(p: Partnership) -> list[dict]:
    """The pilot cities linked to the partnership, each with its latest daily metrics."""
    return [
        {
            "city": link.pilot_city,
            "metrics": CityMetrics.objects.filter(city=link.pilot_city)
            .order_by("-taken_on")
            .first(),
        }
        for link in p.pilots.select_related("pilot_city")
    ]


def _proposals(adopters: list[City]) -> list:
    """The adopters' latest publish-back proposals (two-way learning)."""
    if not adopters:
        return []
    from catalog.models import TemplateProposal

    return list(
        TemplateProposal.objects.filter(city_slug__in=[c.slug for c in adopters]).order_by(
            "-created_at"
        )[:10]
    )


def _accesses(p: Partnership, city: City | None, adopters: list[City], is_admin: bool) -> list:
    """Mentor access granted by this city (its admin, on the adopter's side) to the mentors."""
    if city is None or city not in adopters or not is_admin:
        return []
    return list(MentorAccess.objects.filter(partnership=p, city=city).select_related("mentor")[:20])


@require_POST
@login_required
def accept(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    with outcome(request, ok=_("Partnership accepted: it is now active.")):
        agreements.accept_partnership(p, actor=actor_for(request))
    return _detail(pk)


@require_POST
@login_required
def change_status(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status and give a reason."))
        return _detail(pk)
    try:
        agreements.change_status(
            p,
            form.cleaned_data["status"],
            actor=actor_for(request),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        show_refusal(request, exc)
    return _detail(pk)


@require_http_methods(["GET", "POST"])
@login_required
def document(request: CityRequest, pk: int) -> HttpResponseBase:
    """The scanned agreement: read by anyone who sees the partnership; replaced by admins."""
    p = get_partnership(request.user, pk)
    if request.method == "GET":
        if not p.document:
            raise Http404
        return FileResponse(
            p.document.open("rb"), as_attachment=False, filename=p.document.name.rsplit("/", 1)[-1]
        )
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the scanned agreement."))
        return _detail(pk, "agreement")
    with outcome(request, ok=_("Scanned agreement saved.")):
        agreements.attach_document(p, form.cleaned_data["document"], actor=actor_for(request))
    return _detail(pk, "agreement")


@require_POST
@login_required
def add_member(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        with outcome(request, ok=_("Person added to the partnership.")):
            agreements.add_member(
                p,
                actor=actor_for(request),
                username=form.cleaned_data["username"],
                mentor=form.cleaned_data["mentor"],
            )
    return _detail(pk, "people")


@require_POST
@login_required
def remove_member(request: CityRequest, pk: int, member_id: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    member = get_object_or_404(Member, partnership=p, pk=member_id)
    try:
        agreements.remove_member(member, actor=actor_for(request))
    except ValidationError as exc:
        show_refusal(request, exc)
    return _detail(pk, "people")


@require_safe
@login_required
def adoption_panel(request: CityRequest, pk: int) -> HttpResponse:
    """The mentor's view of the adopter: aggregates from the daily snapshots only."""
    p, adopter = get_adoption(request.user, pk)
    return render(
        request,
        "partnerships/adoption.html",
        {
            "p": p,
            "panel": adoption.adoption_panel(p, adopter),
            "milestones": adoption.milestones_with_state(p),
        },
    )


@require_POST
@login_required
def confirm_milestone(request: CityRequest, pk: int, milestone_id: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    milestone = get_object_or_404(Milestone, partnership=p, pk=milestone_id)
    form = forms.ConfirmMilestoneForm(request.POST)
    if form.is_valid():
        try:
            plan.confirm_milestone(milestone, actor=actor_for(request), on=form.cleaned_data["on"])
        except ValidationError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Give the date it was reached."))
    return _detail(pk, "plan")


@require_POST
@login_required
def record_meeting(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    members = _people(p)
    form = forms.MeetingForm(request.POST)
    action_forms = [
        forms.ActionForm(request.POST, prefix=f"action-{i}", members=members) for i in range(3)
    ]
    if not form.is_valid() or not all(f.is_valid() for f in action_forms):
        errors = [str(e) for f in [form, *action_forms] for e in f.errors.get("__all__", [])]
        errors += [
            f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}"
            for name, errs in form.errors.items()
            if name != "__all__"
        ]
        messages.error(request, " ".join(errors) or _("Check the meeting form."))
        return _detail(pk, "log")
    drafts = [
        plan.ActionDraft(
            f.cleaned_data["title"], f.cleaned_data["member"], f.cleaned_data["due_on"]
        )
        for f in action_forms
        if f.cleaned_data.get("title")
    ]
    with outcome(request, ok=_("Meeting recorded.")):
        plan.record_meeting(p, actor=actor_for(request), actions=drafts, **form.cleaned_data)
    return _detail(pk, "log")


@require_POST
@login_required
def close_action(request: CityRequest, action_id: int) -> HttpResponse:
    item = get_action(request.user, action_id)
    form = forms.CloseActionForm(request.POST)
    if form.is_valid():
        with outcome(request, ok=_("Action closed.")):
            plan.close_action(item, actor=actor_for(request), **form.cleaned_data)
    nxt = request.POST.get("next", "")
    if nxt == "index":
        return redirect("partnerships:index")
    return _detail(item.partnership_id, "actions")


@require_POST
@login_required
def offer_practice(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    form = forms.PracticeForm(request.POST)
    if form.is_valid():
        try:
            plan.offer_practice(p, actor=actor_for(request), **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Name the practice."))
    return _detail(pk, "learning")


@require_POST
@login_required
def practice_status(request: CityRequest, pk: int, practice_id: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    practice = get_object_or_404(Practice, partnership=p, pk=practice_id)
    form = forms.PracticeStatusForm(request.POST)
    if form.is_valid():
        try:
            plan.set_practice_status(
                practice, form.cleaned_data["status"], actor=actor_for(request)
            )
        except ValidationError as exc:
            show_refusal(request, exc)
    return _detail(pk, "learning")


@require_POST
@login_required
def link_pilot(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    form = forms.PilotForm(request.POST)
    if form.is_valid():
        try:
            plan.link_pilot(p, form.cleaned_data["pilot"], actor=actor_for(request))
        except ValidationError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Choose a pilot city."))
    return _detail(pk, "training")


# ---------------------------------------------------------------- reports
def _report_lines(report: MonthlyReport) -> dict:
    """The report's sections as formatted text rows (the page and the PDF share them)."""
    from core.templatetags.sinergi import number, percent

    c = report.content
    p = report.partnership

    def day(value):
        return date_format(datetime.fromisoformat(value).date(), "j F Y") if value else "–"

    def pct(value):
        return percent(value * 100, 1) if value is not None else "–"

    states = {
        "done": _("Done"),
        "late": _("Late"),
        "due_soon": _("Due soon"),
        "open": _("Planned"),
    }
    month = date_format(date(report.year, report.month, 1), "F Y")

    def hours(value):
        return "–" if value is None else number(value, 1)

    sections = [
        {
            "heading": _("Milestones"),
            "header": [_("Milestone"), _("Due on"), _("State"), _("Reached on")],
            "rows": [
                [m["name"], day(m["due_on"]), states.get(m["state"], m["state"]), day(m["done_on"])]
                for m in c.get("milestones", [])
            ],
        },
        {
            "heading": _("Adoption"),
            "header": [
                _("City"),
                _("Accounts activated"),
                _("Logged work in 7 days"),
                _("Median verification delay (hours)"),
                _("Months closed"),
            ],
            "rows": [
                [
                    a["city"],
                    pct(a["activated_share"]),
                    pct(a["active_share"]),
                    hours(a["median_verification_hours"]),
                    "–" if a["months_closed"] is None else number(a["months_closed"]),
                ]
                for a in c.get("adoption", [])
            ],
        },
        {
            "heading": _("Open actions"),
            "header": [_("Action"), _("Assigned to"), _("Due on")],
            "rows": [
                [a["title"], f"{a['assignee']} ({a['city']})", day(a["due_on"])]
                for a in c.get("open_actions", [])
            ],
        },
        {"heading": _("Risks"), "header": None, "rows": [[r] for r in c.get("risks", [])]},
        {
            "heading": _("Sign-off"),
            "header": [_("City"), _("Signed by"), _("Signed on")],
            "rows": [
                [
                    city.name,
                    by or _("Not signed yet"),
                    date_format(timezone.localtime(at), "j F Y") if at else "–",
                ]
                for city, by, at in (
                    (p.city_a, report.signed_a_by, report.signed_a_at),
                    (p.city_b, report.signed_b_by, report.signed_b_at),
                )
            ],
        },
    ]
    return {
        "title": _("Monitoring report %(month)s") % {"month": month},
        "subtitle": f"{p.city_a.name} – {p.city_b.name} · {p.agreement_number}",
        "month": month,
        "sections": sections,
    }


@require_safe
@login_required
def report(request: CityRequest, pk: int, year: int, month: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    found = MonthlyReport.objects.filter(partnership=p, year=year, month=month).first()
    city = current_city()
    side = side_of(p, city)
    context = {
        "p": p,
        "report": found,
        "year": year,
        "month": month,
        "lines": _report_lines(found) if found else None,
        "month_label": date_format(date(year, month, 1), "F Y") if 1 <= month <= 12 else "",
        "can_prepare": plan.may_work_on(actor_for(request), p)
        and not (found and (found.signed_a_at or found.signed_b_at)),
        "can_sign": found is not None
        and request.user.role == Role.CITY_ADMIN
        and side in ("a", "b")
        and not getattr(found, f"signed_{side}_at"),
    }
    if not 1 <= month <= 12:
        raise Http404
    return render(request, "partnerships/report.html", context)


@require_POST
@login_required
def prepare_report(request: CityRequest, pk: int, year: int, month: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    try:
        reports.prepare_report(p, year, month, actor=actor_for(request))
    except ValidationError as exc:
        show_refusal(request, exc)
    return redirect("partnerships:report", pk, year, month)


@require_POST
@login_required
def sign_report(request: CityRequest, pk: int, year: int, month: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    found = get_object_or_404(MonthlyReport, partnership=p, year=year, month=month)
    with outcome(request, ok=_("Report signed.")):
        reports.sign_report(found, actor=actor_for(request))
    return redirect("partnerships:report", pk, year, month)


@require_safe
@login_required
def report_pdf(request: CityRequest, pk: int, year: int, month: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    found = get_object_or_404(MonthlyReport, partnership=p, year=year, month=month)
    pdf = reports.report_pdf(found, _report_lines(found))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-{p.pk}-{year}-{month:02d}.pdf"'
    return response


# ---------------------------------------------------------------- mentor access
@require_POST
@login_required
def grant_access(request: CityRequest, pk: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    mentors = [m for m in _people(p) if m.is_mentor]
    form = forms.AccessForm(request.POST, mentors=mentors)
    if not form.is_valid():
        messages.error(request, _("Choose a mentor, the minutes and a reason."))
        return _detail(pk, "access")
    member = next(m for m in mentors if m.pk == form.cleaned_data["member"])
    scheme = request.scheme
    base_url = f"{scheme}://{request.get_host()}"
    try:
        issued = mentor_access.grant_mentor_access(
            p,
            member,
            actor=actor_for(request),
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"],
            base_url=base_url,
        )
    except ValidationError as exc:
        show_refusal(request, exc)
        return _detail(pk, "access")
    return render(request, "partnerships/access_link.html", {"p": p, "issued": issued})


@require_POST
@login_required
def end_access(request: CityRequest, pk: int, access_id: int) -> HttpResponse:
    p = get_partnership(request.user, pk)
    city = current_city()
    if city is None or request.user.role != Role.CITY_ADMIN:
        raise PermissionDenied(_("Your role does not allow this."))
    access = get_object_or_404(MentorAccess, partnership=p, city=city, pk=access_id)
    mentor_access.end_access(access, actor_label=request.user.username)
    messages.success(request, _("Support access ended."))
    return _detail(pk, "access")


@require_safe
def enter(request: HttpRequest, token: str) -> HttpResponse:
    """A mentor's one-time link into the adopter (read-only, within the scope)."""
    city = current_city()
    if city is None:
        raise Http404
    try:
        user, access = mentor_access.enter_adopter(city, token)
    except ValidationError as exc:
        return render(
            request,
            "partnerships/outside_scope.html",
            {"message": " ".join(exc.messages)},
            status=403,
        )
    logout(request)
    login(request, user, backend=BACKEND)
    request.session.set_expiry(access.expires_at)
    request.session[mentor_access.SESSION_KEY] = {
        "access": access.pk,
        "mentor": access.mentor.full_name,
        "expires_at": access.expires_at.isoformat(),
        "blocked": mentor_access.blocked_paths(access.partnership),
    }
    return redirect("/")


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    info = request.session.get(mentor_access.SESSION_KEY)
    city = current_city()
    if info and city is not None:
        access = MentorAccess.objects.filter(city=city, pk=info["access"]).first()
        if access is not None:
            mentor_access.end_access(access, actor_label=request.user.username)
    logout(request)
    return redirect("accounts:login")


def partner_host(city) -> str:
    return primary_host_for(city.slug)
