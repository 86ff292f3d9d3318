"""Separation of duties as a table: core.accounts.duties.may, one row per case."""

from __future__ import annotations

import pytest

from core.accounts.duties import Duty, DutyActor, DutyTarget, may
from core.accounts.roles import Role

ME = 1
EDU, HEALTH = 10, 20
CITY_ADMIN = DutyActor(role=Role.CITY_ADMIN, user_id=100, employee_id=ME)
OPD_ADMIN = DutyActor(role=Role.OPD_ADMIN, user_id=101, employee_id=ME, opd_id=EDU)
UNPLACED_OPD_ADMIN = DutyActor(role=Role.OPD_ADMIN, user_id=102, employee_id=ME)
SUPERVISOR = DutyActor(role=Role.ASN, user_id=103, employee_id=ME)
INSPECTOR = DutyActor(role=Role.INSPECTOR, user_id=104, employee_id=ME)
EXECUTIVE = DutyActor(role=Role.EXECUTIVE, user_id=105)
SYSTEM = DutyActor(system=True)

SELF = DutyTarget(employee_id=ME, opd_id=EDU, supervisor_ids=frozenset({ME}))
REPORT = DutyTarget(employee_id=2, opd_id=EDU, supervisor_ids=frozenset({ME}))
NOT_MY_REPORT = DutyTarget(employee_id=3, opd_id=EDU, supervisor_ids=frozenset({4}))
OWN_OPD = DutyTarget(employee_id=2, opd_id=EDU, to_opd_id=EDU)
OTHER_OPD = DutyTarget(employee_id=5, opd_id=HEALTH, to_opd_id=HEALTH)
OWN_TO_OTHER = DutyTarget(employee_id=2, opd_id=EDU, to_opd_id=HEALTH)
OTHER_TO_OWN = DutyTarget(employee_id=5, opd_id=HEALTH, to_opd_id=EDU)
ASKED_BY_ME = DutyTarget(employee_id=2, opd_id=EDU, requested_by_user_id=100)

ROWS = [
    # nobody does anything to themselves
    *[("self_" + d, CITY_ADMIN, d, SELF, "self") for d in Duty],
    *[("opd_self_" + d, OPD_ADMIN, d, SELF, "self") for d in Duty],
    ("supervisor_self_verify", SUPERVISOR, Duty.VERIFY, SELF, "self"),
    ("supervisor_self_rate", SUPERVISOR, Duty.RATE, SELF, "self"),
    # supervisor duties: the supervisor of the person only
    ("supervisor_verifies_report", SUPERVISOR, Duty.VERIFY, REPORT, "ok"),
    ("supervisor_rates_report", SUPERVISOR, Duty.RATE, REPORT, "ok"),
    ("supervisor_sets_target", SUPERVISOR, Duty.SET_TARGET, REPORT, "ok"),
    ("supervisor_confirms_target", SUPERVISOR, Duty.CONFIRM_TARGET, REPORT, "ok"),
    ("not_the_supervisor", SUPERVISOR, Duty.VERIFY, NOT_MY_REPORT, "not_supervisor"),
    ("city_admin_is_not_supervisor", CITY_ADMIN, Duty.RATE, NOT_MY_REPORT, "not_supervisor"),
    ("opd_admin_is_not_supervisor", OPD_ADMIN, Duty.VERIFY, NOT_MY_REPORT, "not_supervisor"),
    # administrator duties
    ("city_admin_corrects_anyone", CITY_ADMIN, Duty.CORRECT, OTHER_OPD, "ok"),
    ("city_admin_appoints_across", CITY_ADMIN, Duty.APPOINT, OWN_TO_OTHER, "ok"),
    ("opd_admin_corrects_own_opd", OPD_ADMIN, Duty.CORRECT, OWN_OPD, "ok"),
    ("opd_admin_other_opd", OPD_ADMIN, Duty.CORRECT, OTHER_OPD, "other_opd"),
    ("opd_admin_appoints_in_opd", OPD_ADMIN, Duty.APPOINT, OWN_OPD, "ok"),
    ("opd_admin_appoints_out", OPD_ADMIN, Duty.APPOINT, OWN_TO_OTHER, "cross_opd"),
    ("opd_admin_pulls_in", OPD_ADMIN, Duty.APPOINT, OTHER_TO_OWN, "other_opd"),
    ("opd_admin_status_other", OPD_ADMIN, Duty.CHANGE_STATUS, OTHER_OPD, "other_opd"),
    ("opd_admin_unplaced", UNPLACED_OPD_ADMIN, Duty.CORRECT, OWN_OPD, "no_opd"),
    ("asn_cannot_correct", SUPERVISOR, Duty.CORRECT, REPORT, "role"),
    ("asn_cannot_appoint", SUPERVISOR, Duty.APPOINT, REPORT, "role"),
    ("inspector_reads_only", INSPECTOR, Duty.CORRECT, OWN_OPD, "role"),
    ("executive_reads_only", EXECUTIVE, Duty.APPOINT, OWN_OPD, "role"),
    # the second approver is someone else
    ("approver_asked_himself", CITY_ADMIN, Duty.APPROVE_CORRECTION, ASKED_BY_ME, "same_person"),
    ("another_approver", OPD_ADMIN, Duty.APPROVE_CORRECTION, ASKED_BY_ME, "ok"),
    ("approver_other_opd", OPD_ADMIN, Duty.APPROVE_CORRECTION, OTHER_OPD, "other_opd"),
    # seeds and operators' commands are not people
    ("system_appoints", SYSTEM, Duty.APPOINT, OWN_TO_OTHER, "ok"),
]


@pytest.mark.parametrize(("_case", "actor", "duty", "target", "expected"), ROWS)
def test_may(_case, actor, duty, target, expected):
    decision = may(actor, duty, target)
    assert decision.code == expected
    assert bool(decision) is (expected == "ok")
    assert (decision.reason == "") is (expected == "ok")


def test_every_refusal_is_a_sentence_in_indonesian():
    from django.utils import translation

    with translation.override("id"):
        reasons = {
            may(actor, duty, target).reason for _c, actor, duty, target, e in ROWS if e != "ok"
        }
    assert all(r.endswith(".") and r[0].isupper() for r in reasons)
    assert "Anda tidak dapat mengoreksi" in " ".join(reasons)
