"""A 10^9-minutes-late correction is refused (issue 20); the bound is
core.performance.rules.attendance_correction_problem, tested in test_trust_rules.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.accounts.services import issue_token
from core.performance.models import AttendanceRecord, Correction, Period
from core.performance.services.closing import close_period
from tests.conftest import client_for, in_city
from tests.core.performance.conftest import APRIL, complete_march


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
    assert "540" in response.json()["message"]
