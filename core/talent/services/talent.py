"""Talent management (PermenPANRB 3/2020): potential, the 9-box, calibration, succession."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event, save_audited
from core.organisation.models import OrgUnit, Position
from core.people.models import Employee
from core.talent.models import (
    Assessment,
    AssessmentKind,
    AssessmentRound,
    CalibrationMove,
    CalibrationSession,
    PotentialAssessment,
    PotentialSource,
    Readiness,
    SuccessionCandidate,
    SuccessionPlan,
    TalentPlacement,
)
from core.talent.policy import talent_policy
from core.talent.rules import (
    SUCCESSION_BOXES,
    Predicate,
    box_for,
    is_key_position,
    performance_level,
    potential_level,
)

if TYPE_CHECKING:
    from core.accounts.models import User


# ---------------------------------------------------------------- potential
@transaction.atomic
def record_potential(
    employee: Employee,
    *,
    source: str,
    score: Decimal,
    assessed_on: date,
    actor: User,
    note: str = "",
) -> PotentialAssessment:
    """Record one potential assessment; its level follows the city's potential ranges."""
    if source not in PotentialSource.values:
        raise ValidationError(_("Unknown assessment source."))
    score = Decimal(score)
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(_("The score must be between 0 and 100."))
    if assessed_on > timezone.localdate():
        raise ValidationError(_("The assessment date cannot be in the future."))
    ranges = talent_policy(assessed_on.year, assessed_on.month).potential_ranges
    item = PotentialAssessment.objects.create(
        employee=employee,
        source=source,
        score=score,
        level=potential_level(score, ranges),
        assessed_on=assessed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action="talent.potential.record",
        target=item,
        after={"employee": employee.pk, "source": source, "score": score, "level": item.level},
    )
    return item


