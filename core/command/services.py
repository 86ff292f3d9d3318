"""Writing the command centre's configuration: one transaction, an actor, an audit event."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from core.accounts.models import User
from core.actors import Actor, as_actor
from core.audit.services import record_event
from core.command.models import CommandSettings, TppBudget

SETTINGS_FIELDS = ("check_hour", "rate_gap_pct", "waiting_days", "silent_days", "tpp_margin_pct")


@transaction.atomic
def update_settings(*, actor: Actor | User, values: dict) -> CommandSettings:
    conf = CommandSettings.objects.select_for_update().order_by("pk").first() or CommandSettings()
    before = {f: getattr(conf, f) for f in SETTINGS_FIELDS}
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(conf, name, int(values[name]))
    conf.updated_at = timezone.now()
    conf.updated_by = as_actor(actor).user
    conf.save()
    if before["silent_days"] != conf.silent_days:
        from core.command.snapshot import refresh_after_commit

        refresh_after_commit()  # the silent-people figure is part of the month snapshot
    record_event(
        actor=actor,
        action="command.settings_changed",
        target=conf,
        before=before,
        after={f: getattr(conf, f) for f in SETTINGS_FIELDS},
    )
    return conf


@transaction.atomic
def set_tpp_budget(
    *, actor: Actor | User, year: int, amount: int, weights: Sequence[Fraction] | None = None
) -> TppBudget:
    """The year's TPP budget, phased over the twelve months (evenly, or by `weights`) with
    the revenue module's largest-remainder phasing, so the months sum exactly."""
    from core.revenue.rules import phase

    monthly = phase(int(amount), weights)
    budget = TppBudget.objects.select_for_update().filter(year=year).first()
    before = {"amount": budget.amount, "monthly": budget.monthly} if budget else None
    if budget is None:
        budget = TppBudget(year=year)
    budget.amount, budget.monthly = int(amount), monthly
    budget.updated_at = timezone.now()
    budget.updated_by = as_actor(actor).user
    budget.save()
    record_event(
        actor=actor,
        action="command.tpp_budget_set",
        target=budget,
        before=before,
        after={"amount": budget.amount, "monthly": monthly},
    )
    return budget
