"""Closing a month: the preview (computed without writing), blockers by name with links,
Rp0 and why, the distribution check, and the explicit confirmation (issue 14 section 6)."""

from __future__ import annotations

from core.accounts.roles import Role
from core.audit.models import AuditEvent
from core.performance.models import MonthlyResult, Period
from tests.conftest import in_city, login
from tests.core.performance.conftest import APRIL, complete_march, log


def _preview(client) -> dict:
    response = client.get("/api/v1/work/periods/2026/3/preview/")
    assert response.status_code == 200, response.content
    return response.json()


def _nothing_frozen(work) -> None:
    with in_city(work.city):
        assert MonthlyResult.objects.count() == 0
        assert Period.objects.get(year=2026, month=3).status == "open"


def test_preview_shows_what_the_close_would_freeze_and_writes_nothing(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    preview = _preview(admin)
    assert preview["people"] == 6 and preview["can_close"] is True
    assert sum(preview["predicates"].values()) == 6
    assert preview["predicate_labels"]["butuh_perbaikan"] == "Butuh Perbaikan"
    assert preview["blockers"] == {"unverified": 0, "behaviour": 0, "attendance": 0}
    page = admin.get("/work/periods/2026/3/")
    body = page.content.decode()
    assert "Pratinjau tutup bulan" in body and "Maret 2026" in body
    assert 'name="confirm" value="2026-03"' in body
    assert 'id="preview-not-ended"' not in body  # an ended month: no mid-month warning
    _nothing_frozen(work)
    # the close freezes exactly what the preview showed
    seen = page.context["preview"].fingerprint
    admin.post("/work/periods/2026/3/close/", {"confirm": "2026-03", "seen": seen})
    with in_city(work.city):
        frozen = list(MonthlyResult.objects.values_list("tpp_paid", flat=True))
    assert len(frozen) == 6 and sum(frozen) == preview["tpp_paid"]
    closed = admin.get("/work/periods/2026/3/").content.decode()
    assert "Yang dibekukan" in closed


def test_close_needs_the_confirmation_naming_the_month(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    seen = _preview(admin)["fingerprint"]
    one_click = admin.post("/work/periods/2026/3/close/", follow=True)
    assert "Centang konfirmasi" in one_click.content.decode()
    wrong_month = admin.post("/work/periods/2026/3/close/", {"confirm": "2026-02", "seen": seen})
    assert wrong_month.status_code == 302
    _nothing_frozen(work)


def test_close_refuses_figures_that_changed_since_the_preview(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    response = admin.post(
        "/work/periods/2026/3/close/",
        {"confirm": "2026-03", "seen": "0000000000000000"},
        follow=True,
    )
    assert "Angka berubah sejak Anda membuka pratinjau" in response.content.decode()
    _nothing_frozen(work)
    api = admin.post(
        "/api/v1/work/periods/2026/3/close/",
        {"fingerprint": "0000000000000000"},
        content_type="application/json",
    )
    assert api.status_code == 409
    _nothing_frozen(work)


def test_double_submit_closes_once(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    form = {"confirm": "2026-03", "seen": _preview(admin)["fingerprint"]}
    admin.post("/work/periods/2026/3/close/", form)
    again = admin.post("/work/periods/2026/3/close/", form, follow=True)
    assert "Bulan ini sudah ditutup; tidak ada yang diubah." in again.content.decode()
    with in_city(work.city):
        assert MonthlyResult.objects.count() == 6
        assert AuditEvent.objects.filter(action="period.closed").count() == 1


def test_blockers_are_listed_by_name_with_where_to_resolve_them(work, frozen_clock):
    from core.performance.models import BehaviourRating

    complete_march(work)
    with in_city(work.city):
        BehaviourRating.objects.filter(employee=work.sari.employee).delete()
    waiting = log(work, work.budi, volume="1").entry  # submitted, not verified
    assert waiting.status == "submitted"
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    preview = _preview(admin)
    assert preview["can_close"] is False
    assert preview["blockers"]["unverified"] == 1 and preview["blockers"]["behaviour"] == 1
    unverified = preview["blocked"]["unverified"][0]
    assert unverified["name"] == "Budi Santoso" and unverified["waiting"] == 1
    assert unverified["supervisor_name"] == "Kabid SD"
    behaviour = preview["blocked"]["behaviour"][0]
    assert behaviour["name"] == "Sari Wulandari" and behaviour["supervisor_name"] == "Kabid SD"
    body = admin.get("/work/periods/2026/3/").content.decode()
    sari = work.sari.employee.pk
    # the admin cannot rate (only the rater may): the page names the person and the rater,
    # and offers no link that would answer 404
    assert f"/work/team/{sari}/behaviour/" not in body
    assert "Sari Wulandari" in body and "Kabid SD" in body and "Budi Santoso" in body
    assert 'id="confirm-close"' not in body
    # the rater opens the rating page of that month
    rate = login(work.city, work.kabid).get(f"/work/team/{sari}/behaviour/?year=2026&month=3")
    assert rate.status_code == 200
    _nothing_frozen(work)


def test_people_at_rp0_are_named_with_the_reason(work, frozen_clock):
    from core.performance.models import ActivityEntry

    complete_march(work)
    with in_city(work.city):
        ActivityEntry.objects.filter(employee=work.tono.employee).delete()
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    preview = _preview(admin)
    zero = {p["name"]: p["reason"] for p in preview["zero_people"]}
    assert zero.get("Tono Prasetyo") == "full_cut"
    assert preview["zero_tpp"] == len(preview["zero_people"])
    body = admin.get("/work/periods/2026/3/").content.decode()
    assert "nilai hasil kerja di bawah batas minimal: seluruh tunjangan dipotong" in body


def test_distribution_check_uses_the_opds_organisation_predicate(work, frozen_clock):
    from core.talent.models import AssessmentRound

    complete_march(work)
    with in_city(work.city):
        # "Baik" needs at least one Butuh Perbaikan or Kurang among the staff
        AssessmentRound.objects.create(
            opd=work.opd, year=2026, kind="annual", period_no=0, org_predicate="baik"
        )
    frozen_clock.move_to(APRIL)
    preview = _preview(login(work.city, work.cityadmin))
    curve = {c["name"]: c for c in preview["curve"]}
    edu, health = curve["Dinas Pendidikan"], curve["Dinas Kesehatan"]
    assert edu["checked"] is True and edu["org_predicate"] == "Baik"
    predicates = edu["predicates"]
    if predicates["butuh_perbaikan"] + predicates["kurang"] == 0:
        assert edu["violations"], edu
    assert health["checked"] is False and health["violations"] == []


def test_preview_is_for_admins_in_their_scope_only(work, make_user, frozen_clock):
    from datetime import date

    from core.organisation.models import Position
    from core.people.models import Assignment, Employee

    complete_march(work)
    admin = make_user(work.city, Role.OPD_ADMIN, "198811112012121001", "Admin Dinkes")
    with in_city(work.city):
        person = Employee.objects.create(
            nip=admin.username, name="Admin Dinkes", asn_type="PNS", user=admin
        )
        desk = Position.objects.create(
            name="Admin Kepegawaian", org_unit=work.opd2, kelas_jabatan=7
        )
        Assignment.objects.create(employee=person, position=desk, starts_on=date(2026, 4, 1))
    frozen_clock.move_to(APRIL)
    scoped = _preview(login(work.city, admin))
    assert scoped["people"] == 2 and scoped["opd"] == work.opd2.pk
    assert [c["name"] for c in scoped["curve"]] == ["Dinas Kesehatan"]
    asn = login(work.city, work.budi)
    assert asn.get("/api/v1/work/periods/2026/3/preview/").status_code == 403
    assert asn.get("/work/periods/2026/3/").status_code == 403
    assert (
        login(work.city, work.cityadmin).get("/api/v1/work/periods/2026/13/preview/").status_code
        == 404
    )


def test_current_month_preview_says_when_it_can_be_closed(work):
    body = login(work.city, work.cityadmin).get("/work/periods/2026/3/").content.decode()
    assert "Bulan ini dapat ditutup setelah 31 Maret 2026." in body
    assert 'id="confirm-close"' not in body
    # Said first, above the figures: mid-month they are far below where the month ends.
    notice = body.index('id="preview-not-ended"')
    assert notice < body.index('id="preview-summary"')
    assert "Bulan ini belum berakhir" in body


def test_preview_queries_do_not_grow_with_the_people_named(work, frozen_clock):
    """Names, OPDs, waiting entries and supervisors come in a few queries, not per person."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.performance.close_preview import close_preview
    from core.performance.models import BehaviourRating

    complete_march(work)
    frozen_clock.move_to(APRIL)
    with in_city(work.city):
        period = Period.objects.get(year=2026, month=3)
        BehaviourRating.objects.filter(employee=work.sari.employee).delete()
        close_preview(period)  # warm: the first read of a month may create rows
        with CaptureQueriesContext(connection) as one:
            assert close_preview(period).blocked_counts["behaviour"] == 1
        BehaviourRating.objects.all().delete()
        with CaptureQueriesContext(connection) as many:
            assert close_preview(period).blocked_counts["behaviour"] == 4
    assert _statements(many) == _statements(one)


def _statements(captured) -> int:
    """Queries run, not counting the schema switch django-tenants may repeat."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))
