"""Demo data for `make run`: two closed months and an open current month.

Runs after core.people's seed (app order), on the demo people. Each person has a
profile (diligent, steady, thin, or poorly behaved) so the two closed months show a
plausible spread of predicates and TPP: every working day of those months gets verified
activities of the person's own position type adding up to the profile's minutes, full
attendance (a few late arrivals), behaviour ratings and, for some, confirmed indicator
targets; each month is then closed through the real close. The current month gets
verified activities up to the day before yesterday, the last working day before today
waiting for the supervisor (open verification work, one entry of unusual volume), and
a little work today waiting too, well under the daily maximum, so the demo ASN can log.
Idempotent: a city that already has activities is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from core.accounts.roles import Role
from core.actors import Actor
from core.audit.services import record_event
from core.configuration.models import ActivityType, Indicator
from core.people.hierarchy import position_on, supervisor_of
from core.people.models import Assignment, Employee
from core.performance.models import (
    ActivityEntry,
    AttendanceRecord,
    BehaviourRating,
    EntryStatus,
    Favourite,
    IndicatorTarget,
    Period,
    PeriodStatus,
    TargetStatus,
)
from core.performance.periods import month_bounds
from core.performance.policy import calendar_days
from core.performance.rules import BERAKHLAK, Level, activity_minutes, behaviour_rating
from core.performance.services.closing import close_period
from core.performance.services.periods import open_period

A, M, B = Level.ABOVE, Level.MEETS, Level.BELOW


@dataclass(frozen=True)
class Profile:
    """How a demo person works: minutes a day, behaviour, indicator achievement (%)."""

    name: str
    minutes: tuple[int, int]  # logged per working day, low-high
    behaviour: tuple[Level, ...]  # drawn from for each of the seven BerAKHLAK values
    iki_pct: int | None  # achievement of one confirmed indicator; None: no indicator


DILIGENT = Profile("diligent", (330, 400), (A, A, A, M), 120)  # -> sangat baik
STEADY = Profile("steady", (290, 340), (M, M, M, A), 100)  # -> baik
THIN = Profile("thin", (170, 230), (M, M, M, A), None)  # workload ~65 % -> butuh perbaikan
POOR = Profile("poor", (280, 320), (B, B, B, M), None)  # behaviour below -> kurang
# By position in the list of people (sorted by NIP): mostly steady, some of each other.
PROFILES = (STEADY, DILIGENT, STEADY, THIN, STEADY, DILIGENT, STEADY, POOR, STEADY, THIN)

TODAY_MINUTES = (45, 150)  # already logged today, waiting: far below any daily maximum


def _people(day: date) -> list[tuple[Employee, Employee | None, date]]:
    """(person, supervisor on `day`, first day in post) for everyone in post on `day`."""
    starts = dict(
        Assignment.objects.filter(starts_on__lte=day)
        .values_list("employee_id")
        .annotate(first=Min("starts_on"))
    )
    people = Employee.objects.filter(pk__in=starts, status="active").order_by("nip")
    return [(p, supervisor_of(p, day), starts[p.pk]) for p in people.select_related("user")]


# What each kind of OPD's staff plausibly do (catalogue families), by a word of its name.
FAMILIES_BY_OPD = (
    ("pendidikan", {"teacher", "administration", "planning", "general", "it", "leader"}),
    ("kesehatan", {"health", "administration", "planning", "general", "it", "leader"}),
    ("kepegawaian", {"hr", "administration", "planning", "general", "it", "leader"}),
    ("inspektorat", {"legal_audit", "administration", "planning", "general", "leader"}),
)
DEFAULT_FAMILIES = {"administration", "finance", "planning", "general", "it", "leader"}


def _kinds_for(person: Employee, day: date, kinds: list[ActivityType]) -> list[ActivityType]:
    """The activities the person's position type may log, of families that fit their OPD
    (all of the position type's, if none fits; all, if none is the position type's)."""
    assignment = position_on(person, day)
    kind = assignment.position.position_type if assignment else ""
    allowed = [k for k in kinds if not k.position_types or kind in k.position_types]
    path = assignment.position.org_unit.path.lower() if assignment else ""
    families = next((f for word, f in FAMILIES_BY_OPD if word in path), DEFAULT_FAMILIES)
    fitting = [k for k in allowed if k.family in families]
    return fitting or allowed or kinds


def _day_plan(rng: random.Random, kinds: list[ActivityType], target: int) -> list[tuple]:
    """Activities (kind, volume) adding up to at most `target` minutes."""
    plan: list[tuple[ActivityType, Decimal]] = []
    total = 0
    for _attempt in range(12):
        kind = rng.choice(kinds)
        room = target - total
        if room < kind.standard_minutes:
            continue
        volume = min(rng.choice([1, 1, 2, 3]), room // kind.standard_minutes)
        plan.append((kind, Decimal(volume)))
        total += kind.standard_minutes * volume
        if target - total < 20:
            break
    return plan


def _entry(person, boss, kind, volume, day, *, waiting: bool, creator, now) -> ActivityEntry:
    return ActivityEntry(
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


def _attendance(person, days, rng) -> list[AttendanceRecord]:
    records = []
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


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    """The `count` months before today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _n in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((year, month))
    return months[::-1]


def _rating(person, boss, period, profile: Profile, rng) -> BehaviourRating:
    levels = {name: rng.choice(profile.behaviour).value for name in BERAKHLAK}
    return BehaviourRating(
        employee=person,
        period=period,
        rated_by=boss,
        rating=behaviour_rating(levels.values()).value,
        rated_at=timezone.now(),
        **levels,
    )


