"""Scheduled partnership work (Celery beat): adoption snapshots, expired mentor access."""

from celery import shared_task

from partnerships.services.adoption import refresh_adoption_snapshots
from partnerships.services.mentor_access import close_expired_accesses


@shared_task(name="partnerships.refresh_adoption")
def refresh_adoption_task() -> dict:
    return {"cities": refresh_adoption_snapshots(), "accesses_closed": close_expired_accesses()}
