"""Separation of duties over every service that writes performance, pay or appointments
(issue 20 §1): a role x action x target matrix, and each finding reproduced over HTTP.

Personas (besides tests/core/performance/conftest.py's): Admin Kota (city admin with an
employee record, BKPSDM), Admin Dinas (OPD admin of Dinas Pendidikan, under the Kabid),
both placed from 1 April; March is closed, April open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from core.accounts.roles import Role
from core.actors import Actor
from core.performance.rules import BERAKHLAK
from tests.conftest import client_for, in_city, login
from tests.core.performance.conftest import APRIL, complete_march, log

MARCH_DAY = date(2026, 3, 10)
APRIL_DAY = date(2026, 4, 2)
LEVELS = {name: "sesuai" for name in BERAKHLAK}
TOP = {name: "diatas" for name in BERAKHLAK}


@dataclass
class Trust:
    work: object
    city_admin: object  # Admin Kota, BKPSDM, has an employee record
    opd_admin: object  # Admin Dinas, Dinas Pendidikan
    bkpsdm: object
    edu_desk: object  # a position in Dinas Pendidikan
    health_desk: object  # a position in Dinas Kesehatan
    march: dict  # employee id -> a March entry id
    april: dict  # employee id -> an April entry id


def _place(work, make_user, role, nip, name, unit, boss=None, kind="PELAKSANA"):
    from core.organisation.models import Position
    from core.people.models import Assignment, Employee

    user = make_user(work.city, role, nip, name)
    with in_city(work.city):
        person = Employee.objects.create(nip=nip, name=name, asn_type="PNS", user=user)
        desk = Position.objects.create(
            name=f"Meja {name}",
            org_unit=unit,
            kelas_jabatan=7,
            supervisor_position=boss,
            position_type=kind,
        )
        Assignment.objects.create(employee=person, position=desk, starts_on=date(2026, 4, 1))
    return user


@pytest.fixture
def trust(work, make_user, frozen_clock) -> Trust:
    from core.organisation.models import OrgUnit, Position
    from core.performance.models import ActivityEntry, EntryStatus
    from core.performance.services.closing import close_period
    from core.performance.services.periods import open_period

    entries = complete_march(work)
    frozen_clock.move_to(APRIL)
    with in_city(work.city):
        close_period(open_period(2026, 3).pk, actor=work.cityadmin)
        bkpsdm = OrgUnit.objects.create(name="BKPSDM", kind="opd", path="BKPSDM")
        bkpsdm.opd = bkpsdm
        bkpsdm.save(update_fields=["opd"])
        kabid_desk = Position.objects.get(name="Kepala Bidang SD")
        edu_desk = Position.objects.create(name="Staf Umum", org_unit=work.opd, kelas_jabatan=7)
        health_desk = Position.objects.create(
            name="Staf Umum Dinkes", org_unit=work.opd2, kelas_jabatan=7
        )
    city_admin = _place(
        work, make_user, Role.CITY_ADMIN, "198001012005011101", "Admin Kota", bkpsdm
    )
    opd_admin = _place(
        work, make_user, Role.OPD_ADMIN, "198001012005011102", "Admin Dinas", work.opd, kabid_desk
    )
    march = {
        work.budi.employee.pk: entries["budi"][0].pk,
        work.sari.employee.pk: entries["sari"][0].pk,
        work.tono.employee.pk: entries["tono"][0].pk,
    }
    with in_city(work.city):
        # closed-month entries of people without one (the rows only, as history would hold)
        for user in (work.kabid, city_admin, opd_admin):
            entry = ActivityEntry.objects.create(
                employee=user.employee,
                activity_type=work.activity,
                day=MARCH_DAY,
                volume=1,
                minutes=30,
                status=EntryStatus.APPROVED,
                submitted_at=APRIL,
                pending_since=APRIL,
                created_by=user,
            )
            march[user.employee.pk] = entry.pk
    april = {}
    for user in (work.budi, work.sari, work.tono, work.kabid, city_admin, opd_admin):
        april[user.employee.pk] = log(work, user, day=APRIL_DAY, volume="1").entry.pk
    return Trust(work, city_admin, opd_admin, bkpsdm, edu_desk, health_desk, march, april)


# ------------------------------------------------------------------ the matrix


class _Undo(Exception):
    pass


def _attempt(city, call) -> str:
    """ "allowed" (the write happened, then rolled back) or "refused" (403 or 404)."""
    with in_city(city):
        try:
            with transaction.atomic():
                if call() == 0:  # bulk approval refuses by approving nothing
                    return "refused"
                raise _Undo
        except _Undo:
            return "allowed"
        except (PermissionDenied, Http404):
            return "refused"


def _actions(t: Trust) -> dict:
    from core.people.models import Assignment, Employee
    from core.people.services import appoint, change_status, end_assignment
    from core.performance.models import Period
    from core.performance.services import corrections, monthly, verification

    def march_period():
        return Period.objects.get(year=2026, month=3).pk

    return {
        "correct_attendance": lambda actor, who: corrections.correct_attendance(
            who, MARCH_DAY, actor=actor, reason="matrix", status="hadir"
        ),
        "correct_activity": lambda actor, who: corrections.correct_activity(
            t.march[who], actor=actor, reason="matrix", status="rejected"
        ),
        "correct_behaviour": lambda actor, who: corrections.correct_behaviour(
            who, march_period(), actor=actor, reason="matrix", levels=TOP
        ),
        "verify": lambda actor, who: verification.verify_activity(
            t.april[who], actor=actor, approve=True
        ),
        "bulk_approve": lambda actor, who: verification.bulk_approve([t.april[who]], actor=actor),
        "rate_behaviour": lambda actor, who: monthly.rate_behaviour(
            actor=actor, employee_id=who, year=2026, month=4, levels=TOP
        ),
        "assign_target": lambda actor, who: monthly.assign_target(
            actor=actor,
            employee_id=who,
            year=2026,
            month=4,
            indicator_id=t.work.indicator.pk,
            target=5,
        ),
        "appoint_in_opd": lambda actor, who: appoint(
            Employee.objects.get(pk=who),
            t.edu_desk,
            starts_on=APRIL_DAY,
            acting=True,
            actor=actor,
        ),
        "appoint_to_other_opd": lambda actor, who: appoint(
            Employee.objects.get(pk=who),
            t.health_desk,
            starts_on=APRIL_DAY,
            acting=True,
            actor=actor,
        ),
        "end_assignment": lambda actor, who: end_assignment(
            Assignment.objects.filter(employee_id=who).first(), ends_on=APRIL_DAY, actor=actor
        ),
        "change_status": lambda actor, who: change_status(
            Employee.objects.get(pk=who), "moved", on=APRIL_DAY, actor=actor
        ),
    }


SUPERVISOR_ACTIONS = {"verify", "bulk_approve", "rate_behaviour", "assign_target"}
ADMIN_ACTIONS = {
    "correct_attendance",
    "correct_activity",
    "correct_behaviour",
    "appoint_in_opd",
    "end_assignment",
    "change_status",
}


def _expected(role: str, action: str, target: str) -> str:
    """What separation of duties allows; everything else is refused."""
    if target in ("self", "other city"):
        return "refused"
    if action in SUPERVISOR_ACTIONS:
        return "allowed" if (role, target) == ("supervisor", "own OPD") else "refused"
    if action == "appoint_to_other_opd":
        return "allowed" if role == "city admin" else "refused"
    if role == "city admin":
        return "allowed"
    if role == "OPD admin":
        return "allowed" if target == "own OPD" else "refused"
    return "refused"


def test_role_action_target_matrix_allows_no_self_dealing_or_out_of_scope_action(trust):
    t, w = trust, trust.work
    actors = {
        "ASN": (w.budi, {"self": w.budi, "own OPD": w.sari, "other OPD": w.tono}),
        "supervisor": (w.kabid, {"self": w.kabid, "own OPD": w.budi, "other OPD": w.tono}),
        "OPD admin": (
            t.opd_admin,
            {"self": t.opd_admin, "own OPD": w.sari, "other OPD": w.tono},
        ),
        "city admin": (
            t.city_admin,
            {"self": t.city_admin, "own OPD": w.sari, "other OPD": w.tono},
        ),
    }
    actions = _actions(t)
    outcomes, wrong = {}, []
    for role, (actor, targets) in actors.items():
        for action, call in actions.items():
            for target, person in targets.items():
                got = _attempt(w.city, lambda: call(actor, person.employee.pk))  # noqa: B023
                outcomes[(role, action, target)] = got
                if got != _expected(role, action, target):
                    wrong.append((role, action, target, got))
    assert wrong == []
    dealing = [k for k, v in outcomes.items() if v == "allowed" and k[2] == "self"]
    out_of_scope = [k for k, v in outcomes.items() if v == "allowed" and _expected(*k) == "refused"]
    assert dealing == [] and out_of_scope == []
    # and the matrix is not vacuous: the legitimate duties go through
    assert outcomes[("supervisor", "verify", "own OPD")] == "allowed"
    assert outcomes[("OPD admin", "correct_attendance", "own OPD")] == "allowed"
    assert outcomes[("city admin", "appoint_to_other_opd", "other OPD")] == "allowed"
    assert len(outcomes) == 4 * len(actions) * 3


def test_other_city_people_and_sessions_do_not_reach_this_city(trust, jambi, make_user):
    """ "Other city" is impossible by construction: a Jambi admin's session is not a
    session on Surabaya's host, and nothing of Surabaya changes."""
    from core.performance.models import Correction

    jambi_admin = make_user(jambi, Role.CITY_ADMIN, "jambiadmin", "Admin Jambi")
    client = login(jambi, jambi_admin)
    response = client.post(
        "/api/v1/work/corrections/",
        {
            "kind": "attendance",
            "employee": trust.work.budi.employee.pk,
            "day": "2026-03-10",
            "attendance_status": "alpa",
            "reason": "dari kota lain",
        },
        content_type="application/json",
        HTTP_HOST=client_for(trust.work.city).defaults["HTTP_HOST"],
    )
    assert response.status_code == 401
    with in_city(trust.work.city):
        assert Correction.objects.count() == 0


