"""Celery beat: the platform's own health probe, every minute."""

from __future__ import annotations

from celery import shared_task

DOWN_SINCE = "incidents:down-since"


@shared_task(name="incidents.health_probe")
def health_probe_task() -> str:
    """Probe readiness and record it. While the database itself is down nothing can be
    written, so the first failure's time waits in the cache and becomes an incident
    (with its real start) once the database answers again."""
    from django.core.cache import caches
    from django.db import DatabaseError
    from django.utils import timezone

    from config.health import readiness
    from incidents.services import record_health_check, record_outage

    cache = caches["platform"]
    ok, detail = readiness()
    reason = "" if ok else ", ".join(f"{k}={v}" for k, v in detail.items() if k != "status")
    try:
        down_since = cache.get(DOWN_SINCE)
        if ok and down_since is not None:
            record_outage(down_since, timezone.now(), reason="database unreachable")
            cache.delete(DOWN_SINCE)
        return record_health_check(ok, detail=reason)
    except DatabaseError:
        cache.add(DOWN_SINCE, timezone.now(), timeout=7 * 86400)
        return "down"
