"""The payroll API's `?format=xlsx`: DRF reserves `format`, and used to answer 404."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from core.accounts.services import issue_token
from core.performance.models import Period
from tests.conftest import client_for, in_city, login
from tests.core.performance.conftest import APRIL, complete_march


def _closed_march(work, frozen_clock):
    complete_march(work)
    frozen_clock.move_to(APRIL)
    admin = login(work.city, work.cityadmin)
    seen = admin.get("/api/v1/work/periods/2026/3/preview/").json()["fingerprint"]
    form = {"confirm": "2026-03", "seen": seen}
    assert admin.post("/work/periods/2026/3/close/", form).status_code == 302
    with in_city(work.city):
        assert Period.objects.get(year=2026, month=3).is_closed
    with in_city(work.city):
        return issue_token(work.cityadmin)


def test_format_xlsx_returns_a_workbook(work, frozen_clock):
    key = _closed_march(work, frozen_clock)
    response = client_for(work.city).get(
        f"/api/v1/work/periods/2026/3/payroll/?format=xlsx&opd={work.opd.pk}",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_row == 5


def test_csv_stays_the_default_and_format_csv_works(work, frozen_clock):
    key = _closed_march(work, frozen_clock)
    for query in ("", "&format=csv"):
        response = client_for(work.city).get(
            f"/api/v1/work/periods/2026/3/payroll/?opd={work.opd.pk}{query}",
            HTTP_AUTHORIZATION=f"Token {key}",
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")


def test_format_json_still_chooses_the_json_renderer(work, frozen_clock):
    key = _closed_march(work, frozen_clock)
    response = client_for(work.city).get(
        "/api/v1/me/?format=json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_an_unknown_format_on_an_open_month_is_still_404(work, frozen_clock):
    with in_city(work.city):
        key = issue_token(work.cityadmin)
    response = client_for(work.city).get(
        "/api/v1/work/periods/2026/3/payroll/?format=xlsx", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 404