# ------------------------------------------------------------------ the findings over HTTP


def _post_correction(client, **data):
    return client.post("/api/v1/work/corrections/", data, content_type="application/json")


def _tpp(work, user) -> int:
    from core.performance.models import MonthlyResult

    with in_city(work.city):
        return MonthlyResult.objects.get(employee=user.employee, period__month=3).tpp_paid


def test_opd_admin_cannot_correct_own_attendance(trust):
    from core.performance.models import AttendanceRecord, Correction

    client = login(trust.work.city, trust.opd_admin)
    response = _post_correction(
        client,
        kind="attendance",
        employee=trust.opd_admin.employee.pk,
        day="2026-03-10",
        attendance_status="hadir",
        reason="mesin absensi rusak",
    )
    assert response.status_code == 403
    assert "sendiri" in response.json()["message"]
    with in_city(trust.work.city):
        assert Correction.objects.count() == 0
        assert not AttendanceRecord.objects.filter(employee=trust.opd_admin.employee).exists()


def test_city_admin_cannot_raise_own_behaviour(trust):
    from core.performance.models import BehaviourRating

    client = login(trust.work.city, trust.city_admin)
    response = _post_correction(
        client,
        kind="behaviour",
        employee=trust.city_admin.employee.pk,
        year=2026,
        month=3,
        levels=TOP,
        reason="penilaian ulang",
    )
    assert response.status_code == 403
    with in_city(trust.work.city):
        assert not BehaviourRating.objects.filter(employee=trust.city_admin.employee).exists()


