"""SKP planning: draft -> submitted -> agreed by the supervisor (in force) -> closed.

PermenPANRB 6/2022: the SKP holds planned results (RHK) cascading from the supervisor's,
each with indicators (IKI) and targets, and the leader's behaviour expectations per
BerAKHLAK value. A position change mid-year closes the SKP and starts another.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event, save_audited
from core.people.hierarchy import position_on, supervisor_of
from core.people.models import Employee
from core.talent.access import acts_for
from core.talent.models import (
    BehaviourExpectation,
    Iki,
    Measurement,
    Rhk,
    Skp,
    SkpApproval,
    SkpStatus,
)
from core.talent.rules import BERAKHLAK

if TYPE_CHECKING:
    from core.accounts.models import User


BERAKHLAK_CODES = {code for code, _name in BERAKHLAK}


def _snapshot(skp: Skp) -> dict:
    return {
        "status": skp.status,
        "position": skp.position_id,
        "supervisor": skp.supervisor_id,
        "starts_on": skp.starts_on,
        "ends_on": skp.ends_on,
    }


def _lock(skp: Skp) -> Skp:
    return Skp.objects.select_for_update().get(pk=skp.pk)


def _require_draft(skp: Skp) -> None:
    if skp.status != SkpStatus.DRAFT:
        raise ValidationError(_("Only a draft SKP can be changed."))


@transaction.atomic
def create_skp(employee: Employee, year: int, *, actor: User, starts_on: date | None = None) -> Skp:
    """Start a person's SKP for `year` in the position they hold on `starts_on`."""
    starts_on = starts_on or date(year, 1, 1)
    if starts_on.year != year:
        raise ValidationError(_("The SKP must start within its year."))
    assignment = position_on(employee, starts_on)
    if assignment is None:
        raise ValidationError(_("This person holds no position on %(day)s.") % {"day": starts_on})
    overlapping = Skp.objects.filter(employee=employee, year=year).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if overlapping.exists():
        raise ValidationError(_("This person already has an SKP for that part of the year."))
    skp = Skp.objects.create(
        employee=employee,
        year=year,
        position=assignment.position,
        supervisor=supervisor_of(employee, starts_on),
        starts_on=starts_on,
    )
    record_event(actor=actor, action="talent.skp.create", target=skp, after=_snapshot(skp))
    return skp


@transaction.atomic
def change_skp_position(employee: Employee, day: date, *, actor: User, reason: str = "") -> Skp:
    """A mid-year position change: close the SKP in force on `day` (it ends the day before)
    and start a new draft SKP in the new position from `day`. Both count for their part
    of the year (rules.months_in_force)."""
    current = (
        Skp.objects.select_for_update()
        .filter(employee=employee, year=day.year, starts_on__lte=day)
        .exclude(status=SkpStatus.CLOSED)
        .order_by("-starts_on")
        .first()
    )
    if current is None:
        raise ValidationError(_("This person has no open SKP on %(day)s.") % {"day": day})
    if day <= current.starts_on:
        raise ValidationError(_("The change must come after the SKP started."))
    assignment = position_on(employee, day)
    if assignment is None or assignment.position_id == current.position_id:
        raise ValidationError(_("The person's position does not change on %(day)s.") % {"day": day})
    closed_reason = reason or _("Position change")
    save_audited(
        current,
        {
            "ends_on": day - timedelta(days=1),
            "status": SkpStatus.CLOSED,
            "closed_reason": closed_reason,
        },
        actor=actor,
        action="talent.skp.close",
        reason=closed_reason,
    )
    new = Skp.objects.create(
        employee=employee,
        year=day.year,
        position=assignment.position,
        supervisor=supervisor_of(employee, day),
        starts_on=day,
    )
    record_event(actor=actor, action="talent.skp.create", target=new, after=_snapshot(new))
    return new


@transaction.atomic
def add_rhk(skp: Skp, text: str, *, actor: User, parent: Rhk | None = None) -> Rhk:
    """Add a planned result; `parent` is the supervisor's RHK it supports (cascading)."""
    skp = _lock(skp)
    _require_draft(skp)
    if not text.strip():
        raise ValidationError(_("Describe the planned result."))
    if parent is not None:
        parent_skp = parent.skp
        if parent_skp.employee_id != skp.supervisor_id or parent_skp.year != skp.year:
            raise ValidationError(_("A result can only support one of the supervisor's results."))
    order = skp.rhks.count() + 1
    rhk = Rhk.objects.create(skp=skp, text=text.strip(), parent=parent, order=order)
    record_event(
        actor=actor,
        action="talent.rhk.add",
        target=rhk,
        after={"skp": skp.pk, "text": rhk.text, "parent": parent.pk if parent else None},
    )
    return rhk


