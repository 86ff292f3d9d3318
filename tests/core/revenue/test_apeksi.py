"""APEKSI's anonymised comparison across cities, on the root domain."""

from __future__ import annotations

import pytest

from core.accounts.roles import Role
from core.revenue import rules
from core.revenue.services import import_realisation, set_target
from onboarding.services.metrics import refresh_city_metrics
from tests.conftest import client_for, in_city, login
from tests.core.revenue.conftest import SECTION, YEAR, import_rows, use_section


@pytest.fixture
def two_cities(pad, jambi, make_user):
    """Surabaya at 75 % of PBB-P2 to date, Jambi at 125 %."""
    with in_city(pad.city):
        set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=1200)
    import_rows(pad, YEAR, [("PBB-P2", m, 75) for m in (1, 2, 3)])
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi", "Admin Jambi")
    with in_city(jambi):
        use_section(SECTION)
        from core.revenue.models import RevenueSource

        set_target(RevenueSource.objects.get(code="PBB-P2"), YEAR, actor=admin, apbd=2400)
        rows = [{"kode_sumber": "PBB-P2", "bulan": str(m), "jumlah": "250"} for m in (1, 2, 3)]
        assert import_realisation(
            ["kode_sumber", "bulan", "jumlah"], rows, actor=admin, year=YEAR
        ).ok
    refresh_city_metrics(cities=[pad.city, jambi])  # the hourly copy into the metrics table
    return pad, jambi


def test_hidden_below_five_contributing_cities(two_cities, operator):
    response = login(None, operator).get(f"/revenue/?year={YEAR}&through=3")
    assert response.status_code == 200
    [row] = [r for r in response.context["rows"] if r.code == "PBB-P2"]
    assert (row.comparison.cities, row.comparison.shown, row.comparison.median) == (2, False, None)
    body = response.content.decode()
    assert "Kurang dari 5 kota: tidak ditampilkan." in body  # "Fewer than 5 cities: ..."
    assert "Surabaya" not in body and "Jambi" not in body
    api = login(None, operator).get(f"/revenue/api/v1/comparison/?year={YEAR}&through=3").json()
    [source] = [s for s in api["sources"] if s["code"] == "PBB-P2"]
    assert (source["shown"], source["median_pct"]) == (False, None)


def test_reads_the_metrics_table_not_the_city_schemas(two_cities, operator):
    """One query on the platform's table: no statement names a city schema."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onboarding import revenue_comparison

    pad, jambi = two_cities
    with CaptureQueriesContext(connection) as queries:
        rows = revenue_comparison.compare(YEAR, 3)
    assert [r.comparison.cities for r in rows if r.code == "PBB-P2"] == [2]
    statements = [q["sql"] for q in queries if not q["sql"].startswith("SET search_path")]
    assert len(statements) == 1
    assert pad.city.schema_name not in statements[0] and jambi.schema_name not in statements[0]


def test_shown_with_enough_cities(two_cities, operator, monkeypatch):
    monkeypatch.setattr(rules, "MIN_CONTRIBUTING_CITIES", 2)
    response = login(None, operator).get(f"/revenue/?year={YEAR}&through=3")
    [row] = [r for r in response.context["rows"] if r.code == "PBB-P2"]
    assert row.comparison.shown
    assert str(row.comparison.median) == "100.00"  # the middle of 75 % and 125 %
    assert "Surabaya" not in response.content.decode()


def test_only_platform_operators(two_cities, trainer):
    assert login(None, trainer).get("/revenue/").status_code == 403
    assert login(None, trainer).get("/revenue/api/v1/comparison/").status_code == 403
    response = client_for(None).get("/revenue/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
