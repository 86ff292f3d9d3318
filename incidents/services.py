"""Recording incidents: declared by an operator, or opened and closed by the health probe."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import tenant_connection
from incidents.models import HealthCheck, Incident, IncidentSource
from incidents.rules import Span, health_transition

_CACHE_SECONDS = 30
_VERSION_KEY = "incidents:version"
# How far back incidents can matter: the longest back-dating window plus a month.
_HORIZON = timedelta(days=120)


@transaction.atomic
def declare_incident(
    *,
    actor,
    starts_at: datetime,
    ends_at: datetime | None,
    reason: str,
    city=None,
) -> Incident:
    """An operator records that the platform failed (one city, or every city).

    The row itself is the record (who, when, why): incidents are never edited, only ended."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what happened."), code="reason")
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="times")
    if starts_at > timezone.now():
        raise ValidationError(_("An incident cannot start in the future."), code="future")
    incident = Incident.objects.create(
        city=city,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        source=IncidentSource.OPERATOR,
        declared_by=actor if getattr(actor, "pk", None) else None,
    )
    forget_incidents()
    return incident


@transaction.atomic
def end_incident(incident_id: int, *, ends_at: datetime | None = None) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if incident.ends_at is None:
        incident.ends_at = max(ends_at or timezone.now(), incident.starts_at + timedelta(seconds=1))
        incident.save(update_fields=["ends_at"])
        forget_incidents()
    return incident


@transaction.atomic
def record_health_check(ok: bool, *, detail: str = "", at: datetime | None = None) -> str:
    """Store one probe result; open an incident after consecutive failures (from the
    first failure) and close it at the first success. Returns 'open', 'close' or ''."""
    at = at or timezone.now()
    HealthCheck.objects.create(checked_at=at, ok=ok, detail=detail[:200])
    recent = list(
        HealthCheck.objects.order_by("-checked_at", "-id").values_list("ok", "checked_at")[:10]
    )
    current = (
        Incident.objects.select_for_update()
        .filter(city=None, source=IncidentSource.HEALTH_CHECK, ends_at=None)
        .first()
    )
    action = health_transition(current is not None, [r[0] for r in recent])
    if action == "open":
        first_failure = at
        for healthy, checked_at in recent:
            if healthy:
                break
            first_failure = checked_at
        Incident.objects.create(
            city=None,
            starts_at=first_failure,
            source=IncidentSource.HEALTH_CHECK,
            reason=_("The platform's health check failed: %(detail)s") % {"detail": detail},
        )
    elif action == "close" and current is not None:
        current.ends_at = max(at, current.starts_at + timedelta(seconds=1))
        current.save(update_fields=["ends_at"])
    HealthCheck.objects.filter(checked_at__lt=at - timedelta(days=7)).delete()
    if action:
        forget_incidents()
    return action


def _cache():
    from django.core.cache import caches

    return caches["platform"]


def forget_incidents() -> None:
    """Every process reads the incidents afresh (the shared cache's version changes)."""
    import uuid

    _cache().set(_VERSION_KEY, uuid.uuid4().hex, None)


def current_city_spans() -> list[Span]:
    """`settings.INCIDENT_SPANS`: the incidents of the city being served."""
    return incident_spans(getattr(tenant_connection().tenant, "pk", None))


def incident_spans(city_id: int | None) -> list[Span]:
    """The incidents that touched this city (its own and the platform-wide ones) in the
    last months. Kept 30 s in the shared cache and forgotten when one is recorded; read
    only when a day is outside the ordinary window, so the hot path never pays for it."""
    cache = _cache()
    key = f"incidents:{cache.get(_VERSION_KEY, '')}:{city_id}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    since = timezone.now() - _HORIZON
    rows = (
        Incident.objects.filter(Q(city=None) | Q(city_id=city_id))
        .filter(Q(ends_at=None) | Q(ends_at__gte=since))
        .order_by("starts_at")
        .values_list("starts_at", "ends_at", "reason")
    )
    spans = [Span(s, e, r) for s, e, r in rows]
    cache.set(key, spans, _CACHE_SECONDS)
    return spans


@transaction.atomic
def record_outage(starts_at: datetime, ends_at: datetime, *, reason: str) -> Incident:
    """A past outage seen by the probe while nothing could be written (database down)."""
    incident = Incident.objects.create(
        city=None,
        starts_at=starts_at,
        ends_at=max(ends_at, starts_at + timedelta(seconds=1)),
        source=IncidentSource.HEALTH_CHECK,
        reason=_("The platform's health check failed: %(detail)s") % {"detail": reason},
    )
    forget_incidents()
    return incident