@transaction.atomic
def add_indicator(
    rhk: Rhk,
    *,
    actor: User,
    name: str,
    measurement: str,
    unit: str,
    target: Decimal,
    lower_is_better: bool | None = None,
) -> Iki:
    """Add an IKI with its target on quantity, quality, time or cost."""
    _require_draft(_lock(rhk.skp))
    if measurement not in Measurement.values:
        raise ValidationError(_("Unknown aspect."))
    if Decimal(target) <= 0:
        raise ValidationError(_("The target must be positive."))
    if lower_is_better is None:
        lower_is_better = measurement in (Measurement.TIME, Measurement.COST)
    iki = Iki.objects.create(
        rhk=rhk,
        name=name.strip(),
        measurement=measurement,
        unit=unit.strip(),
        target=target,
        lower_is_better=lower_is_better,
    )
    record_event(
        actor=actor,
        action="talent.iki.add",
        target=iki,
        after={"rhk": rhk.pk, "name": iki.name, "measurement": measurement, "target": target},
    )
    return iki


@transaction.atomic
def set_expectation(skp: Skp, value: str, expectation: str, *, actor: User) -> BehaviourExpectation:
    """The leader's specific expectation for one BerAKHLAK value."""
    skp = _lock(skp)
    if skp.status not in (SkpStatus.DRAFT, SkpStatus.SUBMITTED):
        raise ValidationError(_("Expectations are set before the SKP is agreed."))
    if value not in BERAKHLAK_CODES:
        raise ValidationError(_("Unknown core value."))
    if not expectation.strip():
        raise ValidationError(_("Write the expectation."))
    item, created = BehaviourExpectation.objects.update_or_create(
        skp=skp, value=value, defaults={"expectation": expectation.strip()}
    )
    record_event(
        actor=actor,
        action="talent.expectation.set",
        target=item,
        after={"skp": skp.pk, "value": value, "expectation": item.expectation},
    )
    return item


def _supervisor_has_results(skp: Skp) -> bool:
    if skp.supervisor_id is None:
        return False
    return Rhk.objects.filter(skp__employee_id=skp.supervisor_id, skp__year=skp.year).exists()


@transaction.atomic
def submit_skp(skp: Skp, *, actor: User) -> Skp:
    """Send the draft to the supervisor for agreement."""
    skp = _lock(skp)
    if skp.status != SkpStatus.DRAFT:
        raise ValidationError(_("This SKP has already been submitted."))
    rhks = list(skp.rhks.all())
    if not rhks:
        raise ValidationError(_("Add at least one planned result first."))
    without = {r.pk for r in rhks} - set(
        Iki.objects.filter(rhk__skp=skp).values_list("rhk_id", flat=True)
    )
    if without:
        raise ValidationError(_("Every planned result needs at least one indicator."))
    if _supervisor_has_results(skp) and any(r.parent_id is None for r in rhks):
        raise ValidationError(
            _("Every planned result must support one of the supervisor's results (cascading).")
        )
    save_audited(
        skp,
        {"status": SkpStatus.SUBMITTED, "submitted_at": timezone.now()},
        actor=actor,
        action="talent.skp.submit",
    )
    return skp


@transaction.atomic
def decide_skp(skp: Skp, *, actor: User, agree: bool, note: str = "") -> Skp:
    """The supervisor agrees (the SKP comes into force) or returns it for revision."""
    skp = _lock(skp)
    if not acts_for(actor, skp.supervisor_id):
        raise PermissionDenied(_("Only the supervisor can decide on this SKP."))
    if skp.status != SkpStatus.SUBMITTED:
        raise ValidationError(_("This SKP is not waiting for a decision."))
    if not agree and not note.strip():
        raise ValidationError(_("Say what must be revised."))
    now = timezone.now()
    if agree:
        changes = {"status": SkpStatus.IN_FORCE, "agreed_at": now, "agreed_by": actor}
    else:
        changes = {"status": SkpStatus.DRAFT}
    save_audited(
        skp,
        changes,
        actor=actor,
        action="talent.skp.agree" if agree else "talent.skp.return",
        reason=note.strip(),
    )
    SkpApproval.objects.create(
        skp=skp,
        decision=SkpApproval.Decision.AGREED if agree else SkpApproval.Decision.RETURNED,
        decided_by=actor,
        decided_at=now,
        note=note.strip(),
    )
    return skp


@transaction.atomic
def record_realisation(iki: Iki, realised: Decimal, *, actor: User) -> Iki:
    """Record how far an indicator was realised (an agreed SKP only)."""
    iki = Iki.objects.select_for_update().select_related("rhk__skp").get(pk=iki.pk)
    if (
        iki.rhk.skp.status not in (SkpStatus.IN_FORCE, SkpStatus.CLOSED)
        or not iki.rhk.skp.agreed_at
    ):
        raise ValidationError(_("Realisation is recorded on an agreed SKP."))
    if Decimal(realised) < 0:
        raise ValidationError(_("The realisation cannot be negative."))
    save_audited(iki, {"realised": realised}, actor=actor, action="talent.iki.realise")
    return iki
