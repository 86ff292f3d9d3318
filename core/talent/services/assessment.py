"""Periodic and annual assessment, the organisation predicate, closing against the
distribution curve, and objections (PermenPANRB 6/2022; SE MenPANRB 03/2023).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event, save_audited
from core.formats import number as format_number
from core.organisation.models import OrgUnit
from core.people.hierarchy import supervisor_of
from core.performance.models import MonthlyResult
from core.talent.access import acts_for
from core.talent.labels import describe_violation
from core.talent.models import (
    ANNUAL_PERIOD,
    Assessment,
    AssessmentKind,
    AssessmentRound,
    Iki,
    Objection,
    OrgPredicateChoice,
    Skp,
    SkpStatus,
    TalentPlacement,
)
from core.talent.policy import talent_policy
from core.talent.rules import (
    Level,
    OrgPredicate,
    Predicate,
    Violation,
    assessment_periods,
    check_distribution,
    credit_points,
    indicator_achievement,
    median_level,
    months_in_force,
    predicate,
    propose_results_rating,
)
from core.talent.services.talent import place_talent

if TYPE_CHECKING:
    from core.accounts.models import User


class DistributionRefused(ValidationError):
    """Closing refused: the OPD's staff predicates break the distribution rules."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__([describe_violation(v) for v in violations])


# ---------------------------------------------------------------- reading other areas
def monthly_results(employee_ids: list[int], year: int, months: list[int]) -> dict[int, list]:
    """employee id -> [(result_score, behaviour_rating), ...] of the closed months
    (core.performance.MonthlyResult, frozen at close)."""

    found: dict[int, list] = defaultdict(list)
    rows = MonthlyResult.objects.filter(
        employee_id__in=employee_ids,
        period__year=year,
        period__month__in=months,
        period__status="closed",
    ).values_list("employee_id", "result_score", "behaviour_rating")
    for employee_id, score, behaviour in rows:
        found[employee_id].append((score, behaviour))
    return found


# ---------------------------------------------------------------- opening a round
def _round_months(kind: str, period_no: int, periodicity: str) -> tuple[int, int]:
    if kind == AssessmentKind.ANNUAL:
        return 1, 12
    for number, first, last in assessment_periods(periodicity):
        if number == period_no:
            return first, last
    raise ValidationError(_("There is no period %(n)s in this city's calendar.") % {"n": period_no})


@dataclass
class _Person:
    skps: list[Skp]
    months: dict[int, list[int]]  # skp id -> months of the round it covers

    @property
    def latest(self) -> Skp:
        return max(self.skps, key=lambda s: s.starts_on)

    @property
    def month_count(self) -> int:
        return sum(len(m) for m in self.months.values())


def _people_of(opd: OrgUnit, year: int, first: int, last: int) -> dict[int, _Person]:
    """Everyone whose agreed SKPs cover part of the round and whose latest one is in `opd`."""
    wanted = set(range(first, last + 1))
    in_opd = Skp.objects.filter(year=year, position__org_unit__opd=opd).values("employee_id")
    skps = (
        Skp.objects.filter(
            year=year,
            employee_id__in=in_opd,
            agreed_at__isnull=False,
            status__in=[SkpStatus.IN_FORCE, SkpStatus.CLOSED],
        )
        .select_related("position__org_unit")
        .order_by("employee_id", "starts_on")
    )
    people: dict[int, _Person] = {}
    for skp in skps:
        covered = sorted(wanted.intersection(months_in_force(year, skp.starts_on, skp.ends_on)))
        if not covered:
            continue
        person = people.setdefault(skp.employee_id, _Person([], {}))
        person.skps.append(skp)
        person.months[skp.pk] = covered
    return {
        employee_id: person
        for employee_id, person in people.items()
        if person.latest.position.org_unit.opd_id == opd.pk
    }


