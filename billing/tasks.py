"""Scheduled billing work (Celery beat): seat reports monthly, grace enforcement daily."""

from celery import shared_task

from billing.services import enforce_grace, report_seats


@shared_task(name="billing.report_seats")
def report_seats_task() -> int:
    return len(report_seats())


@shared_task(name="billing.enforce_grace")
def enforce_grace_task() -> list[str]:
    return enforce_grace()
