"""The mentoring plan and log, the monthly report, the APEKSI overview and mentor search."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from onboarding.models import CityMetrics, TrainingSession
from partnerships.models import ActionItem, Member, MonthlyReport
from partnerships.services import adoption
from tests.conftest import host_of, in_city, login

ALL_DONE = {
    k: True
    for k in (
        "configuration", "org_units", "positions", "asn", "activated", "supervisors",
        "first_month", "training",
    )
}  # fmt: skip


def test_visit_with_two_actions_for_the_adopter_admin(
    partnership, surabaya, jambi, mentor_user, jbi_admin, jbi_clerk, sby_admin
):
    from core.audit.models import AuditEvent

    target = Member.objects.get(partnership=partnership, city=jambi, user_id=jbi_admin.pk)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = login(surabaya, mentor_user).post(
        f"/partnerships/{partnership.pk}/meetings/",
        {
            "kind": "visit",
            "held_on": timezone.localdate().isoformat(),
            "place": "BKPSDM Kota Jambi",
            "participants": "Tim Surabaya, tim Jambi",
            "minutes": "Pendampingan penutupan bulan.",
            "action-0-title": "Aktifkan akun pegawai Dinas Kesehatan",
            "action-0-member": target.pk,
            "action-0-due_on": due,
            "action-1-title": "Tetapkan atasan untuk pegawai tanpa atasan",
            "action-1-member": target.pk,
            "action-1-due_on": due,
        },
    )
    assert response.status_code == 302
    first, second = ActionItem.objects.order_by("id")
    assert (first.assignee_city, first.assignee_username, first.status) == (
        jambi,
        "jbi-admin",
        "open",
    )
    admin = login(jambi, jbi_admin)
    index = admin.get("/partnerships/").content.decode()
    assert first.title in index and second.title in index
    # Someone else of Jambi cannot close it; Surabaya's admin cannot close Jambi's action.
    assert (
        login(jambi, jbi_clerk)
        .post(f"/partnerships/actions/{first.pk}/close/", {"status": "done"})
        .status_code
        == 403
    )
    login(surabaya, sby_admin).post(f"/partnerships/actions/{first.pk}/close/", {"status": "done"})
    first.refresh_from_db()
    assert first.status == "open"
    admin.post(f"/partnerships/actions/{first.pk}/close/", {"status": "done", "next": "index"})
    first.refresh_from_db()
    assert (first.status, first.closed_by_label) == ("done", "Joko Admin Jambi")
    for city in (surabaya, jambi):
        with in_city(city):
            assert AuditEvent.objects.filter(action="partnership.action_closed").count() == 1
            assert AuditEvent.objects.filter(action="partnership.meeting_recorded").count() == 1
    # A second close is refused and changes nothing.
    admin.post(f"/partnerships/actions/{first.pk}/close/", {"status": "dropped"})
    first.refresh_from_db()
    assert first.status == "done"


def test_meeting_refuses_an_assignee_outside_the_partnership(partnership, surabaya, mentor_user):
    response = login(surabaya, mentor_user).post(
        f"/partnerships/{partnership.pk}/meetings/",
        {
            "kind": "meeting",
            "held_on": timezone.localdate().isoformat(),
            "minutes": "x",
            "action-0-title": "y",
            "action-0-member": 999999,
            "action-0-due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert not partnership.meetings.exists()


def test_milestones_measured_from_data_or_confirmed_by_hand(
    partnership, jambi, surabaya, mentor_user
):
    now = timezone.now()
    CityMetrics.objects.create(
        city=jambi,
        taken_on=date(2026, 4, 30),
        taken_at=now,
        checklist={**ALL_DONE, "training": False},
    )
    CityMetrics.objects.create(
        city=jambi, taken_on=date(2026, 5, 2), taken_at=now, checklist=ALL_DONE
    )
    CityMetrics.objects.create(
        city=jambi, taken_on=date(2026, 6, 3), taken_at=now, checklist=ALL_DONE, months_closed=1
    )
    TrainingSession.objects.create(
        city=jambi, held_on=date(2026, 2, 15), topic="Admin", recorded_by_label="t"
    )
    states = {
        row["milestone"].kind: row["state"] for row in adoption.milestones_with_state(partnership)
    }
    assert (states["training_done"].done_on, states["training_done"].source) == (
        date(2026, 2, 15),
        "data",
    )
    assert (states["go_live"].done_on, states["go_live"].source) == (date(2026, 5, 2), "data")
    assert states["first_month_closed"].done_on == date(2026, 6, 3)
    assert states["pilot_run"].state != "done"
    pilot = partnership.milestones.get(kind="pilot_run")
    client = login(surabaya, mentor_user)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.post(f"/partnerships/{partnership.pk}/milestones/{pilot.pk}/confirm/", {"on": future})
    pilot.refresh_from_db()
    assert pilot.confirmed_on is None
    client.post(
        f"/partnerships/{partnership.pk}/milestones/{pilot.pk}/confirm/", {"on": "2026-03-20"}
    )
    states = {
        row["milestone"].kind: row["state"] for row in adoption.milestones_with_state(partnership)
    }
    assert (states["pilot_run"].done_on, states["pilot_run"].source) == (date(2026, 3, 20), "hand")
    assert adoption.stage_of(partnership).reached == "first_month_closed"


def test_monthly_report_signed_by_both_heads(
    partnership, surabaya, jambi, mentor_user, sby_admin, jbi_admin, jbi_clerk
):
    today = timezone.localdate()
    url = f"/partnerships/{partnership.pk}/reports/{today.year}/{today.month}/"
    mentor = login(surabaya, mentor_user)
    assert mentor.post(url + "prepare/").status_code == 302
    report = MonthlyReport.objects.get()
    assert {"milestones", "adoption", "open_actions", "risks"} <= set(report.content)
    page = mentor.get(url).content.decode()
    assert "Laporan pemantauan" in page and "Tahapan" in page
    assert mentor.get(url + "pdf/").content.startswith(b"%PDF-")
    mentor.post(url + "sign/")  # a mentor is not the head of BKPSDM
    report.refresh_from_db()
    assert report.signed_a_at is None
    login(surabaya, sby_admin).post(url + "sign/")
    login(jambi, jbi_admin).post(url + "sign/")
    report.refresh_from_db()
    assert (report.signed_a_by, report.signed_b_by) == ("Sri Admin Surabaya", "Joko Admin Jambi")
    before = report.content
    mentor.post(url + "prepare/")  # signed: frozen
    report.refresh_from_db()
    assert report.content == before
    assert login(jambi, jbi_clerk).get(url).status_code == 403


def test_operator_overview_and_mentor_search(partnership, jambi, jbi_admin, operator):
    from partnerships.services import plan
    from tests.partnerships.conftest import actor

    plan.offer_practice(
        partnership, actor=actor(jbi_admin, jambi), title="Wisata sungai Batanghari"
    )
    client = login(None, operator)
    page = client.get("/partnerships/").content.decode()
    assert "Kota Surabaya" in page and "Kota Jambi" in page and 'id="mentor-load"' in page
    assert client.get(f"/partnerships/{partnership.pk}/").status_code == 200
    assert client.get(f"/partnerships/{partnership.pk}/adoption/").status_code == 200
    api = APIClient(HTTP_HOST=host_of(None))
    api.force_authenticate(operator)
    body = api.get("/api/v1/apeksi/partnerships/overview/").json()
    assert body["mentor_load"] == [{"city": "surabaya", "open_partnerships": 1}]
    assert body["partnerships"][0]["id"] == partnership.pk
    assert [m["city"] for m in api.get("/api/v1/apeksi/mentors/?q=wisata").json()] == ["jambi"]
    assert [m["city"] for m in api.get("/api/v1/apeksi/mentors/?q=e-performance").json()] == [
        "surabaya"
    ]
    city_api = APIClient(HTTP_HOST=host_of(jambi))
    city_api.force_authenticate(jbi_admin)
    assert city_api.get("/api/v1/apeksi/partnerships/overview/").status_code == 404


def test_milestone_rescheduled_over_the_api_and_audited(
    partnership, surabaya, mentor_user, sby_clerk
):
    milestone = partnership.milestones.get(kind="go_live")
    api = APIClient(HTTP_HOST=host_of(surabaya))
    api.force_authenticate(sby_clerk)
    url = f"/api/v1/partnerships/{partnership.pk}/milestones/{milestone.pk}/reschedule/"
    assert api.post(url, {"due_on": "2026-07-01"}, format="json").status_code == 403
    api.force_authenticate(mentor_user)
    response = api.post(url, {"due_on": "2026-07-01"}, format="json")
    assert response.status_code == 200
    milestone.refresh_from_db()
    assert milestone.due_on == date(2026, 7, 1)
    assert partnership.events.filter(action="milestone_rescheduled").count() == 1
