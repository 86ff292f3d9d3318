"""Demo data for `make run`: a closed previous month and an open current month.

Runs after core.people's seed (app order), on the demo people: every working day of
the previous month gets three verified activities per person, full attendance (a few
late arrivals) and behaviour ratings, and that month is closed through the real close;
the current month gets verified activities up to yesterday and some entries waiting
for verification today. Idempotent: a city that already has activities is left alone.
"""

from __future__ import annotations

import random
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.accounts.roles import Role
from core.audit.services import record_event
from core.configuration.models import ActivityType
from core.people.hierarchy import supervisor_of
from core.people.models import Assignment, Employee
from core.performance.models import (
    ActivityEntry,
    AttendanceRecord,
    BehaviourRating,
    EntryStatus,
    Favourite,
    Period,
    PeriodStatus,
)
from core.performance.periods import get_period
from core.performance.policy import calendar_days
from core.performance.rules import BERAKHLAK, Level, activity_minutes, behaviour_rating


def _people(day) -> list[tuple[Employee, Employee | None]]:
    ids = (
        Assignment.objects.filter(starts_on__lte=day)
        .values_list("employee_id", flat=True)
        .distinct()
    )
    people = list(Employee.objects.filter(pk__in=ids, status="active").select_related("user"))
    return [(person, supervisor_of(person, day)) for person in people]


def _entries(people, days, types, rng, *, approved_until, creator) -> list[ActivityEntry]:
    now = timezone.now()
    entries = []
    for person, boss in people:
        if boss is None:
            continue
        for day in days:
            for _n in range(3):
                kind = rng.choice(types)
                volume = Decimal(rng.choice([1, 1, 2, 3]))
                waiting = day > approved_until
                entries.append(
                    ActivityEntry(
                        employee=person,
                        activity_type=kind,
                        day=day,
                        volume=volume,
                        minutes=activity_minutes(kind.standard_minutes, volume),
                        status=EntryStatus.SUBMITTED if waiting else EntryStatus.APPROVED,
                        verifier=boss,
                        decided_by=None if waiting else boss,
                        decided_at=None if waiting else now,
                        submitted_at=now,
                        pending_since=now,
                        created_by=person.user or creator,
                    )
                )
    return entries


def _attendance(people, days, rng) -> list[AttendanceRecord]:
    records = []
    for person, _boss in people:
        for day in days:
            late = rng.choice([0] * 12 + [10, 25, 45])
            records.append(
                AttendanceRecord(
                    employee=person,
                    day=day,
                    status="hadir",
                    checked_in=time(7, 20 + min(late, 39)) if late < 40 else time(8, 15),
                    checked_out=time(16, 30),
                    late_minutes=max(0, late - 10) if late else 0,
                    early_minutes=0,
                )
            )
    return records


def seed_city(city, logins) -> None:
    if ActivityEntry.objects.exists():
        return
    types = list(ActivityType.objects.filter(is_active=True).order_by("code")[:40])
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.filter(role=Role.CITY_ADMIN, is_active=True).first()
    creator = admin or get_user_model().objects.filter(is_active=True).first()
    if not types or creator is None:
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    first = today.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    with transaction.atomic():
        people = _people(previous)
        if not people:
            return
        last_month = calendar_days(previous.year, previous.month)
        this_month = [d for d in calendar_days(today.year, today.month) if d <= today]
        ActivityEntry.objects.bulk_create(
            _entries(
                people,
                last_month,
                types,
                rng,
                approved_until=last_month[-1],
                creator=creator,
            )
            + _entries(
                people,
                this_month,
                types,
                rng,
                approved_until=today - timedelta(days=1),
                creator=creator,
            ),
            batch_size=2000,
        )
        AttendanceRecord.objects.bulk_create(_attendance(people, last_month, rng), batch_size=2000)
        period = get_period(previous.year, previous.month)
        ratings = []
        for person, boss in people:
            if boss is None:
                continue
            levels = {
                name: rng.choice([Level.MEETS, Level.MEETS, Level.ABOVE]).value
                for name in BERAKHLAK
            }
            ratings.append(
                BehaviourRating(
                    employee=person,
                    period=period,
                    rated_by=boss,
                    rating=behaviour_rating(levels.values()).value,
                    rated_at=timezone.now(),
                    **levels,
                )
            )
        BehaviourRating.objects.bulk_create(ratings)
        for person, boss in people[:8]:
            if boss is not None:
                Favourite.objects.get_or_create(employee=person, activity_type=types[0])
        record_event(
            actor="demo", action="demo.seeded", object_type="performance", object_id=city.slug
        )
    if Period.objects.filter(pk=period.pk, status=PeriodStatus.OPEN).exists():
        from core.performance.services.closing import close_period

        close_period(period.pk, actor=admin)