def _achievements(skp_ids: list[int]) -> dict[int, list[Decimal]]:
    """skp id -> achievement %s of its realised indicators."""
    found: dict[int, list[Decimal]] = defaultdict(list)
    rows = Iki.objects.filter(rhk__skp_id__in=skp_ids, realised__isnull=False).values_list(
        "rhk__skp_id", "target", "realised", "lower_is_better"
    )
    for skp_id, target, realised, lower in rows:
        if realised is not None:
            found[skp_id].append(indicator_achievement(target, realised, lower_is_better=lower))
    return found


@transaction.atomic
def open_round(
    opd: OrgUnit, year: int, *, kind: str, actor: User, period_no: int = ANNUAL_PERIOD
) -> AssessmentRound:
    """Open (or refresh) an OPD's assessment for a period: one assessment per person with
    an agreed SKP in it, each with the results and behaviour ratings proposed from the
    monthly results and the indicator realisation. Refreshing adds people agreed since."""
    if kind == AssessmentKind.ANNUAL:
        period_no = ANNUAL_PERIOD
    periodicity = talent_policy(year, 1).periodicity
    first, last = _round_months(kind, period_no, periodicity)
    policy = talent_policy(year, last)  # thresholds and weights in force at the period's end
    round_, created = AssessmentRound.objects.select_for_update().get_or_create(
        opd=opd,
        year=year,
        kind=kind,
        period_no=period_no,
        defaults={"first_month": first, "last_month": last},
    )
    if round_.status != AssessmentRound.Status.OPEN:
        raise ValidationError(_("This assessment is already closed."))
    people = _people_of(opd, year, first, last)
    present = set(round_.assessments.values_list("employee_id", flat=True))
    new_ids = [e for e in people if e not in present]
    monthly = monthly_results(new_ids, year, list(range(first, last + 1)))
    achievements = _achievements([s.pk for e in new_ids for s in people[e].skps])
    rows = []
    for employee_id in new_ids:
        person = people[employee_id]
        scores = [score for score, _b in monthly.get(employee_id, []) if score is not None]
        behaviours = [b for _s, b in monthly.get(employee_id, []) if b]
        iki = [a for s in person.skps for a in achievements.get(s.pk, [])]
        proposal = propose_results_rating(
            scores,
            iki,
            above_from=policy.above_from,
            meets_from=policy.meets_from,
            indicator_weight=policy.indicator_weight,
        )
        behaviour = median_level(behaviours)
        rows.append(
            Assessment(
                round=round_,
                employee_id=employee_id,
                position=person.latest.position,
                assessor_id=person.latest.supervisor_id,
                proposed_score=proposal.score if proposal else None,
                proposed_results=proposal.level if proposal else "",
                proposed_behaviour=behaviour or "",
                months=person.month_count,
            )
        )
    Assessment.objects.bulk_create(rows)
    record_event(
        actor=actor,
        action="talent.round.open" if created else "talent.round.refresh",
        target=round_,
        after={"added": len(rows), "kind": kind, "period": period_no, "months": [first, last]},
    )
    return round_


# ---------------------------------------------------------------- rating
def _credit_points(assessment: Assessment, result: Predicate) -> Decimal | None:
    """Sum over the person's SKPs in the period: their position's coefficient × the
    months that SKP covers (a mid-year change earns each part at its own coefficient)."""
    round_ = assessment.round
    wanted = set(range(round_.first_month, round_.last_month + 1))
    skps = Skp.objects.filter(
        employee_id=assessment.employee_id, year=round_.year, agreed_at__isnull=False
    ).select_related("position")
    total, any_coefficient = Decimal(0), False
    for skp in skps:
        coefficient = skp.position.annual_credit_coefficient
        months = len(wanted.intersection(months_in_force(round_.year, skp.starts_on, skp.ends_on)))
        if coefficient is None or months == 0:
            continue
        any_coefficient = True
        total += credit_points(result, coefficient, months)
    return total if any_coefficient else None


def _snapshot(assessment: Assessment) -> dict:
    return {
        "results_rating": assessment.results_rating,
        "behaviour_rating": assessment.behaviour_rating,
        "predicate": assessment.predicate,
        "credit_points": assessment.credit_points,
    }


