"""Implementation metrics and the go-live checklist, measured from each city's data.

One city's page reads its checklist live (a handful of aggregate queries in that
city's schema). The console across all cities reads `CityMetrics`, a daily snapshot
per city written by `refresh_city_metrics` (command and Celery beat task), so a page
view never runs heavy queries in every schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.actors import Actor
from core.configuration.models import Adoption
from core.organisation.models import OrgUnit, Position
from core.people.models import Assignment, Employee, EmployeeStatus
from core.revenue.figures import MonthFigure, monthly_figures
from onboarding.models import (
    ChecklistConfirmation,
    CityApplication,
    CityMetrics,
    CityRevenueMonth,
    TrainingSession,
)
from onboarding.rules import (
    CHECKLIST_PATHS,
    ChecklistFacts,
    ChecklistItem,
    MetricFacts,
    checklist_progress,
    evaluate_checklist,
    implementation_alerts,
    sparkline,
)
from onboarding.services.facts import PeopleFacts, PerformanceFacts
from onboarding.services.performance_facts import performance_facts
from tenants.models import City, CityStatusChange
from tenants.rules import CityStatus

CONFIRMABLE_ITEMS = frozenset({"configuration"})


def _people_facts(today: date) -> PeopleFacts:
    """Counts in the active city schema: four aggregate queries, whatever the city's size."""
    current = Assignment.objects.filter(employee=OuterRef("pk"), starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    totals = (
        Employee.objects.filter(status=EmployeeStatus.ACTIVE)
        .annotate(
            has_position=Exists(current),
            has_supervisor=Exists(current.filter(position__supervisor_position__isnull=False)),
        )
        .aggregate(
            employees=Count("pk"),
            activated=Count("pk", filter=Q(user__activated_at__isnull=False)),
            with_position=Count("pk", filter=Q(has_position=True)),
            with_supervisor=Count("pk", filter=Q(has_supervisor=True)),
        )
    )
    return PeopleFacts(
        org_units=OrgUnit.objects.filter(is_active=True).count(),
        positions=Position.objects.filter(is_active=True).count(),
        **totals,
    )


def _adopted_template() -> str:
    """The model template the city adopted last ("surabaya@1"), or "" if none."""
    adoption = Adoption.objects.filter(kind="adopt").order_by("-at", "-id").first()
    return f"{adoption.source_template}@{adoption.source_version}" if adoption else ""


@dataclass(frozen=True)
class CityFacts:
    people: PeopleFacts
    performance: PerformanceFacts
    checklist: list[ChecklistItem]
    revenue: list[MonthFigure] = field(default_factory=list)


def gather_facts(city: City, *, now: datetime | None = None) -> CityFacts:
    now = now or timezone.now()
    today = timezone.localdate(now)
    confirmed = set(ChecklistConfirmation.objects.filter(city=city).values_list("item", flat=True))
    trainings = TrainingSession.objects.filter(city=city).count()
    estimate = (
        CityApplication.objects.filter(city=city).values_list("estimated_asn", flat=True).first()
    )
    with tenant_context(city):
        people = _people_facts(today)
        performance = performance_facts(now)
        adopted = _adopted_template()
        revenue = monthly_figures()
    facts = ChecklistFacts(
        configuration_reviewed="configuration" in confirmed,
        org_units=people.org_units,
        positions=people.positions,
        employees=people.employees,
        estimated_asn=estimate,
        accounts_activated=people.activated,
        employees_with_position=people.with_position,
        employees_with_supervisor=people.with_supervisor,
        periods_opened=performance.periods_opened,
        training_sessions=trainings,
        adopted_template=adopted,
    )
    return CityFacts(people, performance, evaluate_checklist(facts), revenue)


def checklist_for(city: City, *, base_url: str = "", training_link: str = "") -> dict:
    """The go-live checklist of one city, measured now (the same for operator and city admin).

    Each item links to where it is done: `base_url` + its path on the city's host ("" for
    a page on that host), and `training_link` for the training sessions.
    """
    items = [
        replace(item, link=f"{base_url}{path}" if path else training_link)
        for item in gather_facts(city).checklist
        for path in [CHECKLIST_PATHS.get(item.key, "")]
    ]
    return {"items": items, "progress": checklist_progress(items)}


def refresh_city_metrics(*, now: datetime | None = None, cities: list[City] | None = None) -> int:
    """Write today's metrics row for every serving city (replacing today's if present).

    Runs every hour (Celery beat) and for a new city as soon as it is provisioned, so the
    console shows a city's figures from its first day. `cities` limits it to those.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    chosen = City.objects.filter(
        status__in=[CityStatus.ACTIVE, CityStatus.PILOT, CityStatus.SUSPENDED],
        **({"pk__in": [c.pk for c in cities]} if cities is not None else {}),
    )
    count = 0
    for city in chosen:
        facts = gather_facts(city, now=now)
        perf = facts.performance
        with transaction.atomic():
            CityMetrics.objects.update_or_create(
                city=city,
                taken_on=today,
                defaults={
                    "taken_at": now,
                    "asn_count": facts.people.employees,
                    "accounts_activated": facts.people.activated,
                    "active_last_7_days": perf.active_last_7_days,
                    "verification_backlog": perf.verification_backlog,
                    "median_verification_hours": perf.median_verification_hours,
                    "months_opened": perf.periods_opened,
                    "months_closed": perf.periods_closed,
                    "last_activity_at": perf.last_activity_at,
                    "checklist": {item.key: item.done for item in facts.checklist},
                },
            )
            _copy_revenue(city, facts.revenue, now)
        count += 1
    return count


def _copy_revenue(city: City, figures: list[MonthFigure], now: datetime) -> None:
    """Replace the city's revenue rows (APEKSI's comparison reads them, see revenue_comparison)."""
    CityRevenueMonth.objects.filter(city=city).delete()
    CityRevenueMonth.objects.bulk_create(
        CityRevenueMonth(
            city=city,
            source_code=f.code,
            source_name=f.name,
            year=f.year,
            month=f.month,
            target=f.target,
            realisation=f.realisation,
            taken_at=now,
        )
        for f in figures
    )


def refresh_metrics_on_commit(city: City) -> None:
    """Measure a new (or reset) city once its transaction commits."""
    transaction.on_commit(lambda: refresh_city_metrics(cities=[city]))


def live_since(city: City) -> date | None:
    """The day a city went into service (its first move to active or pilot)."""
    change = (
        CityStatusChange.objects.filter(
            city=city, to_status__in=[CityStatus.ACTIVE, CityStatus.PILOT]
        )
        .order_by("created_at")
        .first()
    )
    return timezone.localdate(change.created_at) if change else None


def alerts_for(row: CityMetrics, *, live: date | None, today: date) -> list[str]:
    return implementation_alerts(
        MetricFacts(
            row.asn_count,
            row.accounts_activated,
            row.active_last_7_days,
            row.verification_backlog,
            row.median_verification_hours,
            row.months_opened,
        ),
        live_since=live,
        today=today,
    )


def history(city: City, *, days: int = 90) -> dict:
    """The city's metrics over time, with SVG polyline points for the trend charts."""
    since = timezone.localdate() - timedelta(days=days)
    rows = list(CityMetrics.objects.filter(city=city, taken_on__gte=since).order_by("taken_on"))
    activated = [r.activated_share for r in rows]
    active = [r.active_share for r in rows]
    return {
        "rows": rows,
        "latest": rows[-1] if rows else None,
        "activated_points": sparkline(activated, top=1.0),
        "active_points": sparkline(active, top=1.0),
        "backlog_points": sparkline([float(r.verification_backlog) for r in rows]),
    }


def record_training_session(
    city: City, *, actor: Actor, held_on: date, topic: str, participants: int
) -> TrainingSession:
    with transaction.atomic():
        return TrainingSession.objects.create(
            city=city,
            held_on=held_on,
            topic=topic.strip(),
            participants=participants,
            recorded_by_label=actor.label,
        )


def confirm_checklist_item(city: City, item: str, *, actor_label: str) -> ChecklistConfirmation:
    if item not in CONFIRMABLE_ITEMS:
        raise ValueError(item)
    with transaction.atomic():
        confirmation, _ = ChecklistConfirmation.objects.get_or_create(
            city=city, item=item, defaults={"confirmed_by_label": actor_label}
        )
    return confirmation
