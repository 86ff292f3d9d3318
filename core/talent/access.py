"""Who may see and do what in core.talent. Pages and the API both go through these.

Outside what a user may see is Http404 (the same as "does not exist"); a visible object
the user may not act on is PermissionDenied.

The 9-box is personal: an ASN sees their own box only, even a supervisor; an OPD
administrator sees the OPD's; the city administrator, the mayor/secretary and the
inspectorate see everyone's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.accounts.roles import CITY_WIDE_READERS, Role
from core.people.access import admin_opd_id, visible_employees
from core.talent.models import (
    Assessment,
    AssessmentRound,
    CalibrationSession,
    Objection,
    Skp,
    TalentPlacement,
)

TALENT_MANAGERS = frozenset({Role.CITY_ADMIN})


def own_employee(user):
    return getattr(user, "employee", None) if user.is_authenticated else None


def _own_id(user) -> int | None:
    employee = own_employee(user)
    return employee.pk if employee is not None else None


# Who agrees and rates for someone with no supervisor in the city's tree (the top
# official, whose superior is the mayor): the mayor's office or BKPSDM on its behalf.
TOP_LEVEL_DECIDERS = frozenset({Role.EXECUTIVE, Role.CITY_ADMIN})


def acts_for(user, employee_id: int | None) -> bool:
    """Whether `user` is the person `employee_id` (the supervisor or assessor of record),
    or, where there is none, may decide on the mayor's behalf."""
    if employee_id is None:
        return bool(user.is_authenticated and user.has_role(*TOP_LEVEL_DECIDERS))
    return _own_id(user) == employee_id


def require_manager(user) -> None:
    """City administrator (BKPSDM): opens and closes assessments, runs talent management."""
    if not (user.is_authenticated and user.has_role(*TALENT_MANAGERS)):
        raise PermissionDenied(_("Only the civil-service agency can do this."))


def is_reader(user) -> bool:
    return user.is_authenticated and user.has_role(*CITY_WIDE_READERS)


def can_see_grid(user) -> bool:
    return user.is_authenticated and user.has_role(*CITY_WIDE_READERS, Role.OPD_ADMIN)


# ---------------------------------------------------------------- SKP
def visible_skps(user) -> QuerySet[Skp]:
    """Own SKPs, those the user supervises, and those of everyone they may see."""
    if not (user.is_authenticated and user.is_active):
        return Skp.objects.none()
    own = _own_id(user)
    condition = Q(employee_id__in=visible_employees(user).values("pk"))
    if own is not None:
        condition |= Q(supervisor_id=own)
    return Skp.objects.filter(condition)


def get_skp_for_viewer(user, skp_id: int) -> Skp:
    try:
        return (
            visible_skps(user).select_related("employee", "position", "supervisor").get(pk=skp_id)
        )
    except Skp.DoesNotExist as exc:
        raise Http404 from exc


def get_skp_for_owner(user, skp_id: int) -> Skp:
    """The owner plans their SKP; the supervisor may also edit it (expectations)."""
    skp = get_skp_for_viewer(user, skp_id)
    if _own_id(user) not in (skp.employee_id, skp.supervisor_id):
        raise PermissionDenied(_("Only the person or their supervisor can change this SKP."))
    return skp


def get_skp_for_supervisor(user, skp_id: int) -> Skp:
    skp = get_skp_for_viewer(user, skp_id)
    if not acts_for(user, skp.supervisor_id):
        raise PermissionDenied(_("Only the supervisor can decide on this SKP."))
    return skp


# ---------------------------------------------------------------- assessments
def visible_assessments(user) -> QuerySet[Assessment]:
    if not (user.is_authenticated and user.is_active):
        return Assessment.objects.none()
    own = _own_id(user)
    condition = Q(employee_id__in=visible_employees(user).values("pk"))
    if own is not None:
        condition |= Q(assessor_id=own)
    return Assessment.objects.filter(condition)


def get_assessment_for_viewer(user, assessment_id: int) -> Assessment:
    try:
        return (
            visible_assessments(user)
            .select_related("round__opd", "employee", "position", "assessor")
            .get(pk=assessment_id)
        )
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


