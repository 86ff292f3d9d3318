"""Pilot cities for trainers: generated, reset, expired. A pilot never becomes a real city.

Generation writes the synthetic population (onboarding.population) with COPY, one
statement per table, then keeps a snapshot of every table in a side schema
(`pilotsnap_<slug>`) with the checksum of the data. A reset rebuilds the city's
schema from that snapshot and proves it with the checksum: exactly the initial data,
in seconds, whatever trainees did meanwhile.
"""

from __future__ import annotations

import json
import random
import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from onboarding import schema_data
from onboarding.models import PilotProfile
from onboarding.population import Population, generate
from onboarding.rules import PILOT_ARCHIVE_AFTER_DAYS, pilot_size_problem
from tenants.models import City
from tenants.rules import CityStatus, schema_name_for
from tenants.services import Actor, ProvisioningError, change_city_status, provision_city

ACTIVATED_SHARE = 0.85  # share of synthetic accounts that look activated by their owner


def snapshot_schema_for(slug: str) -> str:
    return "pilotsnap_" + schema_name_for(slug).removeprefix("city_")


def standby_schema_for(slug: str) -> str:
    return "pilotready_" + schema_name_for(slug).removeprefix("city_")


# ---------------------------------------------------------------- COPY writer
def copy_rows(model: type[models.Model], rows: list[dict]) -> int:
    """Write `rows` (dicts by attribute name) into the model's table with one COPY.

    Every concrete column is written: values missing from a row take the field's
    default, so a column added later by another app does not break generation.
    """
    if not rows:
        return 0
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    columns = ", ".join(schema_data.q(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {schema_data.q(model._meta.db_table)} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            values = []
            for f in fields:
                value = row.get(f.attname, defaults[f.attname])
                values.append(
                    json.dumps(value) if f.attname in json_fields and value is not None else value
                )
            copy.write_row(values)
    return len(rows)


# ---------------------------------------------------------------- generation
@dataclass(frozen=True)
class PilotResult:
    profile: PilotProfile
    seconds: float
    counts: dict[str, int]


def _users(
    population: Population, *, seed: int, password_hash: str, now
) -> tuple[list[dict], list[int]]:
    rng = random.Random(seed + 1)
    users, links = [], []
    for employee in population.employees:
        activated = (
            population.roles.get(employee["id"]) is not None or rng.random() < ACTIVATED_SHARE
        )
        display = " ".join(p for p in (employee["front_title"], employee["name"]) if p)
        users.append(
            {
                "id": employee["id"],
                "username": employee["nip"],
                "password": password_hash if activated else "!",
                "full_name": f"{display}, {employee['back_title']}"
                if employee["back_title"]
                else display,
                "email": employee["email"],
                "role": population.roles.get(employee["id"], "asn"),
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
                "activated_at": now if activated else None,
                "date_joined": now,
            }
        )
        links.append(employee["id"])
    return users, links


def _write_population(
    population: Population, *, seed: int, password: str, history_days: int, today: date
) -> dict[str, int]:
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee
    from onboarding.services.pilot_history import write_history

    now = timezone.now()
    password_hash = make_password(password)  # hashed once; every trainee account shares it
    users, _ = _users(population, seed=seed, password_hash=password_hash, now=now)
    for employee in population.employees:
        employee["user_id"] = employee["id"]
    counts = {
        "org_units": copy_rows(OrgUnit, population.org_units),
        "positions": copy_rows(Position, population.positions),
        "users": copy_rows(get_user_model(), users),
        "employees": copy_rows(Employee, population.employees),
        "assignments": copy_rows(Assignment, population.assignments),
    }
    counts["activities"] = write_history(population, days=history_days, today=today, seed=seed)
    return counts


def create_pilot(
    slug: str,
    *,
    name: str,
    population: int,
    history_days: int,
    lifetime_days: int,
    actor: Actor,
    template_code: str = "",
    seed: int | None = None,
    after_build=None,
) -> PilotResult:
    """Provision a pilot city and fill it with a synthetic population, all or nothing."""
    problem = pilot_size_problem(population, history_days)
    if problem:
        raise ValidationError(problem)
    started = time.perf_counter()
    seed = seed if seed is not None else secrets.randbelow(2**31)
    today = timezone.localdate()
    password = f"Latihan-{random.Random(seed).randrange(1000, 9999)}"
    with transaction.atomic():
        try:
            city = provision_city(
                slug,
                name=name,
                actor=actor,
                pilot=True,
                expires_on=today + timedelta(days=lifetime_days),
                after_build=after_build,
            ).city
        except ProvisioningError as exc:
            raise ValidationError(str(exc)) from exc
        # Keep what provisioning wrote (the adopted template) aside, then rebuild the schema
        # with the population loaded before its foreign keys and indexes: bulk loading is
        # then one pass per table, with no per-row constraint checks queued.
        ddl = schema_data.schema_ddl(city.schema_name)
        snapshot = snapshot_schema_for(slug)
        schema_data.snapshot_schema(city.schema_name, snapshot)
        generated = generate(population, seed=seed, today=today, city_slug=slug)
        counts: dict[str, int] = {}

        def load(cursor) -> None:
            schema_data.copy_tables(cursor, snapshot, city.schema_name)
            with tenant_context(city):
                counts.update(
                    _write_population(
                        generated,
                        seed=seed,
                        password=password,
                        history_days=history_days,
                        today=today,
                    )
                )

        schema_data.rebuild_schema(city.schema_name, ddl, load)
        schema_data.snapshot_schema(city.schema_name, snapshot)
        profile = PilotProfile.objects.create(
            city=city,
            population=population,
            history_days=history_days,
            seed=seed,
            template_code=template_code,
            snapshot_schema=snapshot,
            ddl=ddl.as_dict(),
            checksum=schema_data.schema_checksum(city.schema_name),
            trainee_password=password,
            created_by_label=actor.label,
        )
        _schedule_standby(city)
    return PilotResult(profile, time.perf_counter() - started, counts)


@dataclass(frozen=True)
class ResetResult:
    seconds: float
    checksum: str
    verified: bool


def build_standby(city: City) -> bool:
    """Build the ready-to-swap copy of a pilot's initial schema (after generation and
    after each reset; a Celery task in production). False when there is nothing to do."""
    with transaction.atomic():
        profile = PilotProfile.objects.select_for_update().select_related("city").get(city=city)
        if profile.standby_ready or profile.city.status == CityStatus.ARCHIVED:
            return False
        standby = profile.standby_schema or standby_schema_for(city.slug)
        schema_data.restore_from_snapshot(
            standby, profile.snapshot_schema, schema_data.SchemaDDL.from_dict(profile.ddl)
        )
        profile.standby_schema, profile.standby_ready = standby, True
        profile.save(update_fields=["standby_schema", "standby_ready"])
    return True


def _schedule_standby(city: City) -> None:
    from onboarding.tasks import build_pilot_standby_task

    transaction.on_commit(lambda: build_pilot_standby_task.delay(city.pk))


def reset_pilot(city: City, *, actor: Actor, verify: bool = False) -> ResetResult:
    """Bring a pilot back to exactly its generated data.

    When the standby copy is ready, the reset is a rename (the standby becomes the city's
    schema) and a new standby is built after commit; otherwise the schema is rebuilt
    from the snapshot directly. With `verify`, every table's checksum is compared with
    the one taken at generation, and a mismatch undoes the reset.
    """
    if not city.is_pilot:
        raise ValidationError(_("Only a pilot city can be reset."))
    if city.status == CityStatus.ARCHIVED:
        raise ValidationError(_("This city is archived."))
    started = time.perf_counter()
    checksum = ""
    with transaction.atomic():
        profile = PilotProfile.objects.select_for_update().get(city=city)
        if profile.standby_ready and schema_data.schema_exists(profile.standby_schema):
            schema_data.drop_schema(city.schema_name)
            schema_data.rename_schema(profile.standby_schema, city.schema_name)
            profile.standby_ready = False
        else:
            schema_data.restore_from_snapshot(
                city.schema_name,
                profile.snapshot_schema,
                schema_data.SchemaDDL.from_dict(profile.ddl),
            )
        if verify:
            checksum = schema_data.schema_checksum(city.schema_name)
            if checksum != profile.checksum:
                raise ValidationError(
                    _("The reset did not reproduce the initial data; nothing was changed.")
                )
        profile.last_reset_at = timezone.now()
        profile.save(update_fields=["last_reset_at", "standby_ready"])
        _schedule_standby(city)
    return ResetResult(time.perf_counter() - started, checksum, verify)


def login_sheet(city: City, *, limit: int = 40) -> list[dict]:
    """Trainee logins to print: the special roles first, then supervisors and staff."""
    user_model = get_user_model()
    with tenant_context(city):
        special = list(
            user_model.objects.exclude(role="asn")
            .exclude(password__startswith="!")
            .order_by("role", "id")
            .values("username", "full_name", "role")[:limit]
        )
        rest = list(
            user_model.objects.filter(role="asn")
            .exclude(password__startswith="!")
            .order_by("id")
            .values("username", "full_name", "role")[: max(0, limit - len(special))]
        )
    return special + rest


@dataclass(frozen=True)
class ExpiryResult:
    suspended: list[str]
    archived: list[str]


def expire_pilots(*, today: date | None = None) -> ExpiryResult:
    """Suspend pilots past their expiry date; archive those suspended long enough."""
    today = today or timezone.localdate()
    actor = Actor(label="system:expire_pilots")
    suspended, archived = [], []
    for city in City.objects.filter(
        is_pilot=True, status=CityStatus.PILOT, pilot_expires_on__lt=today
    ):
        change_city_status(
            city,
            CityStatus.SUSPENDED,
            actor=actor,
            reason=_("Pilot expired on %(day)s.") % {"day": city.pilot_expires_on},
        )
        suspended.append(city.slug)
    cutoff = today - timedelta(days=PILOT_ARCHIVE_AFTER_DAYS)
    for city in City.objects.filter(
        is_pilot=True, status=CityStatus.SUSPENDED, pilot_expires_on__lt=cutoff
    ):
        change_city_status(
            city,
            CityStatus.ARCHIVED,
            actor=actor,
            reason=_("Pilot expired %(days)d days ago.")
            % {"days": (today - city.pilot_expires_on).days},
        )
        profile = PilotProfile.objects.filter(city=city).first()
        if profile is not None:
            schema_data.drop_schema(profile.snapshot_schema)
            if profile.standby_schema:
                schema_data.drop_schema(profile.standby_schema)
            PilotProfile.objects.filter(pk=profile.pk).update(standby_ready=False)
        archived.append(city.slug)
    return ExpiryResult(suspended, archived)