def test_volume_999_past_the_daily_cap_is_refused(trust):
    from core.performance.models import ActivityEntry

    budi = trust.work.budi.employee.pk
    before = _tpp(trust.work, trust.work.budi)
    client = login(trust.work.city, trust.work.cityadmin)
    response = _post_correction(
        client, kind="activity", entry=trust.march[budi], volume="999", reason="salah ketik"
    )
    assert response.status_code == 400
    body = response.json()
    assert "720" in body["message"]
    with in_city(trust.work.city):
        assert ActivityEntry.objects.get(pk=trust.march[budi]).volume == Decimal(8)
    assert _tpp(trust.work, trust.work.budi) == before
    too_big = _post_correction(
        client, kind="activity", entry=trust.march[budi], volume="1001", reason="x"
    )
    assert too_big.status_code == 400


def test_a_billion_minute_late_correction_is_refused_with_a_sentence(trust):
    client = login(trust.work.city, trust.work.cityadmin)
    response = _post_correction(
        client,
        kind="attendance",
        employee=trust.work.budi.employee.pk,
        day="2026-03-10",
        attendance_status="hadir",
        late_minutes=10**9,
        reason="terlambat",
    )
    assert response.status_code == 400
    assert "540" in response.json()["message"]
    absent_but_late = _post_correction(
        client,
        kind="attendance",
        employee=trust.work.budi.employee.pk,
        day="2026-03-10",
        attendance_status="alpa",
        late_minutes=30,
        reason="terlambat",
    )
    assert absent_but_late.status_code == 400


