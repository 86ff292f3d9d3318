"""Separation of duties, written once (issue 20 section 1; DESIGN.md 6a).

Plain data in, a decision out: "may this actor do this action to this person?". The
services that write performance, pay or appointments build the plain `DutyActor` and
`DutyTarget` (core.people.access.require_duty does it) and refuse with the decision's
sentence, so pages, the API and commands all obey the same rules:

- nobody corrects, rates, verifies, sets targets for, appoints or approves a
  correction about themselves;
- nobody approves a correction they requested themselves (the second approver is a
  different person);
- supervisor duties (verify, rate, set and confirm targets) belong to the person's
  supervisor on that date (acting included) or the one an entry was escalated to;
- administrator duties (corrections, their approval, appointments, status changes)
  belong to the city admin anywhere, and to an OPD admin only inside their own OPD;
- a move or an appointment into another OPD belongs to the city admin;
- another city's people do not exist here: every city is its own schema, so a target
  is always in the actor's city (tests prove the other city's ids are not found).

A system actor (a seed or an operator's command, `actor` given as a string) carries
the operator's authority and is not a person, so the self rules do not apply to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from core.accounts.roles import Role


class Duty(StrEnum):
    VERIFY = "verify"  # approve or reject a logged activity
    RATE = "rate"  # the monthly BerAKHLAK behaviour rating
    SET_TARGET = "set_target"  # assign an indicator target
    CONFIRM_TARGET = "confirm_target"  # confirm a reported realisation
    CORRECT = "correct"  # a correction to a closed month
    APPROVE_CORRECTION = "approve_correction"  # the second approver of a correction
    APPOINT = "appoint"  # a definitive or acting (Plt.) appointment
    CHANGE_STATUS = "change_status"  # moved away, retired, died, active again


SUPERVISOR_DUTIES = frozenset({Duty.VERIFY, Duty.RATE, Duty.SET_TARGET, Duty.CONFIRM_TARGET})
ADMIN_DUTIES = frozenset({Duty.CORRECT, Duty.APPROVE_CORRECTION, Duty.APPOINT, Duty.CHANGE_STATUS})


@dataclass(frozen=True)
class DutyActor:
    """Who acts. `opd_id`: the OPD an OPD admin administers (their own position's)."""

    role: str = ""
    user_id: int | None = None
    employee_id: int | None = None
    opd_id: int | None = None
    system: bool = False  # a seed or an operator's command, not a person


@dataclass(frozen=True)
class DutyTarget:
    """Whom it is done to.

    `opd_id`: the person's OPD; `to_opd_id`: for an appointment, the OPD of the position
    given; `supervisor_ids`: who may act as the person's supervisor here (the supervisor
    on the date, or the verifier an entry was escalated to); `requested_by_user_id`: for
    a correction's approval, who asked for it.
    """

    employee_id: int | None
    opd_id: int | None = None
    to_opd_id: int | None = None
    supervisor_ids: frozenset[int] = field(default_factory=frozenset)
    requested_by_user_id: int | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str = "ok"
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def _self_reason(duty: Duty) -> str:
    return {
        Duty.VERIFY: _("Nobody verifies their own work."),
        Duty.RATE: _("You cannot rate your own behaviour."),
        Duty.SET_TARGET: _("You cannot set or confirm your own targets."),
        Duty.CONFIRM_TARGET: _("You cannot set or confirm your own targets."),
        Duty.CORRECT: _(
            "You cannot correct your own attendance, activities or behaviour: "
            "another administrator must do it."
        ),
        Duty.APPROVE_CORRECTION: _("You cannot approve a correction of your own data."),
        Duty.APPOINT: _("You cannot appoint yourself: another administrator must do it."),
        Duty.CHANGE_STATUS: _("You cannot change your own status: another administrator must."),
    }[duty]


def may(actor: DutyActor, duty: Duty, target: DutyTarget) -> Decision:
    """The single answer to "may `actor` do `duty` to `target`?"."""
    if actor.system:
        return ALLOWED
    if actor.employee_id is not None and actor.employee_id == target.employee_id:
        return Decision(False, "self", _self_reason(Duty(duty)))
    if duty in SUPERVISOR_DUTIES:
        if actor.employee_id is not None and actor.employee_id in target.supervisor_ids:
            return ALLOWED
        return Decision(False, "not_supervisor", _("Only this person's supervisor may do this."))
    if duty == Duty.APPROVE_CORRECTION and (
        target.requested_by_user_id is not None and target.requested_by_user_id == actor.user_id
    ):
        return Decision(
            False,
            "same_person",
            _("A second administrator must approve this correction, not the one who asked."),
        )
    if actor.role == Role.CITY_ADMIN:
        return ALLOWED
    if actor.role != Role.OPD_ADMIN:
        return Decision(False, "role", _("Only a city or OPD administrator may do this."))
    if actor.opd_id is None:
        return Decision(False, "no_opd", _("Your account is not placed in an OPD."))
    if target.opd_id != actor.opd_id:
        return Decision(
            False, "other_opd", _("An OPD administrator acts only on people of their own OPD.")
        )
    if duty == Duty.APPOINT and target.to_opd_id not in (None, actor.opd_id):
        return Decision(
            False,
            "cross_opd",
            _("An appointment into another OPD belongs to the city administrator (BKPSDM)."),
        )
    return ALLOWED
