"""Mid-month estimates are pro-rated to the working days so far, say so, and the personal,
OPD and city figures come from one function and agree (issue 14 section 4)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from core.accounts.roles import Role
from core.performance.rules import days_counted
from core.templatetags.sinergi import percent
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY

D = date
MARCH = [D(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11)]


@pytest.mark.parametrize(
    ("_case", "days", "today", "expected"),
    [
        ("_ended_month_counts_every_day", [D(2026, 3, 2), D(2026, 3, 3)], D(2026, 4, 1), 2),
        ("_day_seven_counts_the_days_before_today", MARCH, D(2026, 3, 10), 6),
        ("_first_working_day_counts_itself", [D(2026, 3, 2), D(2026, 3, 3)], D(2026, 3, 2), 1),
        ("_weekend_before_the_first_day", [D(2026, 3, 2), D(2026, 3, 3)], D(2026, 3, 1), 1),
        ("_last_day_still_being_worked", [D(2026, 3, 30), D(2026, 3, 31)], D(2026, 3, 31), 1),
        ("_no_working_days", [], D(2026, 3, 10), 0),
    ],
)  # fmt: skip
def test_days_counted(_case, days, today, expected):
    assert len(days_counted(days, today)) == expected


def _fill_week(work, user, minutes_per_day: int) -> list[date]:
    """Verified work on every working day of March before today (a plain fixture write)."""
    from core.performance.models import ActivityEntry, EntryStatus
    from core.performance.policy import calendar_days

    now = timezone.now()
    with in_city(work.city):
        days = [d for d in calendar_days(2026, 3) if d < TODAY]
        employee = user.employee
        boss = work.kabid.employee
        ActivityEntry.objects.bulk_create(
            ActivityEntry(
                employee=employee,
                activity_type=work.activity,
                day=day,
                volume=Decimal(minutes_per_day // 30),
                minutes=minutes_per_day,
                status=EntryStatus.APPROVED,
                verifier=boss,
                decided_by=boss,
                decided_at=now,
                submitted_at=now,
                pending_since=now,
                created_by=user,
            )
            for day in days
        )
    return days


def test_estimate_on_day_seven_is_pro_rated_not_a_full_cut(work):
    """On 10 March, six full verified days are a 100 % workload so far, not 27 % of the
    whole month: the estimate is not "Rp0, the whole allowance is cut"."""
    from core.performance.dashboards import person_month

    days = _fill_week(work, work.budi, 300)
    with in_city(work.city):
        month = person_month(work.budi.employee, 2026, 3, TODAY)
    assert month["frozen"] is False
    assert month["basis"].days_counted == len(days) == 6
    assert month["basis"].working_days > month["basis"].days_counted
    assert month["basis"].partial is True
    assert month["target_minutes"] == 6 * 300
    assert month["workload_pct"] == Decimal("100.00")
    assert "full_cut" not in {line["code"] for line in month["tpp_lines"]}
    assert month["tpp_paid"] > 0


def test_personal_page_says_it_is_an_estimate_on_the_days_so_far(work):
    _fill_week(work, work.budi, 300)
    page = login(work.city, work.budi).get("/work/me/").content.decode()
    assert "Perkiraan" in page
    assert "6 hari kerja" in page
    assert "Predikat sementara" in page
    assert "Rp0" not in page


def test_statement_of_a_person_far_behind_says_if_the_month_ended_today(work):
    body = login(work.city, work.sari).get("/api/v1/work/statement/2026/3/").json()
    assert body["frozen"] is False and body["basis"]["partial"] is True
    full_cut = [line for line in body["lines"] if line["code"] == "full_cut"]
    assert full_cut and "Bila bulan berakhir hari ini" in full_cut[0]["text"]


def test_city_opd_and_personal_figures_agree(work, make_user):
    _fill_week(work, work.budi, 300)
    _fill_week(work, work.sari, 150)
    mayor = login(work.city, make_user(work.city, Role.EXECUTIVE, "walikota"))
    city = mayor.get("/api/v1/work/dashboard/city/").json()
    opd = mayor.get(f"/api/v1/work/dashboard/opd/{work.opd.pk}/").json()["ranking"]
    edu = next(r for r in city["opds"] if r["opd_id"] == work.opd.pk)
    workloads = [Decimal(r["workload_pct"]) for r in opd]
    assert edu["people"] == len(opd) == 4
    assert edu["progress_pct"] == round(sum(workloads) / len(workloads))
    assert edu["tpp_paid"] == sum(r["tpp_paid"] for r in opd)
    assert city["basis"]["days_counted"] == 6
    me = login(work.city, work.budi).get("/api/v1/work/dashboard/me/").json()["month"]
    budi = next(r for r in opd if r["employee_id"] == work.budi.employee.pk)
    for key in ("workload_pct", "result_score", "predicate", "tpp_paid", "target_minutes"):
        assert me[key] == budi[key], key
    # and the pages show the same figures
    page = mayor.get(f"/work/opd/?opd={work.opd.pk}").content.decode()
    with translation.override("id"):
        shown = percent(edu["progress_pct"])
    assert f'data-figure="progress">{shown}' in page
    assert "(sementara)" in page


def test_a_closed_month_is_final_not_an_estimate(work, frozen_clock):
    from tests.core.performance.conftest import APRIL, complete_march

    complete_march(work)
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    assert admin.post("/api/v1/work/periods/2026/3/close/").status_code == 200
    body = login(work.city, work.budi).get("/api/v1/work/statement/2026/3/").json()
    assert body["frozen"] is True and body["basis"]["closed"] is True
    assert body["basis"]["partial"] is False


def test_a_day_long_ago_in_the_month_does_not_move_the_basis(work):
    """Entries of future days cannot exist; entries of today are counted but today's
    target is not: the basis is the days before today."""
    _fill_week(work, work.budi, 300)
    with in_city(work.city):
        from core.performance.dashboards import month_basis

        basis, counted = month_basis(2026, 3, TODAY)
    assert counted[-1] == TODAY - timedelta(days=1)
    assert basis.last_counted == counted[-1]


@pytest.mark.parametrize(
    ("_case", "line", "expected"),
    [
        ("_whole", {"code": "performance_factor", "amount": 3_000_000, "pct": "60.00"}, "60,00"),
        ("_hundred", {"code": "performance_factor", "amount": 5_000_000, "pct": "100"}, "100,00"),
        ("_half", {"code": "late_1_30", "amount": -15_000, "pct": "0.50", "count": 1}, "0,50"),
        ("_twenty", {"code": "no_record_day", "amount": -10, "pct": "20.00", "count": 5}, "20,00"),
    ],
)  # fmt: skip
def test_statement_percentages_are_plain_indonesian_numbers(_case, line, expected):
    from django.utils import translation

    from core.performance.statement import explain

    with translation.override("id"):
        text = explain(line)
    # as every page writes a percentage ("0,50 %"), a cut with the table's minus sign
    assert f"{expected}\u00a0%" in text and "E+" not in text, text
    assert ("dari TPP dasar (−Rp" in text) == (line["amount"] < 0), text


def test_city_dashboard_queries_do_not_grow_with_people(work, make_user):
    """The city figures are set-based: more people and entries, the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.performance.dashboards import city_overview

    _fill_week(work, work.budi, 300)
    with in_city(work.city):
        city_overview(TODAY)  # the first read of a month creates its period row
        with CaptureQueriesContext(connection) as before:
            city_overview(TODAY)
    _fill_week(work, work.sari, 300)
    _fill_week(work, work.kabid, 300)
    with in_city(work.city), CaptureQueriesContext(connection) as after:
        overview = city_overview(TODAY)
    assert overview["totals"]["people"] == 6
    assert _statements(after) == _statements(before)


def _statements(captured) -> int:
    """Queries run, not counting the schema switch django-tenants may repeat."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))