def test_correction_cannot_approve_an_activity_of_another_position_type(trust):
    from core.configuration.models import ActivityType
    from core.performance.models import ActivityEntry, EntryStatus

    budi = trust.work.budi.employee.pk
    with in_city(trust.work.city):
        ActivityType.objects.filter(pk=trust.work.activity.pk).update(
            position_types=["JPT_PRATAMA"]
        )
        ActivityEntry.objects.filter(pk=trust.march[budi]).update(status=EntryStatus.REJECTED)
    client = login(trust.work.city, trust.work.cityadmin)
    response = _post_correction(
        client, kind="activity", entry=trust.march[budi], status="approved", reason="x"
    )
    assert response.status_code == 400
    with in_city(trust.work.city):
        assert ActivityEntry.objects.get(pk=trust.march[budi]).status == EntryStatus.REJECTED


def test_correction_cannot_approve_an_evidence_required_entry_without_evidence(trust):
    from core.performance.models import ActivityEntry, EntryStatus

    budi = trust.work.budi.employee.pk
    with in_city(trust.work.city):
        ActivityEntry.objects.filter(pk=trust.march[budi]).update(
            activity_type=trust.work.photo_activity, status=EntryStatus.REJECTED, minutes=90
        )
    client = login(trust.work.city, trust.work.cityadmin)
    response = _post_correction(
        client, kind="activity", entry=trust.march[budi], status="approved", reason="x"
    )
    assert response.status_code == 400
    assert "bukti" in response.json()["message"].lower()


def test_missing_entry_or_keys_are_clear_4xx(trust):
    client = login(trust.work.city, trust.work.cityadmin)
    assert _post_correction(client, kind="activity", entry=999999, reason="x").status_code == 404
    partial = {name: "sesuai" for name in BERAKHLAK[:3]}
    response = _post_correction(
        client,
        kind="behaviour",
        employee=trust.work.budi.employee.pk,
        year=2026,
        month=3,
        levels=partial,
        reason="x",
    )
    assert response.status_code == 400