def _target(person, boss, period, indicator, profile: Profile) -> IndicatorTarget:
    target = Decimal(10)
    return IndicatorTarget(
        employee=person,
        period=period,
        indicator=indicator,
        target=target,
        realisation=target * (profile.iki_pct or 0) / 100,
        achievement_pct=Decimal(profile.iki_pct or 0),
        status=TargetStatus.CONFIRMED,
        assigned_by=boss,
        confirmed_by=boss,
    )


def _seed_closed_month(year, month, people, profiles, kinds_of, indicator, rng, creator):
    """Verified work, attendance, ratings and indicators of a month that will be closed."""
    now = timezone.now()
    period = open_period(year, month, actor=Actor.system("demo"))
    days = calendar_days(year, month)
    entries, attendance, ratings, targets = [], [], [], []
    for person, boss, start in people:
        profile = profiles.get(person.pk, STEADY)
        worked = [d for d in days if d >= start]
        attendance += _attendance(person, worked, rng)
        if boss is None or person.pk not in kinds_of:
            continue
        for day in worked:
            for kind, volume in _day_plan(rng, kinds_of[person.pk], rng.randint(*profile.minutes)):
                entries.append(
                    _entry(person, boss, kind, volume, day, waiting=False, creator=creator, now=now)
                )
        ratings.append(_rating(person, boss, period, profile, rng))
        if indicator is not None and profile.iki_pct is not None:
            targets.append(_target(person, boss, period, indicator, profile))
    ActivityEntry.objects.bulk_create(entries, batch_size=2000)
    AttendanceRecord.objects.bulk_create(attendance, batch_size=2000)
    BehaviourRating.objects.bulk_create(ratings)
    IndicatorTarget.objects.bulk_create(targets)
    return period


def _seed_current_month(today, people, profiles, kinds_of, rng, creator) -> None:
    """Verified work up to the day before the last working day; that day and today wait."""
    now = timezone.now()
    month_days = calendar_days(today.year, today.month)
    days = [d for d in month_days if d < today]
    working_today = set(month_days)
    last = days[-1] if days else None
    entries, attendance = [], []
    unusual_done = False
    for person, boss, start in people:
        worked = [d for d in days if d >= start]
        attendance += _attendance(person, worked, rng)
        if boss is None:
            continue
        kinds = kinds_of[person.pk]
        profile = profiles[person.pk]
        for day in worked:
            plan = _day_plan(rng, kinds, rng.randint(*profile.minutes))
            waiting = day == last
            if waiting and not unusual_done:
                # One entry worth a second look: far more than the person's usual volume.
                kind = min(kinds, key=lambda k: k.standard_minutes)
                room = 470 - sum(activity_minutes(k.standard_minutes, v) for k, v in plan)
                volume = min(10, room // kind.standard_minutes)
                if volume >= 6:
                    plan.append((kind, Decimal(volume)))
                    unusual_done = True
            entries += [
                _entry(person, boss, k, v, day, waiting=waiting, creator=creator, now=now)
                for k, v in plan
            ]
        if today in working_today:
            entries += [
                _entry(person, boss, k, v, today, waiting=True, creator=creator, now=now)
                for k, v in _day_plan(rng, kinds, rng.randint(*TODAY_MINUTES))
            ]
    ActivityEntry.objects.bulk_create(entries, batch_size=2000)
    AttendanceRecord.objects.bulk_create(attendance, batch_size=2000)


def _favourites(people, kinds_of) -> None:
    """Two favourites each: a quick one without evidence and one that needs a photo."""
    for person, boss, _start in people:
        if boss is None:
            continue
        kinds = kinds_of[person.pk]
        plain = [k for k in kinds if not k.evidence_required]
        photo = [k for k in kinds if k.evidence_required]
        for kind in (plain[:1] + photo[:1]) or kinds[:1]:
            Favourite.objects.get_or_create(employee=person, activity_type=kind)


def seed_city(city, logins) -> None:
    if ActivityEntry.objects.exists():
        return
    kinds = list(
        ActivityType.objects.filter(is_active=True, standard_minutes__lte=180).order_by("code")
    )

    users = get_user_model().objects.filter(is_active=True)
    admin = users.filter(role=Role.CITY_ADMIN).first()
    creator = admin or users.first()
    if not kinds or creator is None:
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    closed = _months_back(today, 2)
    people = _people(today)
    if not people:
        return
    profiles = {p.pk: PROFILES[i % len(PROFILES)] for i, (p, _b, _s) in enumerate(people)}
    kinds_of = {p.pk: _kinds_for(p, today, kinds) for p, _b, _s in people}
    indicator = (
        Indicator.objects.filter(is_active=True, direction="higher").order_by("code").first()
    )
    periods = []
    with transaction.atomic():
        for year, month in closed:
            month_people = _people(month_bounds(year, month)[1])
            periods.append(
                _seed_closed_month(
                    year, month, month_people, profiles, kinds_of, indicator, rng, creator
                )
            )
        _seed_current_month(today, people, profiles, kinds_of, rng, creator)
        _favourites(people, kinds_of)
        record_event(
            actor=Actor.system("demo"),
            action="demo.seeded",
            object_type="performance",
            object_id=city.slug,
        )

    for period in periods:
        if Period.objects.filter(pk=period.pk, status=PeriodStatus.OPEN).exists():
            close_period(period.pk, actor=admin or Actor.system("demo"))
