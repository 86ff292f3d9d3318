"""The adopter's adoption as the mentor sees it: aggregates only.

Figures come from two daily snapshot tables in the public schema: onboarding's
`CityMetrics` (checklist, activation, logging, verification delay, months closed) and
`AdoptionSnapshot` (configuration drift, distribution curve, PAD), written by
`refresh_adoption_snapshots` in each adopter's own schema. A page view never reads
another city's schema, and no row about a person ever leaves it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django_tenants.utils import tenant_context

from onboarding.models import CityMetrics, TrainingSession
from onboarding.rules import ChecklistFacts, evaluate_checklist, sparkline
from partnerships import rules
from partnerships.models import (
    ActionItem,
    ActionStatus,
    AdoptionSnapshot,
    Partnership,
    PartnershipPilot,
    PartnershipStatus,
)
from tenants.models import City
from tenants.rules import CityStatus


# ---------------------------------------------------------------- snapshots
def _city_figures(today: date) -> dict:
    """Aggregates in the active city schema (run inside tenant_context)."""
    from django.db.models import Sum

    from catalog.models import TemplateVersion
    from core.configuration import rules as config_rules
    from core.configuration.services import adoption_state, compare
    from core.revenue.models import MonthlyTarget, Realisation
    from core.talent.models import AssessmentRound
    from core.talent.services.assessment import distribution_violations

    figures: dict = {}
    state = adoption_state()
    if state is not None:
        version = (
            TemplateVersion.objects.filter(
                template__slug=state.source_template, version=state.source_version
            )
            .only("content")
            .first()
        )
        if version is not None:
            changes = compare(version.content, slug=state.source_template)
            figures["template_ref"] = f"{state.source_template}@{state.source_version}"
            figures["config_items"] = len(changes)
            figures["config_changed"] = sum(
                1 for c in changes if c.kind is not config_rules.ChangeKind.SAME
            )
    rounds = list(AssessmentRound.objects.all())
    figures["rounds_total"] = len(rounds)
    figures["rounds_closed"] = sum(1 for r in rounds if r.status == "closed")
    figures["annual_rounds_closed"] = sum(
        1 for r in rounds if r.status == "closed" and r.kind == "annual"
    )
    figures["rounds_breaking_curve"] = sum(
        1 for r in rounds if r.status == "open" and distribution_violations(r)
    )
    through = today.month
    figures["pad_year"] = today.year
    figures["pad_target_to_date"] = (
        MonthlyTarget.objects.filter(year=today.year, month__lte=through).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )
    figures["pad_realised_to_date"] = (
        Realisation.objects.filter(year=today.year, month__lte=through).aggregate(s=Sum("amount"))[
            "s"
        ]
        or 0
    )
    return figures


def adopter_cities() -> list[City]:
    """Cities adopting in an open partnership (the only ones the snapshot measures)."""
    ids: set[int] = set()
    for p in Partnership.objects.filter(status__in=rules.OPEN_STATUSES):
        a_mentors_b, b_mentors_a = rules.mentors_of(p.role_a, p.role_b)
        if a_mentors_b:
            ids.add(p.city_b_id)
        if b_mentors_a:
            ids.add(p.city_a_id)
    return list(
        City.objects.filter(
            pk__in=ids, status__in=[CityStatus.ACTIVE, CityStatus.PILOT, CityStatus.SUSPENDED]
        )
    )


def refresh_adoption_snapshots(
    *, now: datetime | None = None, cities: list[City] | None = None
) -> int:
    """Write today's adoption row for every adopting city (replacing today's)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    for city in cities if cities is not None else adopter_cities():
        with tenant_context(city):
            figures = _city_figures(today)
        with transaction.atomic():
            AdoptionSnapshot.objects.update_or_create(
                city=city, taken_on=today, defaults={"taken_at": now, **figures}
            )
        count += 1
    return count


# ---------------------------------------------------------------- reading
def checklist_labels() -> list[tuple[str, str]]:
    """(key, label) of the go-live checklist items in the active language."""
    return [
        (item.key, item.label)
        for item in evaluate_checklist(ChecklistFacts(False, 0, 0, 0, None, 0, 0, 0, 0, 0))
    ]


def adopter_of(p: Partnership, mentor_city: City) -> City | None:
    """The city `mentor_city` mentors in `p`, or None if it mentors nobody there."""
    a_mentors_b, b_mentors_a = rules.mentors_of(p.role_a, p.role_b)
    if mentor_city.pk == p.city_a_id and a_mentors_b:
        return p.city_b
    if mentor_city.pk == p.city_b_id and b_mentors_a:
        return p.city_a
    return None


def adopters_in(p: Partnership) -> list[City]:
    a_mentors_b, b_mentors_a = rules.mentors_of(p.role_a, p.role_b)
    return [c for c, adopts in ((p.city_b, a_mentors_b), (p.city_a, b_mentors_a)) if adopts]


def adoption_panel(p: Partnership, adopter: City, *, days: int = 90) -> dict:
    """What the mentor sees of `adopter`: the latest aggregates and their curves."""
    since = timezone.localdate() - timedelta(days=days)
    rows = list(CityMetrics.objects.filter(city=adopter, taken_on__gte=since).order_by("taken_on"))
    latest = rows[-1] if rows else None
    snap = AdoptionSnapshot.objects.filter(city=adopter).order_by("-taken_on").first()
    checklist = []
    if latest is not None:
        checklist = [
            {"key": key, "label": label, "done": bool(latest.checklist.get(key))}
            for key, label in checklist_labels()
        ]
    pad = None
    if p.scope_pad and snap is not None:
        pad = {
            "year": snap.pad_year,
            "target": snap.pad_target_to_date,
            "realised": snap.pad_realised_to_date,
            "share": rules.share(snap.pad_realised_to_date, snap.pad_target_to_date),
        }
    return {
        "city": adopter,
        "latest": latest,
        "checklist": checklist,
        "checklist_done": sum(1 for item in checklist if item["done"]),
        "activated_share": latest.activated_share if latest else None,
        "active_share": latest.active_share if latest else None,
        "activated_points": sparkline([r.activated_share for r in rows], top=1.0),
        "active_points": sparkline([r.active_share for r in rows], top=1.0),
        "series": [
            {
                "day": r.taken_on,
                "activated_share": r.activated_share,
                "active_share": r.active_share,
                "median_verification_hours": r.median_verification_hours,
                "months_closed": r.months_closed,
            }
            for r in rows
        ],
        "snapshot": snap,
        "drift_share": rules.share(snap.config_changed, snap.config_items) if snap else None,
        "pad": pad,
    }


