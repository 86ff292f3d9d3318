"""Builders for talent tests: agreed SKPs, frozen monthly results, rated assessments."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from core.talent import services
from core.talent.models import AssessmentKind
from core.talent.rules import Level
from tests.core.talent.conftest import YEAR


def agreed_skp(world, key, *, parent=None, target="12", year=YEAR):
    """An SKP for `key`, planned, submitted and agreed by their supervisor."""
    person, user = world.people[key], world.users[key]
    skp = services.create_skp(person, year, actor=user)
    rhk = services.add_rhk(skp, f"Hasil {key}", actor=user, parent=parent)
    services.add_indicator(
        rhk,
        actor=user,
        name="Dokumen",
        measurement="quantity",
        unit="dokumen",
        target=Decimal(target),
    )
    services.submit_skp(skp, actor=user)
    supervisor = next(k for k, e in world.people.items() if e.pk == skp.supervisor_id)
    return services.decide_skp(skp, actor=world.users[supervisor], agree=True), rhk


def monthly_result(employee, month, score, behaviour, *, year=YEAR):
    """A closed month's frozen result, as core.performance leaves it."""
    from core.performance.models import MonthlyResult, Period

    period, _ = Period.objects.get_or_create(
        year=year, month=month, defaults={"status": "closed", "closed_at": timezone.now()}
    )
    return MonthlyResult.objects.create(
        employee=employee,
        period=period,
        working_days=21,
        target_minutes=6300,
        verified_minutes=6300,
        workload_pct=Decimal(100),
        iki_pct=Decimal(100),
        result_score=Decimal(score),
        results_rating=Level.MEETS,
        behaviour_rating=behaviour,
        predicate="baik",
        present_days=21,
        attendance_pct=Decimal(100),
        cut_pct=Decimal(0),
        tpp_base=5_000_000,
        performance_factor=Decimal(100),
        tpp_gross=5_000_000,
        tpp_cut=0,
        tpp_paid=5_000_000,
        computed_at=timezone.now(),
    )


def staff_round(world, ratings, *, kind=AssessmentKind.ANNUAL, period_no=0, year=YEAR):
    """Hire staff under the Kabid, agree their SKPs, open the OPD's round and rate them.

    `ratings` is a list of (results, behaviour) Levels; returns (round, assessments)."""
    keys = []
    for index, _rating in enumerate(ratings):
        key = f"staf{index}"
        if key not in world.people:
            world.hire(key, world.new_staff_position(f"Staf {index}"))
        agreed_skp(world, key, year=year)
        keys.append(key)
    round_ = services.open_round(
        world.opd, year, kind=kind, period_no=period_no, actor=world.users["admin"]
    )
    assessments = []
    for key, (results, behaviour) in zip(keys, ratings, strict=True):
        assessment = round_.assessments.get(employee=world.people[key])
        assessments.append(
            services.rate_assessment(
                assessment,
                actor=world.users["kabid"],
                results=results,
                behaviour=behaviour,
                results_justification="Sesuai bukti kinerja",
                behaviour_justification="Sesuai pengamatan",
            )
        )
    return round_, assessments


A, M, B = Level.ABOVE, Level.MEETS, Level.BELOW
