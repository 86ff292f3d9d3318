"""Queue the period's results for SIASN once a month or an assessment round is closed
(after the close commits)."""

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


@receiver(post_save, sender="talent.AssessmentRound", dispatch_uid="siasn-queue-on-round-close")
def queue_on_round_close(sender, instance, update_fields=None, **kwargs) -> None:
    """At a quarterly or annual cadence the results come from the talent assessment, which
    closes (per OPD) after the months it covers: queue when a matching round is published.
    Re-queuing is idempotent, so each OPD's closing adds its own people."""
    if update_fields is not None and "status" not in update_fields:
        return
    if instance.status != "closed":
        return
    year, kind, first, last = (
        instance.year,
        instance.kind,
        instance.first_month,
        instance.last_month,
    )
    actor = instance.closed_by
    transaction.on_commit(lambda: _queue_round(year, kind, first, last, actor))


def _queue_round(year: int, kind: str, first: int, last: int, actor) -> None:
    from core.siasn import rules, services

    conn = services.get_connection()
    if conn is None:
        return
    wanted = "annual" if kind == "annual" else "quarterly"
    if conn.cadence != wanted or rules.period_months(conn.cadence, last) != (first, last):
        return
    _queue(year, last, actor)