def potential_scores(employee_ids: list[int], up_to: date) -> dict[int, Decimal]:
    """employee id -> potential score: the mean of the latest score from each source
    assessed on or before `up_to` (an assessment centre result does not go stale because
    a track-record review came later)."""
    latest: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        PotentialAssessment.objects.filter(employee_id__in=employee_ids, assessed_on__lte=up_to)
        .order_by("employee_id", "source", "-assessed_on", "-id")
        .values_list("employee_id", "source", "score")
    )
    for employee_id, source, score in rows:
        latest[employee_id].setdefault(source, score)
    return {
        employee_id: (sum(by_source.values(), Decimal(0)) / len(by_source)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        for employee_id, by_source in latest.items()
    }


# ---------------------------------------------------------------- the 9-box
@transaction.atomic
def place_talent(
    year: int, *, actor: User, opd: OrgUnit | None = None, employee_ids: list[int] | None = None
) -> dict[str, int]:
    """Place everyone with a published annual predicate for `year` (and a potential score)
    in the 9-box. A placement a calibration committee has moved keeps its box; its computed
    box is refreshed. Returns counts: placed, updated, without_potential."""
    assessments = Assessment.objects.filter(
        round__year=year,
        round__kind=AssessmentKind.ANNUAL,
        round__status=AssessmentRound.Status.CLOSED,
    ).select_related("round", "position")
    if opd is not None:
        assessments = assessments.filter(round__opd=opd)
    if employee_ids is not None:
        assessments = assessments.filter(employee_id__in=employee_ids)
    chosen = list(assessments)
    scores = potential_scores([a.employee_id for a in chosen], date(year, 12, 31))
    ranges = talent_policy(year, 12).potential_ranges
    existing = {
        p.employee_id: p
        for p in TalentPlacement.objects.select_for_update().filter(
            year=year, employee_id__in=[a.employee_id for a in chosen]
        )
    }
    calibrated = set(
        CalibrationMove.objects.filter(placement__in=list(existing.values())).values_list(
            "placement__employee_id", flat=True
        )
    )
    now = timezone.now()
    new, changed, missing = [], [], 0
    for assessment in chosen:
        score = scores.get(assessment.employee_id)
        if score is None:
            missing += 1
            continue
        performance = performance_level(Predicate(assessment.predicate))
        potential = potential_level(score, ranges)
        box = box_for(performance, potential).number
        fields = {
            "opd_id": assessment.round.opd_id,
            "position_id": assessment.position_id,
            "position_type": assessment.position.position_type,
            "annual_predicate": assessment.predicate,
            "performance": performance,
            "potential_score": score,
            "potential": potential,
            "computed_box": box,
            "placed_at": now,
        }
        placement = existing.get(assessment.employee_id)
        if placement is None:
            new.append(
                TalentPlacement(employee_id=assessment.employee_id, year=year, box=box, **fields)
            )
            continue
        for name, value in fields.items():
            setattr(placement, name, value)
        if assessment.employee_id not in calibrated:
            placement.box = box
        changed.append(placement)
    TalentPlacement.objects.bulk_create(new)
    TalentPlacement.objects.bulk_update(changed, [*fields_updated(), "box"])
    result = {"placed": len(new), "updated": len(changed), "without_potential": missing}
    record_event(
        actor=actor,
        action="talent.place",
        object_type="talent.talentplacement",
        object_id=f"{year}:{opd.pk if opd else 'city'}",
        after={
            **result,
            "boxes": {p.employee_id: p.box for p in [*new, *changed]},
        },
    )
    return result


def fields_updated() -> list[str]:
    return [
        "opd",
        "position",
        "position_type",
        "annual_predicate",
        "performance",
        "potential_score",
        "potential",
        "computed_box",
        "placed_at",
    ]


# ---------------------------------------------------------------- calibration
@transaction.atomic
def open_calibration(
    *, year: int, name: str, held_on: date, committee: str, actor: User, opd: OrgUnit | None = None
) -> CalibrationSession:
    if not name.strip() or not committee.strip():
        raise ValidationError(_("Name the session and its committee members."))
    session = CalibrationSession.objects.create(
        year=year,
        name=name.strip(),
        held_on=held_on,
        committee=committee.strip(),
        opd=opd,
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="talent.calibration.open",
        target=session,
        after={"year": year, "committee": session.committee, "opd": opd.pk if opd else None},
    )
    return session


@transaction.atomic
def move_placement(
    session: CalibrationSession,
    placement: TalentPlacement,
    *,
    to_box: int,
    reason: str,
    actor: User,
) -> CalibrationMove:
    """The committee moves a person to another box; a recorded reason is required."""
    session = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    placement = TalentPlacement.objects.select_for_update().get(pk=placement.pk)
    if not reason or not reason.strip():
        raise ValidationError(_("A calibration move needs a recorded reason."))
    if session.closed_at is not None:
        raise ValidationError(_("This calibration session is closed."))
    if placement.year != session.year or (session.opd_id and placement.opd_id != session.opd_id):
        raise ValidationError(_("This person is not within the session's scope."))
    if not 1 <= int(to_box) <= 9:
        raise ValidationError(_("A box is numbered 1 to 9."))
    if int(to_box) == placement.box:
        raise ValidationError(_("The person is already in that box."))
    move = CalibrationMove.objects.create(
        session=session,
        placement=placement,
        from_box=placement.box,
        to_box=int(to_box),
        reason=reason.strip(),
        moved_by=actor,
        moved_at=timezone.now(),
    )
    save_audited(
        placement,
        {"box": move.to_box},
        actor=actor,
        action="talent.calibration.move",
        after={"session": session.pk},
        reason=move.reason,
    )
    return move


@transaction.atomic
def close_calibration(session: CalibrationSession, *, actor: User) -> CalibrationSession:
    session = CalibrationSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise ValidationError(_("This calibration session is closed."))
    save_audited(
        session,
        {"closed_at": timezone.now()},
        actor=actor,
        action="talent.calibration.close",
        after={"moves": session.moves.count()},
    )
    return session


# ---------------------------------------------------------------- succession
def latest_boxes(employee_ids: list[int]) -> dict[int, int]:
    """employee id -> box of their most recent placement."""
    boxes: dict[int, int] = {}
    rows = (
        TalentPlacement.objects.filter(employee_id__in=employee_ids)
        .order_by("employee_id", "-year")
        .values_list("employee_id", "box")
    )
    for employee_id, box in rows:
        boxes.setdefault(employee_id, box)
    return boxes


@transaction.atomic
def save_succession_plan(
    position: Position,
    candidates: list[tuple[Employee, str, str]],
    *,
    actor: User,
    note: str = "",
) -> SuccessionPlan:
    """Set the ranked candidates (employee, readiness, note) for a key position (JPT or
    Administrator). Candidates come from the succession group (boxes 7-9)."""
    if not is_key_position(position.position_type):
        raise ValidationError(_("Succession plans are kept for JPT and Administrator positions."))
    ids = [employee.pk for employee, _r, _n in candidates]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A candidate is listed twice."))
    if any(readiness not in Readiness.values for _e, readiness, _n in candidates):
        raise ValidationError(_("Unknown readiness."))
    boxes = latest_boxes(ids)
    outside = [
        e.display_name for e, _r, _n in candidates if boxes.get(e.pk) not in SUCCESSION_BOXES
    ]
    if outside:
        raise ValidationError(
            _("Not in the succession group (boxes 7-9): %(names)s") % {"names": ", ".join(outside)}
        )
    plan, _created = SuccessionPlan.objects.select_for_update().get_or_create(
        position=position,
        defaults={"created_by": actor, "updated_at": timezone.now(), "note": note.strip()},
    )
    before = list(plan.candidates.values_list("employee_id", "rank", "readiness"))
    plan.candidates.all().delete()
    SuccessionCandidate.objects.bulk_create(
        SuccessionCandidate(plan=plan, employee=e, rank=i, readiness=r, note=n.strip())
        for i, (e, r, n) in enumerate(candidates, start=1)
    )
    save_audited(
        plan,
        {"note": note.strip()},
        actor=actor,
        action="talent.succession.save",
        before={"candidates": before},
        after={"candidates": [(e.pk, i, r) for i, (e, r, _n) in enumerate(candidates, 1)]},
    )
    return plan
