"""The supervisor's monthly work: indicator targets and BerAKHLAK behaviour ratings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.duties import Duty
from core.audit.services import record_event, save_audited
from core.configuration.models import Indicator
from core.performance.access import get_employee_for_supervisor
from core.performance.models import BehaviourRating, IndicatorTarget, TargetStatus
from core.performance.periods import month_bounds
from core.performance.policy import current_policy
from core.performance.rules import BERAKHLAK, Level, behaviour_rating, indicator_achievement_pct
from core.performance.services.activities import check_evidence
from core.performance.services.common import employee_of, refuse
from core.performance.services.periods import assert_writable, open_period
from core.revenue.feeds import feed_indicators

if TYPE_CHECKING:
    from core.accounts.models import User


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise refuse(_("%(field)s must be a number.") % {"field": field}, "number") from None
    if number < 0 or not number.is_finite():
        raise refuse(_("%(field)s cannot be negative.") % {"field": field}, "number")
    return number


def _month_day(year: int, month: int) -> date:
    return month_bounds(year, month)[1]


@transaction.atomic
def assign_target(
    *, actor: User, employee_id: int, year: int, month: int, indicator_id: int, target
) -> IndicatorTarget:
    """The supervisor sets (or changes, before it is reported) a monthly indicator target."""
    supervisor = employee_of(actor)
    day = _month_day(year, month)
    employee = get_employee_for_supervisor(actor, employee_id, day, duty=Duty.SET_TARGET)
    indicator = Indicator.objects.filter(pk=indicator_id, is_active=True).first()
    if indicator is None:
        raise refuse(_("Choose an indicator from the city's library."), "indicator")
    target = _decimal(target, _("Target"))
    assert_writable(employee.pk, day)
    period = open_period(year, month, actor=actor)
    item = (
        IndicatorTarget.objects.select_for_update()
        .filter(employee=employee, period=period, indicator=indicator)
        .first()
    )
    if item is not None and item.status == TargetStatus.CONFIRMED:
        raise refuse(_("This target is already confirmed."), "confirmed")
    before = {"target": item.target} if item else None
    if item is None:
        item = IndicatorTarget.objects.create(
            employee=employee,
            period=period,
            indicator=indicator,
            target=target,
            assigned_by=supervisor,
        )
    else:
        item.target = target
        item.save(update_fields=["target"])
    record_event(
        actor=actor,
        action="indicator.assigned",
        target=item,
        before=before,
        after={"target": target},
    )

    if feed_indicators(year, [month], actor=actor).updated:
        item.refresh_from_db()
    return item


@transaction.atomic
def report_realisation(
    target_id: int,
    *,
    actor: User,
    realisation,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> IndicatorTarget:
    """The ASN reports what they achieved on one of their targets, with evidence."""
    employee = employee_of(actor)
    item = (
        IndicatorTarget.objects.select_for_update()
        .select_related("period")
        .filter(pk=target_id, employee=employee)
        .first()
    )
    if item is None:
        from django.http import Http404

        raise Http404
    if item.status == TargetStatus.CONFIRMED:
        raise refuse(_("This target is already confirmed."), "confirmed")
    assert_writable(employee.pk, _month_day(item.period.year, item.period.month))
    stored = check_evidence(evidence)
    changes: dict[str, Any] = {
        "realisation": _decimal(realisation, _("Realisation")),
        "note": note,
        "status": TargetStatus.REPORTED,
    }
    if stored is not None:
        changes["evidence"] = stored
    save_audited(item, changes, actor=actor, action="indicator.reported")
    return item


@transaction.atomic
def confirm_target(target_id: int, *, actor: User) -> IndicatorTarget:
    """The supervisor confirms a reported realisation; its achievement % is fixed then."""
    supervisor = employee_of(actor)
    item = (
        IndicatorTarget.objects.select_for_update()
        .select_related("period", "indicator")
        .filter(pk=target_id)
        .first()
    )
    if item is None:
        from django.http import Http404

        raise Http404
    day = _month_day(item.period.year, item.period.month)
    get_employee_for_supervisor(actor, item.employee_id, day, duty=Duty.CONFIRM_TARGET)
    if item.status != TargetStatus.REPORTED:
        raise refuse(_("Only a reported realisation can be confirmed."), "not_reported")
    assert_writable(item.employee_id, day)
    policy = current_policy(item.period.year, item.period.month)
    if item.realisation is None:
        raise refuse(_("Only a reported realisation can be confirmed."), "not_reported")
    achievement = indicator_achievement_pct(
        item.target,
        item.realisation,
        lower_is_better=item.indicator.direction == "lower",
        policy=policy,
    )
    save_audited(
        item,
        {
            "achievement_pct": achievement,
            "status": TargetStatus.CONFIRMED,
            "confirmed_by": supervisor,
        },
        actor=actor,
        action="indicator.confirmed",
    )
    return item


@transaction.atomic
def rate_behaviour(
    *, actor: User, employee_id: int, year: int, month: int, levels: dict[str, str]
) -> BehaviourRating:
    """The supervisor rates the seven BerAKHLAK values for a month; rating = their median."""
    supervisor = employee_of(actor)
    day = _month_day(year, month)
    employee = get_employee_for_supervisor(actor, employee_id, day)
    try:
        values = {name: Level(levels[name]).value for name in BERAKHLAK}
    except (KeyError, ValueError):
        raise refuse(_("Rate each of the seven BerAKHLAK values."), "levels") from None
    assert_writable(employee.pk, day)
    period = open_period(year, month, actor=actor)
    rating = (
        BehaviourRating.objects.select_for_update().filter(employee=employee, period=period).first()
    )
    before = {name: getattr(rating, name) for name in BERAKHLAK} if rating else None
    median = behaviour_rating(values.values()).value
    if rating is None:
        rating = BehaviourRating.objects.create(
            employee=employee,
            period=period,
            rated_by=supervisor,
            rating=median,
            rated_at=timezone.now(),
            **values,
        )
    else:
        for name, value in values.items():
            setattr(rating, name, value)
        rating.rating = median
        rating.rated_by = supervisor
        rating.rated_at = timezone.now()
        rating.save(update_fields=[*BERAKHLAK, "rating", "rated_by", "rated_at"])
    record_event(
        actor=actor,
        action="behaviour.rated",
        target=rating,
        before=before,
        after={**values, "rating": median},
    )
    return rating
