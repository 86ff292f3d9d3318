"""The city's holiday calendar (open months only)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit.services import record_event, save_audited
from core.configuration.models import Holiday
from core.configuration.policy import is_closed_month
from core.configuration.services.common import ConfigurationError, _row_snapshot

if TYPE_CHECKING:
    from core.accounts.models import User


def _check_open(day: date) -> None:
    if is_closed_month(day.year, day.month):
        raise ConfigurationError(
            _("%(month)s is closed: its calendar can no longer change.") % {"month": f"{day:%Y-%m}"}
        )


@transaction.atomic
def add_holiday(day: date, name: str, kind: str, *, actor: Actor | User) -> Holiday:
    _check_open(day)
    if len(name.strip()) < 3:
        raise ConfigurationError(_("Give the holiday a name."))
    if kind not in ("national", "collective_leave", "local"):
        raise ConfigurationError(_("Unknown kind of holiday."))
    existing = Holiday.objects.filter(date=day).first()
    before = _row_snapshot(existing, ("name", "kind", "is_active")) if existing else None
    holiday, _created = Holiday.objects.update_or_create(
        date=day, defaults={"name": name.strip(), "kind": kind, "is_active": True}
    )
    record_event(
        actor=actor,
        action="configuration.holiday.set",
        target=holiday,
        before=before,
        after=_row_snapshot(holiday, ("name", "kind", "is_active")),
    )
    return holiday


@transaction.atomic
def deactivate_holiday(holiday: Holiday, *, actor: Actor | User) -> Holiday:
    _check_open(holiday.date)
    if not holiday.is_active:
        return holiday
    save_audited(
        holiday, {"is_active": False}, actor=actor, action="configuration.holiday.deactivate"
    )
    return holiday