def test_opd_admin_cannot_appoint_self_to_another_opd(trust):
    from core.people.models import Assignment

    client = login(trust.work.city, trust.opd_admin)
    own = trust.opd_admin.employee.pk
    response = client.post(
        f"/people/{own}/",
        {"position": trust.health_desk.pk, "starts_on": "2026-04-02", "acting": "on"},
    )
    assert response.status_code == 200  # the form again, with the refusal in place
    in_own_opd = client.post(
        f"/people/{own}/",
        {"position": trust.edu_desk.pk, "starts_on": "2026-04-02", "acting": "on"},
    )
    assert in_own_opd.status_code == 200
    assert "Anda tidak dapat mengangkat diri sendiri" in in_own_opd.content.decode()
    colleague = client.post(
        f"/people/{trust.work.sari.employee.pk}/",
        {"position": trust.health_desk.pk, "starts_on": "2026-04-02", "acting": "on"},
    )
    assert colleague.status_code == 200
    with in_city(trust.work.city):
        assert not Assignment.objects.filter(employee_id=own, starts_on=APRIL_DAY).exists()
        assert not Assignment.objects.filter(position=trust.health_desk).exists()
    # what the OPD admin may do: their own OPD's person to their own OPD's post
    ok = client.post(
        f"/people/{trust.work.sari.employee.pk}/",
        {"position": trust.edu_desk.pk, "starts_on": "2026-04-02", "acting": "on"},
    )
    assert ok.status_code == 302
    with in_city(trust.work.city):
        assert Assignment.objects.filter(position=trust.edu_desk, is_acting=True).count() == 1


def test_opd_admin_cannot_change_own_status(trust):
    client = login(trust.work.city, trust.opd_admin)
    own = trust.opd_admin.employee.pk
    client.post(f"/people/{own}/status/", {"status": "retired", "on": "2026-04-02"})
    with in_city(trust.work.city):
        from core.people.models import Employee

        assert Employee.objects.get(pk=own).status == "active"


# ------------------------------------------------------------------ logging on every path