def measured_dates(p: Partnership, adopter: City | None) -> dict[str, date]:
    """The day each standard milestone happened according to the data (if it did)."""
    if adopter is None:
        return {}
    found: dict[str, date | None] = {}
    found["training_done"] = TrainingSession.objects.filter(city=adopter).aggregate(
        d=Min("held_on")
    )["d"]
    pilots = PartnershipPilot.objects.filter(partnership=p).values_list("pilot_city", flat=True)
    found["pilot_run"] = CityMetrics.objects.filter(
        city__in=list(pilots), active_last_7_days__gt=0
    ).aggregate(d=Min("taken_on"))["d"]
    rows = CityMetrics.objects.filter(city=adopter).values_list(
        "taken_on", "checklist", "months_closed"
    )
    series = list(rows)
    found["go_live"] = rules.first_day(
        (day, bool(checklist) and all(checklist.values())) for day, checklist, _ in series
    )
    found["first_month_closed"] = rules.first_day((day, closed > 0) for day, _, closed in series)
    found["first_annual_assessment"] = AdoptionSnapshot.objects.filter(
        city=adopter, annual_rounds_closed__gt=0
    ).aggregate(d=Min("taken_on"))["d"]
    return {kind: day for kind, day in found.items() if day}


def milestones_with_state(p: Partnership, *, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    adopters = adopters_in(p)
    measured = measured_dates(p, adopters[0] if adopters else None)
    out = []
    for m in p.milestones.all():
        state = rules.milestone_state(
            m.due_on, measured_on=measured.get(m.kind), confirmed_on=m.confirmed_on, today=today
        )
        out.append({"milestone": m, "state": state})
    return out


def overdue_action_days(p: Partnership, today: date) -> list[int]:
    return [
        (today - due).days
        for due in p.actions.filter(status=ActionStatus.OPEN, due_on__lt=today).values_list(
            "due_on", flat=True
        )
    ]


def stage_of(p: Partnership, *, today: date | None = None) -> rules.Stage:
    today = today or timezone.localdate()
    states = [
        (row["milestone"].kind, row["state"]) for row in milestones_with_state(p, today=today)
    ]
    return rules.stage(states, overdue_action_days(p, today))


class OverviewRow(TypedDict):
    partnership: Partnership
    stage: rules.Stage


def overview(*, today: date | None = None) -> dict:
    """The APEKSI overview: every partnership with its stage and lateness, and the load
    each mentor city carries (open partnerships it mentors in)."""
    today = today or timezone.localdate()
    partnerships = list(
        Partnership.objects.select_related("city_a", "city_b").prefetch_related("milestones")
    )
    rows: list[OverviewRow] = []
    load: dict[City, int] = {}
    for p in partnerships:
        st = stage_of(p, today=today)
        rows.append({"partnership": p, "stage": st})
        if p.status in rules.OPEN_STATUSES:
            for city, mentors in zip(
                (p.city_a, p.city_b), rules.mentors_of(p.role_a, p.role_b), strict=True
            ):
                if mentors:
                    load[city] = load.get(city, 0) + 1
    rows.sort(key=lambda r: (-r["stage"].days_late, r["partnership"].pk))
    return {
        "rows": rows,
        "load": sorted(load.items(), key=lambda kv: (-kv[1], kv[0].name)),
    }


def search_mentors(query: str) -> list[dict]:
    """Cities that mentor (or mentored) a practice matching `query`."""
    from django.utils.translation import gettext as _

    results: dict[int, dict] = {}
    partnerships = (
        Partnership.objects.filter(
            status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.COMPLETED]
        )
        .select_related("city_a", "city_b")
        .prefetch_related("practices")
    )
    for p in partnerships:
        taught = list(p.other_practices)
        if p.scope_asn:
            taught += [str(_("ASN management")), "kinerja", "TPP", "talenta"]
        if p.scope_pad:
            taught += [str(_("Local own-source revenue (PAD)")), "PAD", "pajak daerah"]
        pairs = zip((p.city_a, p.city_b), rules.mentors_of(p.role_a, p.role_b), strict=True)
        for city, mentors in pairs:
            offered = [pr.title for pr in p.practices.all() if pr.offered_by_id == city.pk]
            own = (taught if mentors else []) + offered
            if rules.practice_matches(query, own):
                entry = results.setdefault(city.pk, {"city": city, "partnerships": 0})
                entry["partnerships"] += 1
    return sorted(results.values(), key=lambda e: (-e["partnerships"], e["city"].name))


def open_actions_for(city: City, user_id: int | None = None) -> list[ActionItem]:
    qs = ActionItem.objects.filter(assignee_city=city, status=ActionStatus.OPEN).select_related(
        "partnership"
    )
    if user_id is not None:
        qs = qs.filter(assignee_user_id=user_id)
    return list(qs.order_by("due_on"))


def milestone_kinds_measured() -> frozenset[str]:
    return rules.MEASURED_KINDS
