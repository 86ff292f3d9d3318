"""Attendance import: all-or-nothing with a per-row report; minutes computed at import."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from core.performance.models import AttendanceRecord
from core.performance.services.attendance import import_attendance
from tests.conftest import in_city, login


def _csv(*rows: str) -> bytes:
    return ("nip,tanggal,jam_masuk,jam_pulang,status\n" + "\n".join(rows)).encode()


def test_imports_and_computes_late_and_early_minutes(work):
    nip = work.budi.username
    data = _csv(
        f"{nip},2026-03-09,07:45,16:00,hadir",  # Monday: 15 late, on time out
        f"{nip},13/03/2026,07:30,16:00,hadir",  # Friday ends 16:30: 30 early
        f"{nip},2026-03-10,,,Dinas Luar",
        f"{nip},2026-03-11,07:20,,hadir",  # no tap out
    )
    with in_city(work.city):
        report = import_attendance(data, "absen.csv", actor=work.cityadmin)
        assert report.ok and report.imported == 4
        rows = {r.day: r for r in AttendanceRecord.objects.all()}
        assert (rows[date(2026, 3, 9)].late_minutes, rows[date(2026, 3, 9)].early_minutes) == (
            15,
            0,
        )
        assert rows[date(2026, 3, 13)].early_minutes == 30
        assert rows[date(2026, 3, 10)].status == "dinas luar"
        assert rows[date(2026, 3, 11)].early_minutes is None
        assert AuditEvent.objects.filter(action="attendance.imported").count() == 1


def test_bad_rows_are_reported_and_nothing_is_written(work):
    nip = work.budi.username
    data = _csv(
        f"{nip},2026-03-09,07:45,16:00,hadir",
        "999999999999999999,2026-03-09,07:45,16:00,hadir",
        f"{nip},2026-02-30,07:45,16:00,hadir",
        f"{nip},2026-03-10,7 pagi,16:00,hadir",
        f"{nip},2026-03-11,07:45,16:00,libur",
        f"{nip},2026-03-09,07:30,16:00,hadir",
    )
    with in_city(work.city):
        report = import_attendance(data, "absen.csv", actor=work.cityadmin)
        assert not report.ok
        assert [(p.row, p.column) for p in report.problems] == [
            (3, "nip"),
            (4, "tanggal"),
            (5, "jam_masuk"),
            (6, "status"),
            (7, "tanggal"),
        ]
        assert not AttendanceRecord.objects.exists()


def test_missing_columns_are_reported(work):
    with in_city(work.city):
        report = import_attendance(b"nip,tanggal\n1,2026-03-09", "x.csv", actor=work.cityadmin)
    assert not report.ok and "jam_masuk" in report.problems[0].column


def test_page_is_for_the_city_admin_only(work):
    data = _csv(f"{work.budi.username},2026-03-09,07:30,16:00,hadir")
    assert login(work.city, work.budi).get("/work/attendance/").status_code == 403
    client = login(work.city, work.cityadmin)
    response = client.post("/work/attendance/", {"file": SimpleUploadedFile("a.csv", data)})
    assert response.status_code == 302
    bad = client.post("/work/attendance/", {"file": SimpleUploadedFile("a.csv", b"nip\n1")})
    assert bad.status_code == 400
    with in_city(work.city):
        assert AttendanceRecord.objects.count() == 1


def test_jambi_cannot_import_into_surabaya(work, jambi, make_user):
    from core.accounts.roles import Role

    jambi_admin = make_user(jambi, Role.CITY_ADMIN, "admin-jambi")
    client = login(jambi, jambi_admin)
    client.defaults["HTTP_HOST"] = "surabaya.localhost"
    response = client.post(
        "/work/attendance/",
        {"file": SimpleUploadedFile("a.csv", _csv(f"{work.budi.username},2026-03-09,,,alpa"))},
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with in_city(work.city):
        assert not AttendanceRecord.objects.exists()
