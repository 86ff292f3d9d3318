"""A revenue officer imports the month's realisation file and reads the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from core.accounts.roles import Role
from core.actors import Actor

pytestmark = pytest.mark.browser

NIP = "199406302019031004"


def _set_up(browser_city):
    """Bapenda with one officer of PBB-P2; the year's PBB-P2 target is Rp1,2 M (even)."""
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee
    from core.revenue.models import RevenueSource
    from core.revenue.services import adopt_revenue_sources, assign_officer, set_target

    user = browser_city.make_user(Role.ASN, NIP, "Rizky Ramadhan")
    with browser_city.committed():
        bapenda = OrgUnit.objects.create(
            name="Badan Pendapatan Daerah",
            code="BAPENDA",
            kind="opd",
            path="Badan Pendapatan Daerah",
        )
        bapenda.opd = bapenda
        bapenda.save(update_fields=["opd"])
        position = Position.objects.create(name="Analis Pajak Daerah", org_unit=bapenda)
        employee = Employee.objects.create(
            nip=NIP, name="Rizky Ramadhan", asn_type="PNS", user=user
        )
        Assignment.objects.create(employee=employee, position=position, starts_on=date(2020, 1, 1))
        adopt_revenue_sources(
            [
                {"code": "PBB-P2", "name": "PBB-P2", "group": "pajak", "opd_code": "BAPENDA"},
                {"code": "BPHTB", "name": "BPHTB", "group": "pajak", "opd_code": "BAPENDA"},
            ],
            version=1,
            actor=Actor.system("tests"),
        )
        source = RevenueSource.objects.get(code="PBB-P2")
        assign_officer(source, employee.pk, actor=Actor.system("tests"))
        set_target(
            source, timezone.localdate().year, actor=Actor.system("tests"), apbd=1_200_000_000
        )
    return user


def test_officer_imports_realisation_and_sees_the_dashboard(
    page, browser_city, tmp_path, screenshot
):
    user = _set_up(browser_city)
    year = timezone.localdate().year
    last_month = max(timezone.localdate().month - 1, 1)
    wrong = tmp_path / "salah.csv"
    wrong.write_text("kode_sumber,bulan,jumlah\nPBB-P2,1,100000000\nBPHTB,1,5\n")
    good = tmp_path / "realisasi.csv"
    good.write_text(
        "kode_sumber;bulan;jumlah\n"
        + "".join(f"PBB-P2;{m};80.000.000\n" for m in range(1, last_month + 1))
    )

    browser_city.login(page, user)
    page.goto(browser_city.url("/revenue/import/"))
    page.fill("#id_year", str(year))

    # A file with a row the officer is not responsible for: nothing is imported.
    page.set_input_files("#id_file", str(wrong))
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    report = page.locator("#import-report")
    report.wait_for()
    assert "BPHTB" not in report.inner_text()
    assert report.locator("tbody tr").count() == 1
    assert report.locator("tbody tr td").first.inner_text() == "3"

    page.set_input_files("#id_file", str(good))
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.locator("#import-report .msg-success").wait_for()

    page.goto(browser_city.url(f"/revenue/?year={year}&through={last_month}"))
    expected = f"Rp{80_000_000 * last_month:,}".replace(",", ".")
    assert page.locator("#ytd-actual").inner_text() == expected
    assert page.locator("svg.chart rect").count() == 36
    assert page.locator("#projection-method").is_visible()
    assert "PBB-P2" in page.locator("#sources-table").inner_text()
    assert "BPHTB" not in page.locator("#sources-table").inner_text()  # not his source
    screenshot("dashboard")
