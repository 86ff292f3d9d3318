"""The city's append-only audit trail, tamper-evident by hash chaining."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change to performance or configuration data: who, when, before, after, why.

    `hash` covers this event's content and the previous event's hash, so editing or
    deleting any past event breaks every later hash (see `core.audit.services.verify_chain`).
    """

    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        # Every audited write (a logged activity, a decision) inserts into each of these,
        # so only what a reader uses. Events arrive in time order: a BRIN serves the
        # trail's date filter for a fraction of a btree's upkeep. No filter matches a
        # prefix of an action or a hash, so neither has the `_like` pattern index Django
        # adds to an indexed or unique CharField.
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action"], name="audit_event_action"),
            BrinIndex(fields=["occurred_at"], name="audit_event_occurred_brin"),
        ]
        constraints = [models.UniqueConstraint(fields=["hash"], name="audit_event_unique_hash")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class ChainHead(models.Model):
    """The last link of this city's chain: one row, updated with every new event.

    Writers append by updating this row (`core.audit.services.record_event`), so
    PostgreSQL's row lock orders them and each reads the newest hash without a
    separate lock or lookup.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.hash