def test_asn_cannot_log_an_activity_reserved_for_other_position_types(trust):
    from core.configuration.models import ActivityType
    from core.performance.models import ActivityEntry

    with in_city(trust.work.city):
        reserved = ActivityType.objects.create(
            code="JPT-01",
            name="Memimpin rapat pimpinan",
            output_unit="rapat",
            standard_minutes=60,
            position_types=["JPT_PRATAMA"],
            evidence_required=False,
        )
        count = ActivityEntry.objects.count()
    budi = login(trust.work.city, trust.work.budi)
    response = budi.post(
        "/api/v1/work/activities/",
        {"activity_type": reserved.pk, "volume": "1", "day": "2026-04-02"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "jenis jabatan" in response.json()["message"]
    page = budi.post(
        "/work/log/",
        {
            "activity_type": reserved.pk,
            "volume": "1",
            "day": "2026-04-02",
            "idempotency_key": "page-1",
        },
    )
    assert page.status_code < 500
    with in_city(trust.work.city):
        assert ActivityEntry.objects.count() == count
    kadis = login(trust.work.city, trust.work.kadis)  # a JPT Pratama may
    ok = kadis.post(
        "/api/v1/work/activities/",
        {"activity_type": reserved.pk, "volume": "1", "day": "2026-04-02"},
        content_type="application/json",
    )
    assert ok.status_code == 201


def test_patch_to_an_evidence_required_activity_without_evidence_is_refused(trust):
    from core.performance.models import ActivityEntry

    budi = login(trust.work.city, trust.work.budi)
    entry = trust.april[trust.work.budi.employee.pk]
    response = budi.patch(
        f"/api/v1/work/activities/{entry}/",
        {"activity_type": trust.work.photo_activity.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    with in_city(trust.work.city):
        assert ActivityEntry.objects.get(pk=entry).activity_type_id == trust.work.activity.pk


# ------------------------------------------------------------------ the second approver


def _threshold(work, monkeypatch, rupiah: int) -> None:
    """Set the city's approval threshold through the configuration service (or the
    fallback defaults, in a city without an adopted template)."""
    import dataclasses

    from core.configuration.policy import PolicyMissing
    from core.configuration.services import update_policy

    try:
        with in_city(work.city):
            update_policy({"correction_approval_rupiah": rupiah}, actor=Actor.system("tests"))
    except PolicyMissing:
        from core.performance import policy

        monkeypatch.setattr(
            policy,
            "_DEFAULTS",
            dataclasses.replace(policy._DEFAULTS, correction_approval_rupiah=rupiah),
        )


def test_large_correction_waits_for_a_second_approver(trust, monkeypatch):
    from core.audit.models import AuditEvent
    from core.performance.models import AttendanceRecord, Correction

    _threshold(trust.work, monkeypatch, 0)
    budi = trust.work.budi
    before = _tpp(trust.work, budi)
    asker = login(trust.work.city, trust.city_admin)
    response = _post_correction(
        asker,
        kind="attendance",
        employee=budi.employee.pk,
        day="2026-03-10",
        attendance_status="alpa",
        reason="ternyata alpa",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["result_after"]["tpp_paid"] < before  # what it would give
    assert _tpp(trust.work, budi) == before  # but nothing changed yet
    with in_city(trust.work.city):
        assert AttendanceRecord.objects.get(employee=budi.employee, day=MARCH_DAY).status == "hadir"
    correction = body["id"]
    # the one who asked cannot approve it, and does not see it as waiting for them
    assert asker.get("/api/v1/work/corrections/pending/").json() == []
    refused = asker.post(
        f"/api/v1/work/corrections/{correction}/decision/",
        {"approve": True},
        content_type="application/json",
    )
    assert refused.status_code == 403
    # nor can an ASN, nor the person corrected
    budi_client = login(trust.work.city, budi)
    assert (
        budi_client.post(
            f"/api/v1/work/corrections/{correction}/decision/",
            {"approve": True},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert _tpp(trust.work, budi) == before
    # a second administrator approves: it takes effect, audited
    second = login(trust.work.city, trust.work.cityadmin)
    waiting = second.get("/api/v1/work/corrections/pending/").json()
    assert [c["id"] for c in waiting] == [correction]
    approved = second.post(
        f"/api/v1/work/corrections/{correction}/decision/",
        {"approve": True},
        content_type="application/json",
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "applied"
    assert _tpp(trust.work, budi) == body["result_after"]["tpp_paid"]
    again = second.post(
        f"/api/v1/work/corrections/{correction}/decision/",
        {"approve": True},
        content_type="application/json",
    )
    assert again.status_code == 400
    with in_city(trust.work.city):
        stored = Correction.objects.get(pk=correction)
        assert stored.approver_id == trust.work.cityadmin.pk
        actions = list(
            AuditEvent.objects.filter(action__startswith="correction.").values_list(
                "action", flat=True
            )
        )
        assert "correction.attendance.requested" in actions
        assert "correction.attendance.approved" in actions


def test_rejected_correction_changes_nothing_and_needs_a_note(trust, monkeypatch):
    from core.performance.models import Correction

    _threshold(trust.work, monkeypatch, 0)
    budi = trust.work.budi
    before = _tpp(trust.work, budi)
    asker = login(trust.work.city, trust.city_admin)
    correction = _post_correction(
        asker,
        kind="attendance",
        employee=budi.employee.pk,
        day="2026-03-10",
        attendance_status="alpa",
        reason="ternyata alpa",
    ).json()["id"]
    second = login(trust.work.city, trust.opd_admin)  # Budi's OPD admin may decide too
    no_note = second.post(
        f"/api/v1/work/corrections/{correction}/decision/",
        {"approve": False},
        content_type="application/json",
    )
    assert no_note.status_code == 400
    rejected = second.post(
        f"/api/v1/work/corrections/{correction}/decision/",
        {"approve": False, "note": "Data mesin absensi benar"},
        content_type="application/json",
    )
    assert rejected.status_code == 200
    assert _tpp(trust.work, budi) == before
    with in_city(trust.work.city):
        assert Correction.objects.get(pk=correction).status == "rejected"


def test_other_opd_admin_cannot_decide_and_small_corrections_apply_at_once(
    trust, make_user, monkeypatch
):
    from core.performance.models import Correction

    health_admin = _place(
        trust.work,
        make_user,
        Role.OPD_ADMIN,
        "198001012005011103",
        "Admin Dinkes",
        trust.work.opd2,
    )
    _threshold(trust.work, monkeypatch, 0)
    asker = login(trust.work.city, trust.city_admin)
    correction = _post_correction(
        asker,
        kind="attendance",
        employee=trust.work.budi.employee.pk,
        day="2026-03-10",
        attendance_status="alpa",
        reason="ternyata alpa",
    ).json()["id"]
    other = login(trust.work.city, health_admin)
    assert other.get("/api/v1/work/corrections/pending/").json() == []
    response = other.post(
        f"/api/v1/work/corrections/{correction}/decision/",
        {"approve": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    _threshold(trust.work, monkeypatch, 10_000_000)
    small = _post_correction(
        asker,
        kind="attendance",
        employee=trust.work.tono.employee.pk,
        day="2026-03-10",
        attendance_status="alpa",
        reason="ternyata alpa",
    )
    assert small.json()["status"] == "applied"
    with in_city(trust.work.city):
        assert Correction.objects.get(pk=correction).status == "pending"


def test_pending_corrections_page_approves_in_place(trust, monkeypatch):
    _threshold(trust.work, monkeypatch, 0)
    asker = login(trust.work.city, trust.city_admin)
    correction = _post_correction(
        asker,
        kind="attendance",
        employee=trust.work.budi.employee.pk,
        day="2026-03-10",
        attendance_status="alpa",
        reason="ternyata alpa",
    ).json()["id"]
    own = asker.post(f"/work/corrections/{correction}/decision/", {"decision": "approve"})
    assert own.status_code == 302
    assert "Administrator kedua" in asker.get("/work/corrections/").content.decode()
    second = login(trust.work.city, trust.work.cityadmin)
    page = second.get("/work/corrections/")
    assert page.status_code == 200
    assert "ternyata alpa" in page.content.decode()
    second.post(f"/work/corrections/{correction}/decision/", {"decision": "approve"})
    assert "ternyata alpa" not in second.get("/work/corrections/").content.decode()
    assert login(trust.work.city, trust.work.budi).get("/work/corrections/").status_code == 403


def test_correction_page_refuses_own_data_in_place(trust):
    client = login(trust.work.city, trust.opd_admin)
    response = client.post(
        f"/work/periods/2026/3/correct/{trust.opd_admin.employee.pk}/",
        {"kind": "attendance", "day": "2026-03-10", "attendance_status": "hadir", "reason": "x"},
    )
    assert response.status_code == 403
    assert "Anda tidak dapat mengoreksi" in response.content.decode()


def test_position_type_check_adds_no_round_trip_to_logging(work):
    """The held position types come with the person lock (one statement), so logging
    keeps its statements: lock and preflight in one, insert and audit append in one
    (plus the rules reads)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.db import on_citus
    from core.performance.services.activities import log_activity

    log(work, work.budi, day=date(2026, 3, 9), volume="1")  # the month's period exists now
    with in_city(work.city), CaptureQueriesContext(connection) as queries:
        log_activity(
            actor=work.budi,
            activity_type_id=work.activity.pk,
            volume=Decimal(1),
            day=date(2026, 3, 10),
        )
    statements = [
        q["sql"] or "(prepared)"
        for q in queries.captured_queries
        if not (q["sql"] or "").startswith(("SAVEPOINT", "RELEASE", "SET search_path"))
    ]
    # the person lock with the preflight and the new entry's id (prepared), the city
    # screen's counters (prepared, core.command.counters), the insert with the audit
    # append (prepared), and, with the rules cache off in these tests, the city's policy
    # and calendar (3 reads); on Citus the id and the insert are sent apart (2 more)
    assert len(statements) == 6 + 2 * on_citus(), statements
    assert statements[0] == statements[-1] == "(prepared)"