def get_assessment_for_assessor(user, assessment_id: int) -> Assessment:
    assessment = get_assessment_for_viewer(user, assessment_id)
    if not acts_for(user, assessment.assessor_id):
        raise PermissionDenied(_("Only the assessing supervisor can rate this person."))
    return assessment


def get_assessment_for_subject(user, assessment_id: int) -> Assessment:
    assessment = get_assessment_for_viewer(user, assessment_id)
    if _own_id(user) != assessment.employee_id:
        raise PermissionDenied(_("Only the assessed person can object."))
    return assessment


def visible_rounds(user) -> QuerySet[AssessmentRound]:
    if is_reader(user):
        return AssessmentRound.objects.all()
    if user.is_authenticated and user.has_role(Role.OPD_ADMIN):
        return AssessmentRound.objects.filter(opd_id=admin_opd_id(user))
    return AssessmentRound.objects.none()


def get_round_for_viewer(user, round_id: int) -> AssessmentRound:
    try:
        return visible_rounds(user).select_related("opd").get(pk=round_id)
    except AssessmentRound.DoesNotExist as exc:
        raise Http404 from exc


def get_round_for_manager(user, round_id: int) -> AssessmentRound:
    round_ = get_round_for_viewer(user, round_id)
    require_manager(user)
    return round_


# ---------------------------------------------------------------- objections
def visible_objections(user) -> QuerySet[Objection]:
    own = _own_id(user)
    if is_reader(user):
        return Objection.objects.all()
    condition = Q(pk__in=[])
    if own is not None:
        condition = (
            Q(decider_id=own) | Q(assessment__employee_id=own) | Q(assessment__assessor_id=own)
        )
    return Objection.objects.filter(condition)


def get_objection_for_viewer(user, objection_id: int) -> Objection:
    try:
        return (
            visible_objections(user)
            .select_related("assessment__employee", "assessment__round__opd", "decider")
            .get(pk=objection_id)
        )
    except Objection.DoesNotExist as exc:
        raise Http404 from exc


def get_objection_for_decider(user, objection_id: int) -> Objection:
    objection = get_objection_for_viewer(user, objection_id)
    if _own_id(user) != objection.decider_id:
        raise PermissionDenied(_("Only the deciding supervisor can decide this objection."))
    return objection


# ---------------------------------------------------------------- the 9-box
def visible_placements(user) -> QuerySet[TalentPlacement]:
    """Own box for an ASN (supervisors included); the OPD for an OPD admin; all for readers."""
    if not (user.is_authenticated and user.is_active):
        return TalentPlacement.objects.none()
    if is_reader(user):
        return TalentPlacement.objects.all()
    own = _own_id(user)
    condition = Q(employee_id=own) if own is not None else Q(pk__in=[])
    if user.role == Role.OPD_ADMIN:
        condition |= Q(opd_id=admin_opd_id(user))
    return TalentPlacement.objects.filter(condition)


def get_placement_for_viewer(user, placement_id: int) -> TalentPlacement:
    try:
        return (
            visible_placements(user)
            .select_related("employee", "opd", "position")
            .get(pk=placement_id)
        )
    except TalentPlacement.DoesNotExist as exc:
        raise Http404 from exc


def get_placement_for_manager(user, placement_id: int) -> TalentPlacement:
    placement = get_placement_for_viewer(user, placement_id)
    require_manager(user)
    return placement


def get_session_for_manager(user, session_id: int) -> CalibrationSession:
    require_manager(user)
    try:
        return CalibrationSession.objects.get(pk=session_id)
    except CalibrationSession.DoesNotExist as exc:
        raise Http404 from exc


def get_employee_history_for_viewer(user, employee_id: int):
    """A person's talent history: their own, or anyone's for a grid reader in scope."""
    if employee_id == _own_id(user):
        return own_employee(user)
    if not can_see_grid(user):
        raise Http404
    from core.people.models import Employee

    placements = visible_placements(user).filter(employee_id=employee_id)
    employees = Employee.objects.filter(pk=employee_id)
    if not is_reader(user):
        employees = employees.filter(pk__in=placements.values("employee_id"))
    employee = employees.first()
    if employee is None:
        raise Http404
    return employee
