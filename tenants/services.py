"""Writes to cities: provisioning, lifecycle transitions and domains.

Each function is one unit of work in one transaction, records who did it and
why, and drops the cached host routes it affects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from tenants.models import City, CityStatusChange, Domain
from tenants.routing import forget_city_routes, forget_host
from tenants.rules import (
    CityStatus,
    host_problem,
    schema_name_for,
    slug_problem,
    transition_problem,
)
from tenants.schema_builder import build_city_schema


class ProvisioningError(Exception):
    """A city could not be provisioned; the message says why, in the user's language."""


@dataclass
class ProvisionResult:
    city: City
    seconds: float
    domains: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "slug": self.city.slug,
            "schema": self.city.schema_name,
            "domains": self.domains,
            "status": self.city.status,
            "seconds": round(self.seconds, 4),
        }


def primary_host_for(slug: str) -> str:
    return f"{slug}.{settings.ROOT_DOMAIN}"


def provision_city(
    slug: str,
    *,
    name: str,
    actor: Actor,
    province: str = "",
    pilot: bool = False,
    expires_on: date | None = None,
    after_build=None,
) -> ProvisionResult:
    """Create a city: its row, primary domain and schema, all or nothing.

    `after_build(city)` runs inside the same transaction once the schema exists
    (model-template adoption uses it), so its failure also leaves nothing behind.
    """
    problem = slug_problem(slug)
    if problem:
        raise ProvisioningError(problem)
    if not name.strip():
        raise ProvisioningError(_("The official name is required."))
    if expires_on and not pilot:
        raise ProvisioningError(_("Only pilot cities have an expiry date."))
    taken = _("A city with the address “%(slug)s” already exists.") % {"slug": slug}
    if City.objects.filter(schema_name=schema_name_for(slug)).exists():
        raise ProvisioningError(taken)
    started = time.perf_counter()
    status = CityStatus.PILOT if pilot else CityStatus.ACTIVE
    try:
        with transaction.atomic():
            city = City.objects.create(
                schema_name=schema_name_for(slug),
                slug=slug,
                name=name.strip(),
                province=province.strip(),
                status=status,
                is_pilot=pilot,
                pilot_expires_on=expires_on,
            )
            domain = Domain.objects.create(
                domain=primary_host_for(slug), tenant=city, is_primary=True
            )
            _record_status_change(city, "", status, actor=actor, reason=_("Provisioned."))
            build_city_schema(city.schema_name)
            if after_build is not None:
                after_build(city)
    except IntegrityError as exc:
        if _violated_table(exc) not in {City._meta.db_table, Domain._meta.db_table}:
            raise  # a fault of `after_build`, not a taken address
        # Lost a race: another provisioning of this slug committed first.
        raise ProvisioningError(taken) from exc
    forget_host(domain.domain)
    return ProvisionResult(
        city=city, seconds=time.perf_counter() - started, domains=[domain.domain]
    )


def _violated_table(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "table_name", "") or ""


def _record_status_change(
    city: City, before: str, after: str, *, actor: Actor, reason: str
) -> None:
    CityStatusChange.objects.create(
        city=city,
        from_status=before,
        to_status=after,
        actor=actor.user,
        actor_label=actor.label,
        reason=reason,
    )


def change_city_status(city: City, target: CityStatus, *, actor: Actor, reason: str) -> City:
    """Move a city along its lifecycle, if the rules allow it. `reason` is required."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."))
    with transaction.atomic():
        city = City.objects.select_for_update().get(pk=city.pk)
        problem = transition_problem(CityStatus(city.status), target, is_pilot=city.is_pilot)
        if problem:
            raise ValidationError(problem)
        before = city.status
        city.status = target
        city.save(update_fields=["status", "updated_at"])
        _record_status_change(city, before, target, actor=actor, reason=reason.strip())
    forget_city_routes(city)
    return city


def add_domain(city: City, host: str, *, make_primary: bool = False) -> Domain:
    """Add a secondary (or custom) host name; with `make_primary` it becomes the primary."""
    host = host.strip().lower().rstrip(".")
    problem = host_problem(host, root_domain=settings.ROOT_DOMAIN, slug=city.slug)
    if problem:
        raise ValidationError(problem)
    in_use = ValidationError(_("That host name is already in use."))
    if Domain.objects.filter(domain=host).exists():
        raise in_use
    try:
        with transaction.atomic():
            if make_primary:
                Domain.objects.filter(tenant=city, is_primary=True).update(is_primary=False)
            domain = Domain.objects.create(domain=host, tenant=city, is_primary=make_primary)
    except IntegrityError as exc:  # added at the same moment by someone else
        raise in_use from exc
    forget_city_routes(city)
    return domain
