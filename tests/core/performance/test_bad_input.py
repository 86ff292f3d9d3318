"""Bad input to daily work answers 400 or 404 with a sentence, never 500, and writes nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from core.performance.models import Correction, MonthlyResult
from tests.conftest import in_city, login
from tests.core.performance.conftest import APRIL, complete_march
from tests.core.performance.test_close_period import _close


@pytest.fixture
def closed_march(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    _close(work)
    return work


@pytest.mark.parametrize(
    ("_case", "body"),
    [
        ("entry that does not exist", {"kind": "activity", "entry": 987654321}),
        ("entry beyond bigint", {"kind": "activity", "entry": 10**30}),
    ],
)
def test_corrections_of_a_missing_entry_are_404_and_change_nothing(closed_march, _case, body):
    work = closed_march
    client = login(work.city, work.cityadmin)
    payload = {"reason": "Koreksi uji", "employee": work.budi.employee.pk, **body}
    response = client.post("/api/v1/work/corrections/", payload, content_type="application/json")
    assert response.status_code == 404, response.content
    with in_city(work.city):
        assert Correction.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "body", "field"),
    [
        ("behaviour without levels", {"kind": "behaviour", "year": 2026, "month": 3}, None),
        (
            "behaviour with missing values",
            {
                "kind": "behaviour",
                "year": 2026,
                "month": 3,
                "levels": {"berorientasi_pelayanan": "sesuai"},
            },
            None,
        ),
        ("attendance without a day", {"kind": "attendance", "attendance_status": "alpa"}, None),
    ],
)
def test_malformed_corrections_are_400_and_change_nothing(closed_march, _case, body, field):
    work = closed_march
    client = login(work.city, work.cityadmin)
    payload = {"reason": "Koreksi uji", "employee": work.budi.employee.pk, **body}
    response = client.post("/api/v1/work/corrections/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["message"]
    with in_city(work.city):
        assert Correction.objects.count() == 0


def test_payroll_export_neutralises_formulas_in_names(closed_march):
    work = closed_march
    from core.people.models import Employee

    with in_city(work.city):
        Employee.objects.filter(pk=work.budi.employee.pk).update(name="@SUM(A1:A9)")
        assert MonthlyResult.objects.filter(employee=work.budi.employee).exists()
    client = login(work.city, work.cityadmin)
    text = client.get(f"/work/periods/2026/3/payroll.csv?opd={work.opd.pk}").content.decode(
        "utf-8-sig"
    )
    assert ",'@SUM(A1:A9)," in text
    xlsx = client.get(f"/work/periods/2026/3/payroll.xlsx?opd={work.opd.pk}").content
    names = [
        row[1] for row in load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True)
    ]
    assert "'@SUM(A1:A9)" in names


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?month=13",
        "?year=99999999999999999999",
        "?year=²",
        "?day=abc",
        "?day=2026-02-30",
    ],
)
def test_activity_list_refuses_bad_query_parameters_with_400(work, query):
    client = login(work.city, work.budi)
    response = client.get(f"/api/v1/work/activities/{query}")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize("query", ["?year=abc", "?employee=²", "?opd=abc"])
def test_pages_ignore_bad_query_parameters(work, query):
    client = login(work.city, work.cityadmin)
    for path in ("/work/me/", "/work/statement/2026/3/", "/talent/grid/"):
        response = client.get(path + query)
        assert response.status_code < 500, (path, query)