def _check_change(proposed: str, chosen: Level, justification: str, field: str) -> None:
    if proposed and Level(proposed) is not chosen and not justification.strip():
        raise ValidationError(
            {field: _("Changing the proposed rating needs a written justification.")}
        )


@transaction.atomic
def rate_assessment(
    assessment: Assessment,
    *,
    actor: User,
    results: Level,
    behaviour: Level,
    results_justification: str = "",
    behaviour_justification: str = "",
) -> Assessment:
    """The supervisor sets the ratings; a change from the proposal needs a justification.
    The predicate follows from the matrix (core.performance.rules.predicate)."""
    assessment = (
        Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    )
    if not acts_for(actor, assessment.assessor_id):
        raise PermissionDenied(_("Only the assessing supervisor can rate this person."))
    if assessment.round.status != AssessmentRound.Status.OPEN:
        raise ValidationError(_("This assessment is closed; file an objection instead."))
    results, behaviour = Level(results), Level(behaviour)
    _check_change(assessment.proposed_results, results, results_justification, "results")
    _check_change(assessment.proposed_behaviour, behaviour, behaviour_justification, "behaviour")
    result = predicate(results, behaviour)
    save_audited(
        assessment,
        {
            "results_rating": results,
            "behaviour_rating": behaviour,
            "results_justification": results_justification.strip(),
            "behaviour_justification": behaviour_justification.strip(),
            "predicate": result,
            "credit_points": _credit_points(assessment, result),
            "rated_at": timezone.now(),
        },
        actor=actor,
        action="talent.assessment.rate",
        reason="\n".join(filter(None, [results_justification, behaviour_justification])),
    )
    return assessment


# ---------------------------------------------------------------- organisation predicate, close
@transaction.atomic
def set_org_predicate(round_: AssessmentRound, value: str, *, actor: User) -> AssessmentRound:
    """The city sets the OPD's organisation predicate for the period."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != AssessmentRound.Status.OPEN:
        raise ValidationError(_("This assessment is already closed."))
    if value not in OrgPredicateChoice.values:
        raise ValidationError(_("Unknown organisation predicate."))
    save_audited(round_, {"org_predicate": value}, actor=actor, action="talent.round.org_predicate")
    return round_


def distribution_violations(round_: AssessmentRound) -> list[Violation]:
    """The distribution rules the round's current predicates break."""
    if not round_.org_predicate:
        return []
    policy = talent_policy(round_.year, round_.last_month)
    rule_set = policy.distribution_rules.get(OrgPredicate(round_.org_predicate), ())
    predicates = round_.assessments.exclude(predicate="").values_list("predicate", flat=True)
    return check_distribution(list(predicates), rule_set)


