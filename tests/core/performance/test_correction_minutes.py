"""A late/early correction is at most one day's minutes (issue 20: 10^9 minutes late)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.accounts.services import issue_token
from core.performance.models import AttendanceRecord, Correction, Period
from core.performance.rules import day_minutes_problem
from core.performance.services.closing import close_period
from tests.conftest import client_for, in_city
from tests.core.performance.conftest import APRIL, complete_march


@pytest.mark.parametrize(
    ("_case", "late", "early", "ok"),
    [
        ("_none", None, None, True),
        ("_zero", 0, 0, True),
        ("_a_whole_day", 1440, 0, True),
        ("_one_past_a_day", 1441, 0, False),
        ("_a_billion", 10**9, 0, False),
        ("_negative_early", 0, -1, False),
    ],
)
def test_day_minutes_rule(_case, late, early, ok):
    assert (day_minutes_problem(late, early) is None) is ok


def _closed(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    with in_city(work.city):
        period = Period.objects.get(year=2026, month=3)
        close_period(period.pk, actor=work.cityadmin)


def test_a_billion_minutes_late_is_refused_and_nothing_changes(work, frozen_clock):
    from core.performance.services.corrections import correct_attendance

    _closed(work, frozen_clock)
    with in_city(work.city):
        before = list(AttendanceRecord.objects.values_list("pk", "late_minutes").order_by("pk"))
        with pytest.raises(ValidationError):
            correct_attendance(
                work.budi.employee.pk,
                date(2026, 3, 10),
                actor=work.cityadmin,
                reason="Salah ketik",
                status="hadir",
                late_minutes=10**9,
            )
        assert list(AttendanceRecord.objects.values_list("pk", "late_minutes").order_by("pk")) == (
            before
        )
        assert not Correction.objects.exists()


def test_the_api_answers_400_with_a_sentence(work, frozen_clock):
    _closed(work, frozen_clock)
    with in_city(work.city):
        key = issue_token(work.cityadmin)
    response = client_for(work.city).post(
        "/api/v1/work/corrections/",
        {
            "kind": "attendance",
            "employee": work.budi.employee.pk,
            "day": "2026-03-10",
            "attendance_status": "hadir",
            "late_minutes": 10**9,
            "reason": "Salah ketik",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 400
    assert "1.440" in response.json()["message"] or "1,440" in response.json()["message"]
