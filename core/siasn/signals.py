"""Queue the period's results for SIASN once a month is closed (after the close commits)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

logger = logging.getLogger("sinergi.siasn")


@receiver(post_save, sender="performance.Period", dispatch_uid="siasn-queue-on-close")
def queue_on_close(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and "status" not in update_fields:
        return
    if instance.status != "closed":
        return
    year, month, actor = instance.year, instance.month, instance.closed_by
    transaction.on_commit(lambda: _queue(year, month, actor))


def _queue(year: int, month: int, actor) -> None:
    from core.siasn import rules, services, tasks

    conn = services.get_connection()
    if conn is None or not conn.complete or not conn.auto_queue:
        return
    if rules.period_months(conn.cadence, month) is None:
        return
    try:
        services.queue_results(year, month, actor=actor)
    except services.SiasnRefused as exc:  # e.g. the annual assessment is not closed yet
        logger.warning("siasn results not queued: %s", " ".join(exc.messages))
        return
    tasks.start_sending()