@transaction.atomic
def close_round(round_: AssessmentRound, *, actor: User) -> AssessmentRound:
    """Close and publish the OPD's predicates, refusing with every violation of the
    distribution rules for its organisation predicate (and by how much)."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != AssessmentRound.Status.OPEN:
        raise ValidationError(_("This assessment is already closed."))
    if not round_.org_predicate:
        raise ValidationError(_("Set the OPD's organisation predicate first."))
    unrated = round_.assessments.filter(predicate="").count()
    if unrated:
        raise ValidationError(
            _("%(n)s person(s) have not been rated yet.") % {"n": format_number(unrated)}
        )
    violations = distribution_violations(round_)
    if violations:
        raise DistributionRefused(violations)
    policy = talent_policy(round_.year, round_.last_month)
    save_audited(
        round_,
        {
            "status": AssessmentRound.Status.CLOSED,
            "closed_at": timezone.now(),
            "closed_by": actor,
            "rules_snapshot": policy.rules_data(),
        },
        actor=actor,
        action="talent.round.close",
        after={"org_predicate": round_.org_predicate, "assessments": round_.assessments.count()},
    )
    return round_


# ---------------------------------------------------------------- objections
def objection_deadline(round_: AssessmentRound) -> datetime | None:
    if round_.closed_at is None:
        return None
    days = talent_policy(round_.year, round_.last_month).objection_window_days
    return round_.closed_at + timedelta(days=days)


@transaction.atomic
def file_objection(assessment: Assessment, reasons: str, *, actor: User) -> Objection:
    """The ASN objects to a published predicate within the window; the supervisor's
    supervisor (the assessor's own supervisor) decides."""
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("round", "employee")
        .get(pk=assessment.pk)
    )
    if assessment.employee.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the assessed person can object."))
    round_ = assessment.round
    if round_.status != AssessmentRound.Status.CLOSED:
        raise ValidationError(_("The predicate has not been published yet."))
    deadline = objection_deadline(round_)
    if deadline is None or timezone.now() > deadline:
        raise ValidationError(
            _("The objection window closed on %(day)s.")
            % {"day": timezone.localtime(deadline).date()}
        )
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the objection."))
    if Objection.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("An objection to this assessment has already been filed."))
    supervisor = assessment.assessor or supervisor_of(assessment.employee)
    decider = supervisor_of(supervisor) if supervisor is not None else None
    if decider is None:
        raise ValidationError(
            _("There is no higher supervisor to decide; contact the civil-service agency.")
        )
    objection = Objection.objects.create(
        assessment=assessment,
        reasons=reasons.strip(),
        filed_at=timezone.now(),
        decider=decider,
        predicate_before=assessment.predicate,
    )
    record_event(
        actor=actor,
        action="talent.objection.file",
        target=objection,
        after={"assessment": assessment.pk, "decider": decider.pk},
        reason=objection.reasons,
    )
    return objection


def _refresh_placement(assessment: Assessment, *, actor: User) -> None:
    """An upheld objection to an annual predicate moves the person's 9-box placement too
    (unless a calibration committee has placed them)."""
    if assessment.round.kind != AssessmentKind.ANNUAL:
        return

    if TalentPlacement.objects.filter(
        employee_id=assessment.employee_id, year=assessment.round.year
    ).exists():
        place_talent(assessment.round.year, actor=actor, employee_ids=[assessment.employee_id])


@transaction.atomic
def decide_objection(
    objection: Objection,
    *,
    actor: User,
    uphold: bool,
    note: str,
    results: Level | None = None,
    behaviour: Level | None = None,
) -> Objection:
    """Record the decision; an upheld objection changes the ratings (and so the
    predicate and credit points) of the published assessment, with its own audit event."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if getattr(getattr(actor, "employee", None), "pk", None) != objection.decider_id:
        raise PermissionDenied(_("Only the deciding supervisor can decide this objection."))
    if objection.status != Objection.Status.PENDING:
        raise ValidationError(_("This objection has already been decided."))
    if not note.strip():
        raise ValidationError(_("Explain the decision."))
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("round")
        .get(pk=objection.assessment_id)
    )
    if uphold:
        results = Level(results or assessment.results_rating)
        behaviour = Level(behaviour or assessment.behaviour_rating)
        if results == assessment.results_rating and behaviour == assessment.behaviour_rating:
            raise ValidationError(_("An upheld objection changes at least one rating."))
        result = predicate(results, behaviour)
        save_audited(
            assessment,
            {
                "results_rating": results,
                "behaviour_rating": behaviour,
                "predicate": result,
                "credit_points": _credit_points(assessment, result),
            },
            actor=actor,
            action="talent.assessment.correct",
            reason=note.strip(),
        )
        _refresh_placement(assessment, actor=actor)
    save_audited(
        objection,
        {
            "status": Objection.Status.UPHELD if uphold else Objection.Status.REJECTED,
            "decision_note": note.strip(),
            "decided_at": timezone.now(),
            "decided_by": actor,
            "predicate_after": assessment.predicate,
        },
        actor=actor,
        action="talent.objection.decide",
        before={"predicate": objection.predicate_before},
        after={"predicate": assessment.predicate},
        reason=note.strip(),
    )
    return objection
