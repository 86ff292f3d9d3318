"""Background work of the SIASN link (tenant-aware Celery; inline without a broker).

Without a broker the pages run one batch per request (and poll for the next), so a
web request never carries a whole city; with one, these tasks run every batch.
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(name="siasn.pull")
def pull_task(run_id: int) -> int:
    from core.siasn.services import run_pull

    return run_pull(run_id).done


@shared_task(name="siasn.send")
def send_task() -> int:
    from core.siasn.services import send_all

    return send_all().handled


def start_pull(run_id: int) -> None:
    """Run the pull in the background when a broker is configured; without one the
    progress page fetches batch after batch (services.pull_step)."""
    from core.siasn.services import broker_configured

    if broker_configured():
        transaction.on_commit(lambda: pull_task.delay(run_id))


def start_sending() -> None:
    """Send in the background when a broker is configured; without one the outbox page
    sends batch after batch while it is open (services.send_step)."""
    from core.siasn.services import broker_configured

    if broker_configured():
        transaction.on_commit(lambda: send_task.delay())
