"""Closing a month: blockers, the set-based pass, immutability, corrections, payroll."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.performance.models import (
    ActivityEntry,
    Correction,
    EntryStatus,
    MonthlyResult,
    Period,
    PeriodStatus,
)
from core.performance.rules import (
    AttendanceDay,
    AttendanceStatus,
    attendance_summary,
    result_score,
    tpp,
    workload_pct,
)
from core.performance.services.closing import CloseBlocked, close_period, month_preview
from tests.conftest import in_city, login
from tests.core.performance.conftest import APRIL, TPP_BASE, attendance_csv, complete_march, log


def _period(work) -> Period:
    with in_city(work.city):
        return Period.objects.get_or_create(year=2026, month=3)[0]


def _close(work, actor=None, opd_id=None) -> int:
    with in_city(work.city):
        return close_period(_period(work).pk, actor=actor or work.cityadmin, opd_id=opd_id)


def test_blockers_name_unverified_entries_missing_ratings_and_attendance(work, frozen_clock):
    log(work, work.budi)
    frozen_clock.move_to(APRIL)
    with in_city(work.city):
        _people, blockers = month_preview(_period(work))
    budi, sari, kabid, tono = (u.employee.pk for u in (work.budi, work.sari, work.kabid, work.tono))
    assert blockers.people["unverified"] == [budi]
    assert blockers.unverified_entries == 1
    assert sorted(blockers.people["behaviour"]) == sorted(
        [kabid, budi, sari, tono]
    )  # heads need none
    assert len(blockers.people["attendance"]) == 6


def test_close_is_refused_while_blocked_and_the_month_stays_open(work, frozen_clock):
    log(work, work.budi)
    frozen_clock.move_to(APRIL)
    with pytest.raises(CloseBlocked):
        _close(work)
    with in_city(work.city):
        assert Period.objects.get(year=2026, month=3).status == PeriodStatus.OPEN
        assert not MonthlyResult.objects.exists()


def test_a_month_cannot_close_before_its_last_day(work):
    with pytest.raises(ValidationError) as caught:
        _close(work)
    assert caught.value.code == "not_ended"


def test_closes_month_freezes_results_and_writes_audit_event(work, frozen_clock):
    late_day = date(2026, 3, 9)
    complete_march(work, late={(work.budi.pk, late_day): "07:45"})  # 15 minutes late
    frozen_clock.move_to(APRIL)
    assert _close(work) == 6
    with in_city(work.city):
        period = Period.objects.get(year=2026, month=3)
        assert period.status == PeriodStatus.CLOSED and period.policy_snapshot
        budi = MonthlyResult.objects.get(period=period, employee__user=work.budi)
        from core.performance.policy import calendar_days, performance_policy

        policy = performance_policy(2026, 3)
        days = len(calendar_days(2026, 3))
        assert budi.working_days == days
        assert budi.verified_minutes == 14 * 30
        workload = workload_pct(420, days * policy.minutes_per_day)
        score = result_score(workload, Decimal(120), policy)
        summary = attendance_summary(
            [AttendanceDay(AttendanceStatus.HADIR, 15, 0)]
            + [AttendanceDay(AttendanceStatus.HADIR)] * (days - 1),
            working_days=days,
            policy=policy,
        )
        expected = tpp(base=TPP_BASE[7], score=score, attendance=summary, policy=policy)
        assert (budi.workload_pct, budi.result_score) == (workload, score)
        assert (budi.tpp_paid, budi.cut_pct) == (expected.paid, Decimal("0.50"))
        assert budi.iki_pct == Decimal(120)
        assert budi.tpp_paid > 0
        assert budi.predicate == "butuh_perbaikan"  # results below 80, behaviour meets
        event = AuditEvent.objects.get(action="period.closed")
        assert event.after["people"] == 6


def test_close_runs_a_fixed_number_of_queries(work, frozen_clock, django_assert_max_num_queries):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    with django_assert_max_num_queries(20):
        _close(work)


def test_second_close_is_rejected(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    _close(work)
    with pytest.raises(ValidationError) as caught:
        _close(work)
    assert caught.value.code == "already_closed"


def test_stored_results_equal_the_live_computation(work, frozen_clock):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from core.performance.policy import calendar_days, performance_policy
    from core.performance.results import compute_month

    complete_march(work, late={(work.sari.pk, date(2026, 3, 10)): "08:05"})  # 45 min late
    frozen_clock.move_to(APRIL)
    with in_city(work.city):
        live = {
            p.employee_id: p.values
            for p in compute_month(
                _period(work), performance_policy(2026, 3), calendar_days(2026, 3)
            )
        }
    assert _close(work) == len(live) == 6
    with in_city(work.city):
        for result in MonthlyResult.objects.all():
            expected = dict(live[result.employee_id])
            expected["tpp_lines"] = json.loads(
                json.dumps(expected["tpp_lines"], cls=DjangoJSONEncoder)
            )
            stored = {name: getattr(result, name) for name in expected if name != "computed_at"}
            assert stored == {k: v for k, v in expected.items() if k != "computed_at"}


def test_an_opd_closes_alone_and_the_city_closes_the_rest(work, frozen_clock):
    from core.performance.models import UnitClosure

    complete_march(work)
    frozen_clock.move_to(APRIL)
    assert _close(work, opd_id=work.opd.pk) == 4
    with in_city(work.city):
        period = Period.objects.get(year=2026, month=3)
        assert period.status == PeriodStatus.OPEN
        assert UnitClosure.objects.filter(period=period, opd=work.opd).exists()
        first = {r.employee_id: (r.opd_id, r.computed_at) for r in MonthlyResult.objects.all()}
        assert {opd for opd, _at in first.values()} == {work.opd.pk}
        event = AuditEvent.objects.get(action="period.opd_closed")
        assert (event.after["opd"], event.after["people"]) == (work.opd.pk, 4)
    assert _close(work) == 2
    with in_city(work.city):
        results = {r.employee_id: (r.opd_id, r.computed_at) for r in MonthlyResult.objects.all()}
        assert len(results) == 6
        assert {k: v for k, v in results.items() if k in first} == first
        assert Period.objects.get(pk=period.pk).status == PeriodStatus.CLOSED


def test_every_write_is_refused_in_a_closed_month(work, frozen_clock):
    from core.performance.services.activities import (
        log_activity,
        resubmit_activity,
        withdraw_activity,
    )
    from core.performance.services.attendance import import_attendance
    from core.performance.services.monthly import assign_target, confirm_target, rate_behaviour
    from core.performance.services.verification import verify_activity

    entries = complete_march(work)
    rejected = log(work, work.sari, volume="1").entry
    with in_city(work.city):
        verify_activity(rejected.pk, actor=work.kabid, approve=False, reason="Bukti kurang")
    frozen_clock.move_to(APRIL)
    _close(work)
    levels = {
        name: "diatas"
        for name in (
            "berorientasi_pelayanan",
            "akuntabel",
            "kompeten",
            "harmonis",
            "loyal",
            "adaptif",
            "kolaboratif",
        )
    }
    writes = [
        lambda: log_activity(
            actor=work.budi,
            activity_type_id=work.activity.pk,
            volume=Decimal(1),
            day=date(2026, 3, 31),
        ),
        lambda: resubmit_activity(rejected.pk, actor=work.sari, volume=Decimal(1)),
        lambda: withdraw_activity(rejected.pk, actor=work.sari),
        lambda: rate_behaviour(
            actor=work.kabid, employee_id=work.budi.employee.pk, year=2026, month=3, levels=levels
        ),
        lambda: assign_target(
            actor=work.kabid,
            employee_id=work.budi.employee.pk,
            year=2026,
            month=3,
            indicator_id=work.indicator.pk,
            target=5,
        ),
        lambda: confirm_target(entries["target"].pk, actor=work.kabid),
    ]
    with in_city(work.city):
        events = AuditEvent.objects.count()
        for write in writes:
            with pytest.raises(ValidationError):
                write()
        report = import_attendance(attendance_csv(work), "again.csv", actor=work.cityadmin)
        assert not report.ok and {p.column for p in report.problems} == {"tanggal"}
        assert AuditEvent.objects.count() == events
        assert ActivityEntry.objects.get(pk=rejected.pk).status == EntryStatus.REJECTED


def test_correction_recomputes_exactly_the_affected_person(work, frozen_clock):
    from core.performance.services.corrections import correct_attendance

    complete_march(work)
    frozen_clock.move_to(APRIL)
    _close(work)
    with in_city(work.city):
        before = {r.employee_id: (r.tpp_paid, r.computed_at) for r in MonthlyResult.objects.all()}
        budi = work.budi.employee.pk
        correction = correct_attendance(
            budi,
            date(2026, 3, 10),
            actor=work.cityadmin,
            reason="Mesin absensi rusak: ternyata alpa",
            status="alpa",
        )
        after = {r.employee_id: (r.tpp_paid, r.computed_at) for r in MonthlyResult.objects.all()}
        assert after[budi][0] < before[budi][0]
        assert {k: v for k, v in after.items() if k != budi} == {
            k: v for k, v in before.items() if k != budi
        }
        assert correction.result_before["tpp_paid"] == before[budi][0]
        assert correction.result_after["tpp_paid"] == after[budi][0]
        assert Correction.objects.count() == 1
        assert AuditEvent.objects.filter(action="correction.attendance").count() == 1


def test_correction_needs_a_reason_and_a_closed_month(work):
    from core.performance.services.corrections import correct_attendance

    with in_city(work.city):
        with pytest.raises(ValidationError):
            correct_attendance(
                work.budi.employee.pk,
                date(2026, 3, 10),
                actor=work.cityadmin,
                reason="x",
                status="alpa",
            )
        with pytest.raises(ValidationError):
            correct_attendance(
                work.budi.employee.pk,
                date(2026, 3, 10),
                actor=work.cityadmin,
                reason="",
                status="alpa",
            )


def test_close_page_and_payroll_exports(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    client = login(work.city, work.cityadmin)
    page = client.get("/work/periods/2026/3/")
    assert page.status_code == 200
    seen = page.context["preview"].fingerprint
    response = client.post("/work/periods/2026/3/close/", {"confirm": "2026-03", "seen": seen})
    assert response.status_code == 302
    csv = client.get(f"/work/periods/2026/3/payroll.csv?opd={work.opd.pk}")
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("nip,nama")
    assert len(text.splitlines()) == 1 + 4  # Dinas Pendidikan: four people
    xlsx = client.get(f"/work/periods/2026/3/payroll.xlsx?opd={work.opd.pk}")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.max_row == 5


def test_asn_cannot_close_or_export(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    client = login(work.city, work.budi)
    assert client.post("/work/periods/2026/3/close/").status_code == 403
    assert client.post("/api/v1/work/periods/2026/3/close/").status_code == 403
    with in_city(work.city):
        assert Period.objects.get(year=2026, month=3).status == PeriodStatus.OPEN


def test_statement_explains_each_line(work, frozen_clock):
    complete_march(work, late={(work.budi.pk, date(2026, 3, 9)): time(7, 45).strftime("%H:%M")})
    frozen_clock.move_to(APRIL)
    _close(work)
    client = login(work.city, work.budi)
    body = client.get("/api/v1/work/statement/2026/3/").json()
    codes = [line["code"] for line in body["lines"]]
    assert codes[:2] == ["base", "performance_factor"]
    assert "late_1_30" in codes
    assert body["tpp_paid"] == sum(line["amount"] for line in body["lines"][1:])
    page = client.get("/work/statement/2026/3/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    html = page.content.decode()
    # Budi's indicator confirmed at 120 %: written as every percentage on the page
    assert "120,00\u00a0%" in html and "120.00" not in html
    assert "dari TPP dasar (−Rp" in html  # the late arrival's cut, with the table's minus
